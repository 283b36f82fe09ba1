"""Blocks, and the blocks array of a message, a modal or a Home tab."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from playground.blockkit_rules.elements import (
    check_element,
    check_image_element,
    duplicate_action_ids,
)
from playground.blockkit_rules.limits import (
    BLOCK_TYPES,
    INPUT_ONLY_ELEMENTS,
    MAX_ACTIONS_ELEMENTS,
    MAX_ALT_TEXT,
    MAX_CONTEXT_ELEMENTS,
    MAX_HEADER_TEXT,
    MAX_ID,
    MAX_LABEL,
    MAX_MARKDOWN_BLOCK_TEXT,
    MAX_MESSAGE_BLOCKS,
    MAX_SECTION_FIELD_TEXT,
    MAX_SECTION_FIELDS,
    MAX_SECTION_TEXT,
    MAX_VIEW_BLOCKS,
    Surface,
    error,
)
from playground.blockkit_rules.text import (
    check_text_object,
    list_field,
    max_string,
    optional_text,
    required_text,
)


def _check_section(block: Mapping[str, Any], pointer: str) -> list[str]:
    errors: list[str] = []
    if block.get("text") is None and block.get("fields") is None:
        return [error("section must have text or fields", pointer)]
    errors += optional_text(block, "text", pointer, plain_only=False, max_length=MAX_SECTION_TEXT)
    fields, field_errors = list_field(
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
    elements, errors = list_field(block, "elements", pointer, max_items=MAX_ACTIONS_ELEMENTS)
    for index, element in enumerate(elements):
        errors += _check_interactive(element, f"{pointer}/elements/{index}")
    return errors + duplicate_action_ids(elements, f"{pointer}/elements")


def _check_context(block: Mapping[str, Any], pointer: str) -> list[str]:
    elements, errors = list_field(block, "elements", pointer, max_items=MAX_CONTEXT_ELEMENTS)
    for index, element in enumerate(elements):
        where = f"{pointer}/elements/{index}"
        if isinstance(element, Mapping) and element.get("type") == "image":
            errors += check_image_element(element, where)
        else:
            errors += check_text_object(element, where)
    return errors


def _check_input(block: Mapping[str, Any], pointer: str) -> list[str]:
    errors = required_text(block, "label", pointer, plain_only=True, max_length=MAX_LABEL)
    errors += optional_text(block, "hint", pointer, plain_only=True, max_length=MAX_LABEL)
    element = block.get("element")
    if element is None:
        errors.append(error("missing required field: element", pointer))
    elif isinstance(element, list):
        errors.append(error("input block takes exactly one element", f"{pointer}/element"))
    else:
        errors += check_element(element, f"{pointer}/element")
    return errors


def _check_header(block: Mapping[str, Any], pointer: str) -> list[str]:
    return required_text(block, "text", pointer, plain_only=True, max_length=MAX_HEADER_TEXT)


def _check_image_block(block: Mapping[str, Any], pointer: str) -> list[str]:
    errors = check_image_element(block, pointer)
    return errors + optional_text(block, "title", pointer, plain_only=True, max_length=MAX_ALT_TEXT)


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
    return errors + required_text(block, "title", pointer, plain_only=True, max_length=200)


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
    errors = max_string(block, "block_id", pointer, MAX_ID)
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
