"""Block Kit as readable terminal text, for `mentorbot shell`.

Pure functions: a message, modal or Home view in; lines and the numbered controls (buttons, menus)
out. Mentions become @name, links "label (url)", and &lt; &gt; &amp; are unescaped for display.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

DIVIDER = "-" * 40
INTERACTIVE = frozenset(
    {
        "button",
        "static_select",
        "multi_static_select",
        "external_select",
        "multi_external_select",
        "users_select",
        "multi_users_select",
        "conversations_select",
        "multi_conversations_select",
        "channels_select",
        "multi_channels_select",
        "overflow",
        "datepicker",
        "timepicker",
        "datetimepicker",
        "checkboxes",
        "radio_buttons",
    }
)

_SPECIAL = re.compile(r"<([^<>]*)>")


@dataclass(frozen=True)
class Line:
    """One line of output; `kind` lets the shell colour it (header, text, context, control...)."""

    text: str
    kind: str = "text"


@dataclass(frozen=True)
class Control:
    """A clickable element as it was sent, with the block it sits in."""

    number: int
    label: str
    element: dict[str, Any]
    block_id: str


@dataclass
class Rendered:
    lines: list[Line] = field(default_factory=list)
    controls: list[Control] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def extend(self, other: Rendered) -> None:
        self.lines.extend(other.lines)
        self.controls.extend(other.controls)


# --- text -----------------------------------------------------------------------------------


def unescape(text: str) -> str:
    """Slack's three HTML entities, back to characters (&amp; last so &amp;lt; stays &lt;)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def display_text(text: str, names: Mapping[str, str] | None = None) -> str:
    """mrkdwn or plain text as a person would read it in Slack."""
    known = names or {}
    return unescape(_SPECIAL.sub(lambda match: _special(match.group(1), known), text))


def _special(inner: str, names: Mapping[str, str]) -> str:
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return "@" + (names.get(target[1:]) or label or target[1:])
    if target.startswith("#"):
        return "#" + (label or names.get(target[1:]) or target[1:])
    if target.startswith("!subteam^"):
        return label or "@group"
    if target.startswith("!date^"):
        return label or "a date"
    if target.startswith("!"):
        return "@" + target[1:]
    if label:
        return f"{label} ({target})"
    return target


def _plain(obj: Any, names: Mapping[str, str]) -> str:
    """The text of a text object (plain_text or mrkdwn), or "" when there is none."""
    if isinstance(obj, dict):
        return display_text(str(obj.get("text", "")), names)
    return ""


def option_label(option: Mapping[str, Any], names: Mapping[str, str] | None = None) -> str:
    return _plain(option.get("text"), names or {})


def options_of(element: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every option of a menu, checkbox or radio group, flattening option groups."""
    options: list[dict[str, Any]] = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


# --- elements -------------------------------------------------------------------------------


def element_label(element: Mapping[str, Any], names: Mapping[str, str] | None = None) -> str:
    """How an interactive element reads on one line."""
    known = names or {}
    kind = str(element.get("type", ""))
    placeholder = _plain(element.get("placeholder"), known)
    if kind == "button":
        label = _plain(element.get("text"), known)
        return f"{label} ({element['url']})" if element.get("url") else label
    if kind in ("static_select", "multi_static_select", "overflow", "radio_buttons", "checkboxes"):
        choices = " / ".join(option_label(o, known) for o in options_of(element))
        chosen = _chosen(element, known)
        title = placeholder or ("more" if kind == "overflow" else "choose")
        return f"{title} ▾ ({choices})" + (f" = {chosen}" if chosen else "")
    if kind == "datepicker":
        return f"{placeholder or 'date'}: {element.get('initial_date') or 'YYYY-MM-DD'}"
    if kind == "timepicker":
        return f"{placeholder or 'time'}: {element.get('initial_time') or 'HH:MM'}"
    if kind == "datetimepicker":
        return f"{placeholder or 'date and time'}: {element.get('initial_date_time') or 'not set'}"
    if kind in ("users_select", "multi_users_select"):
        return f"{placeholder or 'pick a person'} ▾ (@name)"
    if kind.endswith(("conversations_select", "channels_select")):
        return f"{placeholder or 'pick a channel'} ▾ (#name)"
    return f"{placeholder or kind} ▾"


def _chosen(element: Mapping[str, Any], names: Mapping[str, str]) -> str:
    initial = element.get("initial_option")
    if isinstance(initial, dict):
        return option_label(initial, names)
    many = element.get("initial_options") or []
    return ", ".join(option_label(o, names) for o in many)


def input_description(element: Mapping[str, Any], names: Mapping[str, str] | None = None) -> str:
    """What an input block's element asks for, with its current value."""
    known = names or {}
    kind = str(element.get("type", ""))
    if kind in ("plain_text_input", "email_text_input", "url_text_input", "number_input"):
        shape = {
            "plain_text_input": "text" + (", several lines" if element.get("multiline") else ""),
            "email_text_input": "email",
            "url_text_input": "link",
            "number_input": "number",
        }[kind]
        initial = element.get("initial_value")
        value = f' = "{display_text(str(initial), known)}"' if initial else ""
        return f"[{shape}]{value}"
    if kind in INTERACTIVE:
        return element_label(element, known)
    if kind == "rich_text_input":
        return "[formatted text]"
    return f"[{kind}]"


# --- blocks ---------------------------------------------------------------------------------


class _Builder:
    def __init__(self, names: Mapping[str, str], first_number: int) -> None:
        self.names = names
        self.out = Rendered()
        self.next_number = first_number

    def line(self, text: str, kind: str = "text") -> None:
        for part in text.split("\n"):
            self.out.lines.append(Line(part, kind))

    def control(self, element: dict[str, Any], block_id: str) -> str:
        label = element_label(element, self.names)
        number = self.next_number
        self.next_number += 1
        self.out.controls.append(Control(number, label, element, block_id))
        return f"[{number}] {label}"


def _block_id(block: Mapping[str, Any], index: int) -> str:
    return str(block.get("block_id") or f"block-{index}")


def _header(b: _Builder, block: dict[str, Any], _index: int) -> None:
    b.line(f"== {_plain(block.get('text'), b.names)} ==", "header")


def _section(b: _Builder, block: dict[str, Any], index: int) -> None:
    if block.get("text"):
        b.line(_plain(block["text"], b.names))
    for item in block.get("fields") or []:
        b.line("  " + _plain(item, b.names).replace("\n", "\n  "))
    accessory = block.get("accessory")
    if isinstance(accessory, dict):
        if accessory.get("type") == "image":
            b.line(f"  [image: {accessory.get('alt_text', '')}]", "context")
        elif accessory.get("type") in INTERACTIVE:
            b.line("  " + b.control(accessory, _block_id(block, index)), "control")


def _context(b: _Builder, block: dict[str, Any], _index: int) -> None:
    parts = []
    for element in block.get("elements") or []:
        if element.get("type") == "image":
            parts.append(f"[{element.get('alt_text', 'image')}]")
        else:
            parts.append(_plain(element, b.names))
    b.line("  ".join(parts), "context")


def _divider(b: _Builder, _block: dict[str, Any], _index: int) -> None:
    b.line(DIVIDER, "divider")


def _actions(b: _Builder, block: dict[str, Any], index: int) -> None:
    labels = [
        b.control(element, _block_id(block, index))
        for element in block.get("elements") or []
        if element.get("type") in INTERACTIVE
    ]
    b.line("   ".join(labels), "control")


def _image(b: _Builder, block: dict[str, Any], _index: int) -> None:
    title = _plain(block.get("title"), b.names)
    alt = block.get("alt_text", "")
    b.line(f"[image: {title + ' - ' if title else ''}{alt}]", "context")


def _input(b: _Builder, block: dict[str, Any], _index: int) -> None:
    label = _plain(block.get("label"), b.names)
    optional = " (optional)" if block.get("optional") else ""
    element = block.get("element") or {}
    b.line(f"{label}{optional}: {input_description(element, b.names)}", "input")
    hint = _plain(block.get("hint"), b.names)
    if hint:
        b.line(f"  {hint}", "context")


def _rich_text(b: _Builder, block: dict[str, Any], _index: int) -> None:
    for element in block.get("elements") or []:
        b.line(rich_text_element(element, b.names))


def _markdown(b: _Builder, block: dict[str, Any], _index: int) -> None:
    b.line(display_text(str(block.get("text", "")), b.names))


def _file(b: _Builder, block: dict[str, Any], _index: int) -> None:
    b.line(f"[file {block.get('external_id', '')}]", "context")


def _video(b: _Builder, block: dict[str, Any], _index: int) -> None:
    b.line(f"[video: {_plain(block.get('title'), b.names)}]", "context")


_BLOCKS: dict[str, Callable[[_Builder, dict[str, Any], int], None]] = {
    "header": _header,
    "section": _section,
    "context": _context,
    "divider": _divider,
    "actions": _actions,
    "image": _image,
    "input": _input,
    "rich_text": _rich_text,
    "markdown": _markdown,
    "file": _file,
    "video": _video,
}


def rich_text_element(element: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """A rich_text section, list, quote or preformatted block as text."""
    kind = element.get("type")
    if kind == "rich_text_list":
        bullet = element.get("style") == "bullet"
        indent = "  " * int(element.get("indent", 0))
        items = [
            f"{indent}{'•' if bullet else f'{n}.'} {rich_text_element(item, names)}"
            for n, item in enumerate(element.get("elements") or [], start=1)
        ]
        return "\n".join(items)
    inline = "".join(_rich_inline(part, names) for part in element.get("elements") or [])
    if kind == "rich_text_quote":
        return "\n".join(f"> {line}" for line in inline.split("\n"))
    if kind == "rich_text_preformatted":
        return f"```\n{inline}\n```"
    return inline


def _rich_inline(part: Mapping[str, Any], names: Mapping[str, str]) -> str:
    kind = part.get("type")
    if kind == "text":
        text = str(part.get("text", ""))
        style = part.get("style") or {}
        if style.get("code"):
            return f"`{text}`"
        if style.get("bold"):
            return f"*{text}*"
        if style.get("italic"):
            return f"_{text}_"
        return text
    if kind == "user":
        return "@" + names.get(str(part.get("user_id")), str(part.get("user_id")))
    if kind == "channel":
        return "#" + names.get(str(part.get("channel_id")), str(part.get("channel_id")))
    if kind == "link":
        url = str(part.get("url", ""))
        return f"{part['text']} ({url})" if part.get("text") else url
    if kind == "emoji":
        return f":{part.get('name', '')}:"
    if kind == "broadcast":
        return f"@{part.get('range', 'here')}"
    if kind == "date":
        return str(part.get("fallback") or part.get("format") or "a date")
    return ""


def render_blocks(
    blocks: list[dict[str, Any]],
    names: Mapping[str, str] | None = None,
    *,
    first_number: int = 1,
) -> Rendered:
    """Blocks as lines; interactive elements are numbered from `first_number`."""
    builder = _Builder(names or {}, first_number)
    for index, block in enumerate(blocks):
        render = _BLOCKS.get(str(block.get("type")))
        if render is None:
            builder.line(f"[{block.get('type')} block]", "context")
        else:
            render(builder, block, index)
    return builder.out


def render_message(
    message: Mapping[str, Any],
    names: Mapping[str, str] | None = None,
    *,
    first_number: int = 1,
) -> Rendered:
    """A message (posted, ephemeral, a slash command's answer): its blocks, else its text."""
    blocks = message.get("blocks")
    if blocks:
        return render_blocks(list(blocks), names, first_number=first_number)
    rendered = Rendered()
    rendered.lines = [
        Line(part) for part in display_text(str(message.get("text", "")), names).split("\n")
    ]
    return rendered


def render_view(
    view: Mapping[str, Any],
    names: Mapping[str, str] | None = None,
    *,
    first_number: int = 1,
) -> Rendered:
    """A modal (title, blocks, submit and close) or a Home tab."""
    known = names or {}
    out = Rendered()
    if view.get("type") == "home":
        out.lines.append(Line("== App Home ==", "header"))
    else:
        out.lines.append(Line(f"[modal] {_plain(view.get('title'), known)}", "header"))
    out.extend(render_blocks(list(view.get("blocks") or []), known, first_number=first_number))
    if view.get("type") == "modal":
        buttons = [_plain(view.get("submit"), known), _plain(view.get("close"), known) or "Cancel"]
        out.lines.append(Line("   ".join(f"({b})" for b in buttons if b), "context"))
    return out
