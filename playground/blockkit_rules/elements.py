"""Block elements: buttons, selects and their options, inputs, pickers, images."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from playground.blockkit_rules.limits import (
    BUTTON_STYLES,
    ELEMENT_TYPES,
    INPUT_ONLY_ELEMENTS,
    MAX_ALT_TEXT,
    MAX_BUTTON_TEXT,
    MAX_BUTTON_VALUE,
    MAX_CHOICE_OPTIONS,
    MAX_ID,
    MAX_INPUT_LENGTH,
    MAX_OPTION_DESCRIPTION,
    MAX_OPTION_TEXT,
    MAX_OPTION_VALUE,
    MAX_OVERFLOW_OPTIONS,
    MAX_PLACEHOLDER,
    MAX_SELECT_OPTIONS,
    MAX_URL,
    SELECTS_WITH_PLACEHOLDER,
    error,
)
from playground.blockkit_rules.text import list_field, max_string, optional_text, required_text

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def check_option(option: Any, pointer: str, *, plain_only: bool = True) -> list[str]:
    """An option object: text ≤75 (plain_text in selects), value ≤150, description ≤75."""
    if not isinstance(option, Mapping):
        return [error("must be an option object", pointer)]
    errors = required_text(
        option, "text", pointer, plain_only=plain_only, max_length=MAX_OPTION_TEXT
    )
    value = option.get("value")
    if value is None and "url" not in option:
        errors.append(error("missing required field: value", pointer))
    errors += max_string(option, "value", pointer, MAX_OPTION_VALUE)
    errors += optional_text(
        option, "description", pointer, plain_only=plain_only, max_length=MAX_OPTION_DESCRIPTION
    )
    errors += max_string(option, "url", pointer, MAX_URL)
    return errors


def _option_key(option: Any) -> tuple[Any, Any]:
    if not isinstance(option, Mapping):
        return (None, None)
    text = option.get("text")
    return (option.get("value"), text.get("text") if isinstance(text, Mapping) else None)


def _check_options(
    element: Mapping[str, Any], pointer: str, *, max_items: int, plain_only: bool
) -> tuple[list[Any], list[str]]:
    """Options (or option_groups) of a choice element; returns the flat option list too."""
    if element.get("option_groups") is not None and element.get("options") is None:
        groups, errors = list_field(element, "option_groups", pointer, max_items=max_items)
        flat: list[Any] = []
        for index, group in enumerate(groups):
            where = f"{pointer}/option_groups/{index}"
            if not isinstance(group, Mapping):
                errors.append(error("must be an option group object", where))
                continue
            errors += required_text(
                group, "label", where, plain_only=True, max_length=MAX_OPTION_TEXT
            )
            options, option_errors = list_field(group, "options", where, max_items=max_items)
            errors += option_errors
            for option_index, option in enumerate(options):
                errors += check_option(option, f"{where}/options/{option_index}")
            flat += options
        return flat, errors
    options, errors = list_field(element, "options", pointer, max_items=max_items)
    for index, option in enumerate(options):
        errors += check_option(option, f"{pointer}/options/{index}", plain_only=plain_only)
    return options, errors


def _check_initial_options(
    element: Mapping[str, Any], options: list[Any], pointer: str
) -> list[str]:
    known = {_option_key(option) for option in options}
    errors: list[str] = []
    initial = element.get("initial_option")
    if initial is not None and _option_key(initial) not in known:
        errors.append(
            error(
                "initial_option must exactly match one of the options", f"{pointer}/initial_option"
            )
        )
    for index, option in enumerate(element.get("initial_options") or []):
        if _option_key(option) not in known:
            errors.append(
                error(
                    "initial_options must exactly match the options",
                    f"{pointer}/initial_options/{index}",
                )
            )
    return errors


def _check_button(element: Mapping[str, Any], pointer: str) -> list[str]:
    errors = required_text(element, "text", pointer, plain_only=True, max_length=MAX_BUTTON_TEXT)
    errors += max_string(element, "value", pointer, MAX_BUTTON_VALUE)
    errors += max_string(element, "url", pointer, MAX_URL)
    style = element.get("style")
    if style is not None and style not in BUTTON_STYLES:
        errors.append(error("must be one of primary, danger", f"{pointer}/style"))
    return errors


def _check_static_select(element: Mapping[str, Any], pointer: str) -> list[str]:
    options, errors = _check_options(
        element, pointer, max_items=MAX_SELECT_OPTIONS, plain_only=True
    )
    return errors + _check_initial_options(element, options, pointer)


def _check_choices(element: Mapping[str, Any], pointer: str) -> list[str]:
    options, errors = _check_options(
        element, pointer, max_items=MAX_CHOICE_OPTIONS, plain_only=False
    )
    return errors + _check_initial_options(element, options, pointer)


def _check_overflow(element: Mapping[str, Any], pointer: str) -> list[str]:
    _, errors = _check_options(element, pointer, max_items=MAX_OVERFLOW_OPTIONS, plain_only=True)
    return errors


def _check_plain_text_input(element: Mapping[str, Any], pointer: str) -> list[str]:
    errors: list[str] = []
    max_length = element.get("max_length")
    min_length = element.get("min_length")
    if max_length is not None and (
        not isinstance(max_length, int) or not 1 <= max_length <= MAX_INPUT_LENGTH
    ):
        errors.append(error("max_length must be between 1 and 3000", f"{pointer}/max_length"))
    if min_length is not None and (
        not isinstance(min_length, int) or not 0 <= min_length <= MAX_INPUT_LENGTH
    ):
        errors.append(error("min_length must be between 0 and 3000", f"{pointer}/min_length"))
    if isinstance(max_length, int) and isinstance(min_length, int) and min_length > max_length:
        errors.append(error("min_length must not exceed max_length", f"{pointer}/min_length"))
    initial = element.get("initial_value")
    if isinstance(initial, str) and isinstance(max_length, int) and len(initial) > max_length:
        errors.append(error("initial_value is longer than max_length", f"{pointer}/initial_value"))
    return errors


def _check_datepicker(element: Mapping[str, Any], pointer: str) -> list[str]:
    initial = element.get("initial_date")
    if initial is not None and not (isinstance(initial, str) and _DATE.match(initial)):
        return [error("initial_date must be YYYY-MM-DD", f"{pointer}/initial_date")]
    return []


def _check_timepicker(element: Mapping[str, Any], pointer: str) -> list[str]:
    initial = element.get("initial_time")
    if initial is not None and not (isinstance(initial, str) and _TIME.match(initial)):
        return [error("initial_time must be HH:mm", f"{pointer}/initial_time")]
    return []


def check_image_element(element: Mapping[str, Any], pointer: str) -> list[str]:
    errors: list[str] = []
    if element.get("image_url") is None and element.get("slack_file") is None:
        errors.append(error("missing required field: image_url", pointer))
    errors += max_string(element, "image_url", pointer, MAX_URL)
    if not isinstance(element.get("alt_text"), str) or not element.get("alt_text"):
        errors.append(error("missing required field: alt_text", pointer))
    errors += max_string(element, "alt_text", pointer, MAX_ALT_TEXT)
    return errors


_ELEMENT_CHECKS: dict[str, Callable[[Mapping[str, Any], str], list[str]]] = {
    "button": _check_button,
    "static_select": _check_static_select,
    "multi_static_select": _check_static_select,
    "checkboxes": _check_choices,
    "radio_buttons": _check_choices,
    "overflow": _check_overflow,
    "plain_text_input": _check_plain_text_input,
    "datepicker": _check_datepicker,
    "timepicker": _check_timepicker,
    "image": check_image_element,
}


def check_element(element: Any, pointer: str) -> list[str]:
    """One block element (button, select, input, ...)."""
    if not isinstance(element, Mapping):
        return [error("must be an element object", pointer)]
    kind = element.get("type")
    if kind not in ELEMENT_TYPES:
        return [error(f"unsupported element type: {kind!r}", f"{pointer}/type")]
    errors = max_string(element, "action_id", pointer, MAX_ID)
    if kind in SELECTS_WITH_PLACEHOLDER or kind in INPUT_ONLY_ELEMENTS:
        errors += optional_text(
            element, "placeholder", pointer, plain_only=True, max_length=MAX_PLACEHOLDER
        )
    check = _ELEMENT_CHECKS.get(str(kind))
    if check is not None:
        errors += check(element, pointer)
    return errors


def duplicate_action_ids(elements: list[Any], pointer: str) -> list[str]:
    seen: set[str] = set()
    errors: list[str] = []
    for index, element in enumerate(elements):
        action_id = element.get("action_id") if isinstance(element, Mapping) else None
        if not isinstance(action_id, str):
            continue
        if action_id in seen:
            errors.append(
                error(f"duplicate action_id: {action_id}", f"{pointer}/{index}/action_id")
            )
        seen.add(action_id)
    return errors
