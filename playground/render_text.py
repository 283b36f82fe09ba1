"""Slack's text as a person reads it: mrkdwn and plain text, an element on one line, rich text.

Mentions become @name, links "label (url)", and &lt; &gt; &amp; are unescaped for display.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from playground.blockkit_rules import INTERACTIVE_ELEMENTS

_SPECIAL = re.compile(r"<([^<>]*)>")


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


def plain(obj: Any, names: Mapping[str, str]) -> str:
    """The text of a text object (plain_text or mrkdwn), or "" when there is none."""
    if isinstance(obj, dict):
        return display_text(str(obj.get("text", "")), names)
    return ""


def option_label(option: Mapping[str, Any], names: Mapping[str, str] | None = None) -> str:
    return plain(option.get("text"), names or {})


def options_of(element: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every option of a menu, checkbox or radio group, flattening option groups."""
    options: list[dict[str, Any]] = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


def element_label(element: Mapping[str, Any], names: Mapping[str, str] | None = None) -> str:
    """How an interactive element reads on one line."""
    known = names or {}
    kind = str(element.get("type", ""))
    placeholder = plain(element.get("placeholder"), known)
    if kind == "button":
        label = plain(element.get("text"), known)
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
    if kind in INTERACTIVE_ELEMENTS:
        return element_label(element, known)
    if kind == "rich_text_input":
        return "[formatted text]"
    return f"[{kind}]"


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
