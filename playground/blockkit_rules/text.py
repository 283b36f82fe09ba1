"""Text objects, and the field checks every other rule is built from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground.blockkit_rules.limits import error


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


def optional_text(
    obj: Mapping[str, Any], key: str, pointer: str, *, plain_only: bool, max_length: int
) -> list[str]:
    if key not in obj or obj[key] is None:
        return []
    return check_text_object(
        obj[key], f"{pointer}/{key}", plain_only=plain_only, max_length=max_length
    )


def required_text(
    obj: Mapping[str, Any], key: str, pointer: str, *, plain_only: bool, max_length: int
) -> list[str]:
    if obj.get(key) is None:
        return [error(f"missing required field: {key}", pointer)]
    return check_text_object(
        obj[key], f"{pointer}/{key}", plain_only=plain_only, max_length=max_length
    )


def max_string(obj: Mapping[str, Any], key: str, pointer: str, limit: int) -> list[str]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, str):
        return [error("must be a string", f"{pointer}/{key}")]
    if len(value) > limit:
        return [error(f"must be less than {limit + 1} characters", f"{pointer}/{key}")]
    return []


def list_field(
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
