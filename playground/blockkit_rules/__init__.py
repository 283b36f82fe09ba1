"""Block Kit hard limits, as pure checks.

Each public function returns a list of error strings shaped like Slack's own
(`"[ERROR] must be less than 51 items [json-pointer:/blocks]"`); an empty list means valid.
Limits follow Slack's Block Kit reference pages (the same numbers python-slack-sdk enforces).

The rules by what they check: limits.py (the numbers and known types), text.py (text objects),
elements.py (buttons, selects, options, inputs), blocks.py (blocks and blocks arrays), views.py
(modals and the Home tab).
"""

from __future__ import annotations

from playground.blockkit_rules.blocks import check_block, check_blocks
from playground.blockkit_rules.elements import check_element, check_option
from playground.blockkit_rules.limits import (
    BLOCK_TYPES,
    ELEMENT_TYPES,
    INPUT_ONLY_ELEMENTS,
    INTERACTIVE_ELEMENTS,
    MAX_MESSAGE_TEXT,
    Surface,
    error,
)
from playground.blockkit_rules.text import check_text_object
from playground.blockkit_rules.views import check_view

__all__ = [
    "BLOCK_TYPES",
    "ELEMENT_TYPES",
    "INPUT_ONLY_ELEMENTS",
    "INTERACTIVE_ELEMENTS",
    "MAX_MESSAGE_TEXT",
    "Surface",
    "check_block",
    "check_blocks",
    "check_element",
    "check_option",
    "check_text_object",
    "check_view",
    "error",
]
