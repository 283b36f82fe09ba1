"""Block Kit hard limits, as pure checks.

Each public function returns a list of error strings shaped like Slack's own
(`"[ERROR] must be less than 51 items [json-pointer:/blocks]"`); an empty list means valid.
Limits follow Slack's Block Kit reference pages (the same numbers python-slack-sdk enforces).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Literal

Surface = Literal["message", "modal", "home"]

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
MAX_MODAL_TITLE = 24
MAX_PRIVATE_METADATA = 3000
MAX_ID = 255
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELDS = 10
MAX_SECTION_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_URL = 3000
MAX_SELECT_OPTIONS = 100
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_OPTION_DESCRIPTION = 75
MAX_PLACEHOLDER = 150
MAX_INPUT_LENGTH = 3000
MAX_LABEL = 2000
MAX_ALT_TEXT = 2000
MAX_OVERFLOW_OPTIONS = 5
MAX_CHOICE_OPTIONS = 10
MAX_MARKDOWN_BLOCK_TEXT = 12_000

BLOCK_TYPES = frozenset(
    {
        "section",
        "divider",
        "image",
        "actions",
        "context",
        "input",
        "header",
        "rich_text",
        "video",
        "file",
        "markdown",
    }
)
ELEMENT_TYPES = frozenset(
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
        "datepicker",
        "timepicker",
        "datetimepicker",
        "checkboxes",
        "radio_buttons",
        "overflow",
        "plain_text_input",
        "number_input",
        "email_text_input",
        "url_text_input",
        "image",
        "rich_text_input",
    }
)
# Elements that only make sense inside an input block (Slack refuses them elsewhere).
INPUT_ONLY_ELEMENTS = frozenset(
    {"plain_text_input", "number_input", "email_text_input", "url_text_input", "rich_text_input"}
)
SELECTS_WITH_PLACEHOLDER = frozenset(
    {
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
        "datepicker",
        "timepicker",
    }
)
BUTTON_STYLES = frozenset({"primary", "danger"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def error(message: str, pointer: str) -> str:
    """One error string in Slack's format."""
    return f"[ERROR] {message} [json-pointer:{pointer}]"


# --- text objects -----------------------------------------------------------------------------


def check_text_object(
    obj: Any, pointer: str, *, plain_only: bool = False, max_length: int | None = None
) -> list[str]:
    """A text object: `{type: plain_text|mrkdwn, text: non-empty}`, plain_text where required."""
    if not isinstance(obj, Mapping):
        return [error("must be a text object", pointer)]
    kind = obj.get("type")
    allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    errors: list[str] = []
    if kind not in allowed:
        errors.append(error(f"must be one of {', '.join(allowed)}", f"{pointer}/type"))
    text = obj.get("text")
    if not isinstance(text, str):
        errors.append(error("missing required field: text", f"{pointer}/text"))
    elif not text:
        errors.append(error("must be more than 0 characters", f"{pointer}/text"))
    elif max_length is not None and len(text) > max_length:
        errors.append(error(f"must be less than {max_length + 1} characters", f"{pointer}/text"))
    if "emoji" in obj and kind == "mrkdwn":
        errors.append(error("emoji is only allowed on plain_text", f"{pointer}/emoji"))
    return errors


def _optional_text(
    obj: Mapping[str, Any], key: str, pointer: str, *, plain_only: bool, max_length: int
) -> list[str]:
    if key not in obj or obj[key] is None:
        return []
    return check_text_object(
        obj[key], f"{pointer}/{key}", plain_only=plain_only, max_length=max_length
    )


def _required_text(
    obj: Mapping[str, Any], key: str, pointer: str, *, plain_only: bool, max_length: int
) -> list[str]:
    if obj.get(key) is None:
        return [error(f"missing required field: {key}", pointer)]
    return check_text_object(
        obj[key], f"{pointer}/{key}", plain_only=plain_only, max_length=max_length
    )


def _max_string(obj: Mapping[str, Any], key: str, pointer: str, limit: int) -> list[str]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, str):
        return [error("must be a string", f"{pointer}/{key}")]
    if len(value) > limit:
        return [error(f"must be less than {limit + 1} characters", f"{pointer}/{key}")]
    return []


def _list_field(
    obj: Mapping[str, Any], key: str, pointer: str, *, max_items: int, required: bool = True
) -> tuple[list[Any], list[str]]:
    value = obj.get(key)
    if value is None:
        return [], [error(f"missing required field: {key}", pointer)] if required else []
    if not isinstance(value, list):
        return [], [error("must be an array", f"{pointer}/{key}")]
    if not value and required:
        return [], [error("must provide at least 1 item", f"{pointer}/{key}")]
    if len(value) > max_items:
        return value, [error(f"must be less than {max_items + 1} items", f"{pointer}/{key}")]
    return value, []


# --- options and elements ---------------------------------------------------------------------


def check_option(option: Any, pointer: str, *, plain_only: bool = True) -> list[str]:
    """An option object: text ≤75 (plain_text in selects), value ≤150, description ≤75."""
    if not isinstance(option, Mapping):
        return [error("must be an option object", pointer)]
    errors = _required_text(
        option, "text", pointer, plain_only=plain_only, max_length=MAX_OPTION_TEXT
    )
    value = option.get("value")
    if value is None and "url" not in option:
        errors.append(error("missing required field: value", pointer))
    errors += _max_string(option, "value", pointer, MAX_OPTION_VALUE)
    errors += _optional_text(
        option, "description", pointer, plain_only=plain_only, max_length=MAX_OPTION_DESCRIPTION
    )
    errors += _max_string(option, "url", pointer, MAX_URL)
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
        groups, errors = _list_field(element, "option_groups", pointer, max_items=max_items)
        flat: list[Any] = []
        for index, group in enumerate(groups):
            where = f"{pointer}/option_groups/{index}"
            if not isinstance(group, Mapping):
                errors.append(error("must be an option group object", where))
                continue
            errors += _required_text(
                group, "label", where, plain_only=True, max_length=MAX_OPTION_TEXT
            )
            options, option_errors = _list_field(group, "options", where, max_items=max_items)
            errors += option_errors
            for option_index, option in enumerate(options):
                errors += check_option(option, f"{where}/options/{option_index}")
            flat += options
        return flat, errors
    options, errors = _list_field(element, "options", pointer, max_items=max_items)
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
    errors = _required_text(element, "text", pointer, plain_only=True, max_length=MAX_BUTTON_TEXT)
    errors += _max_string(element, "value", pointer, MAX_BUTTON_VALUE)
    errors += _max_string(element, "url", pointer, MAX_URL)
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


def _check_image_element(element: Mapping[str, Any], pointer: str) -> list[str]:
    errors: list[str] = []
    if element.get("image_url") is None and element.get("slack_file") is None:
        errors.append(error("missing required field: image_url", pointer))
    errors += _max_string(element, "image_url", pointer, MAX_URL)
    if not isinstance(element.get("alt_text"), str) or not element.get("alt_text"):
        errors.append(error("missing required field: alt_text", pointer))
    errors += _max_string(element, "alt_text", pointer, MAX_ALT_TEXT)
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
    "image": _check_image_element,
}


def check_element(element: Any, pointer: str) -> list[str]:
    """One block element (button, select, input, ...)."""
    if not isinstance(element, Mapping):
        return [error("must be an element object", pointer)]
    kind = element.get("type")
    if kind not in ELEMENT_TYPES:
        return [error(f"unsupported element type: {kind!r}", f"{pointer}/type")]
    errors = _max_string(element, "action_id", pointer, MAX_ID)
    if kind in SELECTS_WITH_PLACEHOLDER or kind in INPUT_ONLY_ELEMENTS:
        errors += _optional_text(
            element, "placeholder", pointer, plain_only=True, max_length=MAX_PLACEHOLDER
        )
    check = _ELEMENT_CHECKS.get(str(kind))
    if check is not None:
        errors += check(element, pointer)
    return errors


def _duplicate_action_ids(elements: list[Any], pointer: str) -> list[str]:
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


# --- blocks -----------------------------------------------------------------------------------


def _check_section(block: Mapping[str, Any], pointer: str) -> list[str]:
    errors: list[str] = []
    if block.get("text") is None and block.get("fields") is None:
        return [error("section must have text or fields", pointer)]
    errors += _optional_text(block, "text", pointer, plain_only=False, max_length=MAX_SECTION_TEXT)
    fields, field_errors = _list_field(
        block, "fields", pointer, max_items=MAX_SECTION_FIELDS, required=False
    )
    errors += field_errors
    for index, item in enumerate(fields):
        errors += check_text_object(
            item, f"{pointer}/fields/{index}", max_length=MAX_SECTION_FIELD_TEXT
        )
    accessory = block.get("accessory")
    if accessory is not None:
        errors += _check_interactive(accessory, f"{pointer}/accessory")
    return errors


def _check_interactive(element: Any, pointer: str) -> list[str]:
    if isinstance(element, Mapping) and element.get("type") in INPUT_ONLY_ELEMENTS:
        return [
            error(f"{element.get('type')} is only allowed in an input block", f"{pointer}/type")
        ]
    return check_element(element, pointer)


def _check_actions(block: Mapping[str, Any], pointer: str) -> list[str]:
    elements, errors = _list_field(block, "elements", pointer, max_items=MAX_ACTIONS_ELEMENTS)
    for index, element in enumerate(elements):
        errors += _check_interactive(element, f"{pointer}/elements/{index}")
    return errors + _duplicate_action_ids(elements, f"{pointer}/elements")


def _check_context(block: Mapping[str, Any], pointer: str) -> list[str]:
    elements, errors = _list_field(block, "elements", pointer, max_items=MAX_CONTEXT_ELEMENTS)
    for index, element in enumerate(elements):
        where = f"{pointer}/elements/{index}"
        if isinstance(element, Mapping) and element.get("type") == "image":
            errors += _check_image_element(element, where)
        else:
            errors += check_text_object(element, where)
    return errors


def _check_input(block: Mapping[str, Any], pointer: str) -> list[str]:
    errors = _required_text(block, "label", pointer, plain_only=True, max_length=MAX_LABEL)
    errors += _optional_text(block, "hint", pointer, plain_only=True, max_length=MAX_LABEL)
    element = block.get("element")
    if element is None:
        errors.append(error("missing required field: element", pointer))
    elif isinstance(element, list):
        errors.append(error("input block takes exactly one element", f"{pointer}/element"))
    else:
        errors += check_element(element, f"{pointer}/element")
    return errors


def _check_header(block: Mapping[str, Any], pointer: str) -> list[str]:
    return _required_text(block, "text", pointer, plain_only=True, max_length=MAX_HEADER_TEXT)


def _check_image_block(block: Mapping[str, Any], pointer: str) -> list[str]:
    errors = _check_image_element(block, pointer)
    return errors + _optional_text(
        block, "title", pointer, plain_only=True, max_length=MAX_ALT_TEXT
    )


def _check_rich_text(block: Mapping[str, Any], pointer: str) -> list[str]:
    if not isinstance(block.get("elements"), list):
        return [error("missing required field: elements", pointer)]
    return []


def _check_video(block: Mapping[str, Any], pointer: str) -> list[str]:
    errors = [
        error(f"missing required field: {key}", pointer)
        for key in ("alt_text", "thumbnail_url", "video_url")
        if not block.get(key)
    ]
    return errors + _required_text(block, "title", pointer, plain_only=True, max_length=200)


def _check_file(block: Mapping[str, Any], pointer: str) -> list[str]:
    return [
        error(f"missing required field: {key}", pointer)
        for key in ("external_id", "source")
        if not block.get(key)
    ]


def _check_markdown(block: Mapping[str, Any], pointer: str) -> list[str]:
    text = block.get("text")
    if not isinstance(text, str) or not text:
        return [error("missing required field: text", pointer)]
    if len(text) > MAX_MARKDOWN_BLOCK_TEXT:
        return [error("must be less than 12001 characters", f"{pointer}/text")]
    return []


_BLOCK_CHECKS: dict[str, Callable[[Mapping[str, Any], str], list[str]]] = {
    "section": _check_section,
    "actions": _check_actions,
    "context": _check_context,
    "input": _check_input,
    "header": _check_header,
    "image": _check_image_block,
    "rich_text": _check_rich_text,
    "video": _check_video,
    "file": _check_file,
    "markdown": _check_markdown,
}


def check_block(block: Any, pointer: str) -> list[str]:
    """One block of any known type."""
    if not isinstance(block, Mapping):
        return [error("must be a block object", pointer)]
    kind = block.get("type")
    if kind not in BLOCK_TYPES:
        return [error(f"unsupported block type: {kind!r}", f"{pointer}/type")]
    errors = _max_string(block, "block_id", pointer, MAX_ID)
    check = _BLOCK_CHECKS.get(str(kind))
    if check is not None:
        errors += check(block, pointer)
    return errors


def check_blocks(
    blocks: Any, *, surface: Surface = "message", pointer: str = "/blocks"
) -> list[str]:
    """A blocks array for a message (≤50 blocks) or a modal/Home view (≤100 blocks)."""
    if not isinstance(blocks, list):
        return [error("must be an array", pointer)]
    limit = MAX_MESSAGE_BLOCKS if surface == "message" else MAX_VIEW_BLOCKS
    errors: list[str] = []
    if len(blocks) > limit:
        errors.append(error(f"must be less than {limit + 1} items", pointer))
    seen: set[str] = set()
    for index, block in enumerate(blocks):
        errors += check_block(block, f"{pointer}/{index}")
        block_id = block.get("block_id") if isinstance(block, Mapping) else None
        if isinstance(block_id, str):
            if block_id in seen:
                errors.append(
                    error(f"duplicate block_id: {block_id}", f"{pointer}/{index}/block_id")
                )
            seen.add(block_id)
    return errors


# --- views ------------------------------------------------------------------------------------


def check_view(view: Any, *, expected_type: Literal["modal", "home"] | None = None) -> list[str]:
    """A modal or Home tab view: type, title/submit/close, ids, private_metadata, blocks."""
    if not isinstance(view, Mapping):
        return [error("must be a view object", "/view")]
    kind = view.get("type")
    allowed = (expected_type,) if expected_type else ("modal", "home")
    if kind not in allowed:
        return [error(f"must be one of {', '.join(allowed)}", "/view/type")]
    errors: list[str] = []
    if kind == "modal":
        errors += _required_text(
            view, "title", "/view", plain_only=True, max_length=MAX_MODAL_TITLE
        )
        for key in ("submit", "close"):
            errors += _optional_text(
                view, key, "/view", plain_only=True, max_length=MAX_MODAL_TITLE
            )
        blocks = view.get("blocks")
        has_input = isinstance(blocks, list) and any(
            isinstance(block, Mapping) and block.get("type") == "input" for block in blocks
        )
        if has_input and view.get("submit") is None:
            errors.append(error("submit is required when the view has input blocks", "/view"))
    errors += _max_string(view, "private_metadata", "/view", MAX_PRIVATE_METADATA)
    errors += _max_string(view, "callback_id", "/view", MAX_ID)
    errors += _max_string(view, "external_id", "/view", MAX_ID)
    if view.get("blocks") is None:
        errors.append(error("missing required field: blocks", "/view"))
    else:
        surface: Surface = "modal" if kind == "modal" else "home"
        errors += check_blocks(view["blocks"], surface=surface, pointer="/view/blocks")
    return errors
