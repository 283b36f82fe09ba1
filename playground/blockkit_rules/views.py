"""Views: a modal (title, submit, close) or a Home tab, and the blocks in it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from playground.blockkit_rules.blocks import check_blocks
from playground.blockkit_rules.limits import (
    MAX_ID,
    MAX_MODAL_TITLE,
    MAX_PRIVATE_METADATA,
    Surface,
    error,
)
from playground.blockkit_rules.text import max_string, optional_text, required_text


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
        errors += required_text(view, "title", "/view", plain_only=True, max_length=MAX_MODAL_TITLE)
        for key in ("submit", "close"):
            errors += optional_text(view, key, "/view", plain_only=True, max_length=MAX_MODAL_TITLE)
        blocks = view.get("blocks")
        has_input = isinstance(blocks, list) and any(
            isinstance(block, Mapping) and block.get("type") == "input" for block in blocks
        )
        if has_input and view.get("submit") is None:
            errors.append(error("submit is required when the view has input blocks", "/view"))
    errors += max_string(view, "private_metadata", "/view", MAX_PRIVATE_METADATA)
    errors += max_string(view, "callback_id", "/view", MAX_ID)
    errors += max_string(view, "external_id", "/view", MAX_ID)
    if view.get("blocks") is None:
        errors.append(error("missing required field: blocks", "/view"))
    else:
        surface: Surface = "modal" if kind == "modal" else "home"
        errors += check_blocks(view["blocks"], surface=surface, pointer="/view/blocks")
    return errors
