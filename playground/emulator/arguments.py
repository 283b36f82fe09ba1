"""Reading arguments the way Slack does: its booleans, "present", and cursor pagination."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from playground.emulator.wire import SlackRefusal

DEFAULT_PAGE = 100
MAX_PAGE = 1000


def flag(value: Any) -> bool:
    """Slack booleans arrive as JSON booleans, "true"/"false" or "1"/"0"."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return bool(value)


def present(value: Any) -> bool:
    return value is not None and value != "" and value != []


def _encode_cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _bad_cursor() -> SlackRefusal:
    return SlackRefusal("invalid_cursor", "[ERROR] invalid cursor [json-pointer:/cursor]")


def _decode_cursor(cursor: Any) -> int:
    if not present(cursor):
        return 0
    try:
        prefix, _, number = base64.b64decode(str(cursor)).decode().partition(":")
        offset = int(number)
    except ValueError as exc:
        raise _bad_cursor() from exc
    if prefix != "offset" or offset < 0:
        raise _bad_cursor()
    return offset


def _page_limit(args: Mapping[str, Any]) -> int:
    raw = args.get("limit")
    if not present(raw):
        return DEFAULT_PAGE
    try:
        limit = int(str(raw))
    except (TypeError, ValueError) as exc:
        raise SlackRefusal("invalid_limit", "[ERROR] limit must be an integer") from exc
    if limit <= 0:
        return DEFAULT_PAGE
    return min(limit, MAX_PAGE)


def paginate(items: list[Any], args: Mapping[str, Any]) -> tuple[list[Any], str]:
    """One page of `items` and the next cursor ("" on the last page)."""
    start = _decode_cursor(args.get("cursor"))
    limit = _page_limit(args)
    page = items[start : start + limit]
    more = start + limit < len(items)
    return page, _encode_cursor(start + limit) if more else ""
