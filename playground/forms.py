"""Filling a modal's input blocks from typed answers, as the Slack client would.

Pure functions: the shell asks one question per input block, `parse_answer` turns the typed answer
into the value object Slack puts in `view.state.values` (or says in one line why it cannot), and the
client-side checks Slack itself makes (required fields, lengths, number bounds) happen here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from playground.render_text import display_text, option_label, options_of

CLEAR = "-"
PROMPT_VALUE_CHARS = 40
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class AnswerError(ValueError):
    """A typed answer the Slack client would not accept; the message is one line."""


@dataclass(frozen=True)
class Field:
    """One input block of a modal."""

    block_id: str
    action_id: str
    label: str
    optional: bool
    element: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.element.get("type", ""))


@dataclass(frozen=True)
class Directory:
    """Names the person types (@ana, #general) and the ids Slack would send."""

    users: Mapping[str, str]  # name -> user id
    channels: Mapping[str, str]  # name -> channel id


def fields_of(view: Mapping[str, Any]) -> list[Field]:
    """The input blocks of a modal, in order."""
    fields = []
    for index, block in enumerate(view.get("blocks") or []):
        if block.get("type") != "input":
            continue
        element = dict(block.get("element") or {})
        fields.append(
            Field(
                block_id=str(block.get("block_id") or f"block-{index}"),
                action_id=str(element.get("action_id") or f"action-{index}"),
                label=display_text(str((block.get("label") or {}).get("text", ""))),
                optional=bool(block.get("optional")),
                element=element,
            )
        )
    return fields


def question(field: Field) -> tuple[str, list[str]]:
    """The prompt for a field and the lines to show above it (numbered choices)."""
    element = field.element
    choices = [
        f"    {n}) {option_label(option)}" for n, option in enumerate(options_of(element), 1)
    ]
    shape = {
        "plain_text_input": "",
        "number_input": "a number",
        "email_text_input": "an email",
        "url_text_input": "a link",
        "datepicker": "YYYY-MM-DD",
        "timepicker": "HH:MM",
        "static_select": "a number",
        "radio_buttons": "a number",
        "multi_static_select": "numbers, comma separated",
        "checkboxes": "numbers, comma separated",
        "users_select": "@name",
        "multi_users_select": "@names, comma separated",
        "conversations_select": "#channel",
        "channels_select": "#channel",
    }.get(field.kind, field.kind)
    current = _current(field)
    notes = [note for note in (shape, "optional" if field.optional else "") if note]
    if current:
        notes.append(f"Enter keeps {current}")
    if field.optional or current:
        notes.append(f"'{CLEAR}' clears")
    suffix = f" ({'; '.join(notes)})" if notes else ""
    return f"{field.label}{suffix}: ", choices


def _current(field: Field) -> str:
    """What the field holds now, short enough for a prompt (a long draft shows its start)."""
    element = field.element
    for key in ("initial_value", "initial_date", "initial_time", "initial_user"):
        if element.get(key):
            return _short(str(element[key]))
    if isinstance(element.get("initial_option"), dict):
        return _short(option_label(element["initial_option"]))
    if element.get("initial_options"):
        return ", ".join(_short(option_label(o)) for o in element["initial_options"])
    return ""


def _short(text: str, limit: int = PROMPT_VALUE_CHARS) -> str:
    one_line = " ".join(text.split())
    return f'"{one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"}"'


def parse_answer(field: Field, answer: str, directory: Directory | None = None) -> dict[str, Any]:
    """The state value object for a typed answer; raises AnswerError with a one-line reason."""
    typed = answer.strip()
    value = _initial_value(field) if typed == "" else _typed_value(field, typed, directory)
    if typed == CLEAR:
        value = _empty_value(field)
    if not field.optional and _is_empty(value):
        raise AnswerError(f"'{field.label}' is required")
    return value


def _typed_value(field: Field, typed: str, directory: Directory | None) -> dict[str, Any]:
    if typed == CLEAR:
        return _empty_value(field)
    kind = field.kind
    if kind in ("plain_text_input", "email_text_input", "url_text_input", "number_input"):
        return {"type": kind, "value": _checked_text(field, typed.replace("\\n", "\n"))}
    if kind in ("static_select", "radio_buttons", "overflow"):
        return {"type": kind, "selected_option": _pick(field, typed)}
    if kind in ("multi_static_select", "checkboxes"):
        picked = [_pick(field, part) for part in typed.split(",") if part.strip()]
        limit = field.element.get("max_selected_items")
        if limit and len(picked) > int(limit):
            raise AnswerError(f"choose at most {limit}")
        return {"type": kind, "selected_options": picked}
    if kind == "datepicker":
        return {"type": kind, "selected_date": _checked_date(typed)}
    if kind == "timepicker":
        if not _TIME.match(typed):
            raise AnswerError("type a time as HH:MM, e.g. 09:30")
        return {"type": kind, "selected_time": typed}
    return _directory_value(field, typed, directory)


def _directory_value(field: Field, typed: str, directory: Directory | None) -> dict[str, Any]:
    known = directory or Directory({}, {})
    kind = field.kind
    if kind == "users_select":
        return {"type": kind, "selected_user": _lookup(known.users, typed, "@")}
    if kind == "multi_users_select":
        names = [part for part in typed.split(",") if part.strip()]
        return {"type": kind, "selected_users": [_lookup(known.users, n, "@") for n in names]}
    if kind == "conversations_select":
        return {"type": kind, "selected_conversation": _lookup(known.channels, typed, "#")}
    if kind == "channels_select":
        return {"type": kind, "selected_channel": _lookup(known.channels, typed, "#")}
    raise AnswerError(f"the playground cannot fill a {kind} field")


def _lookup(names: Mapping[str, str], typed: str, sigil: str) -> str:
    name = typed.strip().lstrip(sigil).lower()
    if name not in names:
        raise AnswerError(f"nobody called {sigil}{name} here")
    return names[name]


def _checked_text(field: Field, text: str) -> str:
    element = field.element
    kind = field.kind
    if kind == "number_input":
        try:
            number = float(text)
        except ValueError:
            raise AnswerError(f"'{text}' is not a number") from None
        if not element.get("is_decimal_allowed") and not number.is_integer():
            raise AnswerError("type a whole number")
        _check_bounds(element, number)
        return text
    if kind == "email_text_input" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise AnswerError(f"'{text}' is not an email address")
    if kind == "url_text_input" and not re.match(r"https?://\S+$", text):
        raise AnswerError(f"'{text}' is not a link (https://...)")
    low, high = element.get("min_length"), element.get("max_length")
    if low is not None and len(text) < int(low):
        raise AnswerError(f"type at least {low} characters")
    if high is not None and len(text) > int(high):
        raise AnswerError(f"type at most {high} characters (that was {len(text)})")
    return text


def _check_bounds(element: Mapping[str, Any], number: float) -> None:
    low, high = element.get("min_value"), element.get("max_value")
    if low is not None and number < float(low):
        raise AnswerError(f"type a number of at least {low}")
    if high is not None and number > float(high):
        raise AnswerError(f"type a number of at most {high}")


def _checked_date(typed: str) -> str:
    try:
        return date.fromisoformat(typed).isoformat()
    except ValueError:
        raise AnswerError(f"'{typed}' is not a date; type it as YYYY-MM-DD") from None


def _pick(field: Field, typed: str) -> dict[str, Any]:
    options = options_of(field.element)
    wanted = typed.strip()
    if wanted.isdigit() and 1 <= int(wanted) <= len(options):
        return options[int(wanted) - 1]
    for option in options:
        if option_label(option).lower() == wanted.lower():
            return option
    raise AnswerError(f"'{wanted}' is not one of the {len(options)} choices; type its number")


def _initial_value(field: Field) -> dict[str, Any]:
    element = field.element
    kind = field.kind
    value = _empty_value(field)
    if kind in ("plain_text_input", "email_text_input", "url_text_input", "number_input"):
        value["value"] = element.get("initial_value") or None
    elif kind in ("static_select", "radio_buttons"):
        value["selected_option"] = element.get("initial_option")
    elif kind in ("multi_static_select", "checkboxes"):
        value["selected_options"] = list(element.get("initial_options") or [])
    elif kind == "datepicker":
        value["selected_date"] = element.get("initial_date")
    elif kind == "timepicker":
        value["selected_time"] = element.get("initial_time")
    elif kind == "users_select":
        value["selected_user"] = element.get("initial_user")
    elif kind == "conversations_select":
        value["selected_conversation"] = element.get("initial_conversation")
    elif kind == "channels_select":
        value["selected_channel"] = element.get("initial_channel")
    return value


def _empty_value(field: Field) -> dict[str, Any]:
    key = {
        "plain_text_input": "value",
        "email_text_input": "value",
        "url_text_input": "value",
        "number_input": "value",
        "static_select": "selected_option",
        "radio_buttons": "selected_option",
        "overflow": "selected_option",
        "multi_static_select": "selected_options",
        "checkboxes": "selected_options",
        "datepicker": "selected_date",
        "timepicker": "selected_time",
        "users_select": "selected_user",
        "multi_users_select": "selected_users",
        "conversations_select": "selected_conversation",
        "channels_select": "selected_channel",
    }.get(field.kind, "value")
    empty: Any = [] if key.endswith(("options", "users")) else None
    return {"type": field.kind, key: empty}


def _is_empty(value: Mapping[str, Any]) -> bool:
    return all(item in (None, "", []) for key, item in value.items() if key != "type")


def state_values(answers: list[tuple[Field, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """view.state.values: block_id -> action_id -> value object."""
    values: dict[str, dict[str, Any]] = {}
    for field, value in answers:
        values.setdefault(field.block_id, {})[field.action_id] = value
    return values
