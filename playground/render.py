"""Block Kit as readable terminal text, for `mentorbot shell`.

Pure functions: a message, modal or Home view in; lines and the numbered controls (buttons, menus)
out. The text in them reads as render_text.py says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from playground.blockkit_rules import INTERACTIVE_ELEMENTS
from playground.render_text import (
    display_text,
    element_label,
    input_description,
    plain,
    rich_text_element,
)

DIVIDER = "-" * 40


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
    b.line(f"== {plain(block.get('text'), b.names)} ==", "header")


def _section(b: _Builder, block: dict[str, Any], index: int) -> None:
    if block.get("text"):
        b.line(plain(block["text"], b.names))
    for item in block.get("fields") or []:
        b.line("  " + plain(item, b.names).replace("\n", "\n  "))
    accessory = block.get("accessory")
    if isinstance(accessory, dict):
        if accessory.get("type") == "image":
            b.line(f"  [image: {accessory.get('alt_text', '')}]", "context")
        elif accessory.get("type") in INTERACTIVE_ELEMENTS:
            b.line("  " + b.control(accessory, _block_id(block, index)), "control")


def _context(b: _Builder, block: dict[str, Any], _index: int) -> None:
    parts = []
    for element in block.get("elements") or []:
        if element.get("type") == "image":
            parts.append(f"[{element.get('alt_text', 'image')}]")
        else:
            parts.append(plain(element, b.names))
    b.line("  ".join(parts), "context")


def _divider(b: _Builder, _block: dict[str, Any], _index: int) -> None:
    b.line(DIVIDER, "divider")


def _actions(b: _Builder, block: dict[str, Any], index: int) -> None:
    labels = [
        b.control(element, _block_id(block, index))
        for element in block.get("elements") or []
        if element.get("type") in INTERACTIVE_ELEMENTS
    ]
    b.line("   ".join(labels), "control")


def _image(b: _Builder, block: dict[str, Any], _index: int) -> None:
    title = plain(block.get("title"), b.names)
    alt = block.get("alt_text", "")
    b.line(f"[image: {title + ' - ' if title else ''}{alt}]", "context")


def _input(b: _Builder, block: dict[str, Any], _index: int) -> None:
    label = plain(block.get("label"), b.names)
    optional = " (optional)" if block.get("optional") else ""
    element = block.get("element") or {}
    b.line(f"{label}{optional}: {input_description(element, b.names)}", "input")
    hint = plain(block.get("hint"), b.names)
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
    b.line(f"[video: {plain(block.get('title'), b.names)}]", "context")


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
        out.lines.append(Line(f"[modal] {plain(view.get('title'), known)}", "header"))
    out.extend(render_blocks(list(view.get("blocks") or []), known, first_number=first_number))
    if view.get("type") == "modal":
        buttons = [plain(view.get("submit"), known), plain(view.get("close"), known) or "Cancel"]
        out.lines.append(Line("   ".join(f"({b})" for b in buttons if b), "context"))
    return out
