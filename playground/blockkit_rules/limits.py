"""Block Kit's hard limits and the types it knows, from Slack's Block Kit reference pages (the
same numbers python-slack-sdk enforces), and the shape of one error."""

from __future__ import annotations

from typing import Literal

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
# The menus: a placeholder is allowed on each, as on the date and time pickers.
_SELECTS = frozenset(
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
    }
)
SELECTS_WITH_PLACEHOLDER = _SELECTS | {"datepicker", "timepicker"}
# Elements that only make sense inside an input block (Slack refuses them elsewhere).
INPUT_ONLY_ELEMENTS = frozenset(
    {"plain_text_input", "number_input", "email_text_input", "url_text_input", "rich_text_input"}
)
# What a person clicks or chooses in a message, a modal or the Home tab.
INTERACTIVE_ELEMENTS = _SELECTS | {
    "button",
    "datepicker",
    "timepicker",
    "datetimepicker",
    "checkboxes",
    "radio_buttons",
    "overflow",
}
ELEMENT_TYPES = INTERACTIVE_ELEMENTS | INPUT_ONLY_ELEMENTS | {"image"}
BUTTON_STYLES = frozenset({"primary", "danger"})


def error(message: str, pointer: str) -> str:
    """One error string in Slack's format."""
    return f"[ERROR] {message} [json-pointer:{pointer}]"
