"""Which OAuth scopes and token type each Web API method needs, as Slack checks them.

From Slack's Web API spec (/work/shared/slack/web-api, the `security` of each method; its
`chat:write:bot` is today's `chat:write`) and, for methods the 2021 spec lacks, Slack's method
reference: `files.getUploadURLExternal` and `files.completeUploadExternal` need `files:write`,
`apps.connections.open` an app-level token with `connections:write`.

The `conversations.*` methods need the scope of the conversation's kind: `channels:*` for a
public channel, `groups:*` for a private one, `im:*` for a DM, `mpim:*` for a group DM.
`conversations.list` needs the read scope of every kind asked for in `types`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

# conversation kind -> the prefix of its scopes
_KIND_PREFIX = {"public": "channels", "private": "groups", "im": "im", "mpim": "mpim"}
_LIST_TYPES = {
    "public_channel": "public",
    "private_channel": "private",
    "im": "im",
    "mpim": "mpim",
}
# method -> "read" / "write" / "history": the conversation's scope of that verb
_CONVERSATION_METHODS = {
    "conversations.info": "read",
    "conversations.members": "read",
    "conversations.history": "history",
    "conversations.open": "write",
    "conversations.create": "write",  # groups:write for a private channel
    "conversations.invite": "write",
    "conversations.kick": "write",  # groups:write for a private channel
}
# methods needing fixed scopes (all of them)
_FIXED: dict[str, tuple[str, ...]] = {
    "chat.postMessage": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.delete": ("chat:write",),
    "users.info": ("users:read",),
    "users.list": ("users:read",),
    "team.info": ("team:read",),
    "files.getUploadURLExternal": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
}
# Methods taking an app-level (xapp-) token, and nothing else; every other method refuses one.
APP_TOKEN_METHODS: dict[str, tuple[str, ...]] = {"apps.connections.open": ("connections:write",)}
APP_TOKEN_SCOPES = frozenset({"connections:write"})

KindOf = Callable[[str], str | None]  # a channel id -> its kind, or None when unknown


def needed_scopes(method: str, args: Mapping[str, Any], kind_of: KindOf) -> tuple[str, ...]:
    """The scopes a call to `method` with `args` needs (none when unknown or scope-free)."""
    if method in APP_TOKEN_METHODS:
        return APP_TOKEN_METHODS[method]
    if method in _FIXED:
        return _FIXED[method]
    if method == "conversations.list":
        return tuple(f"{_KIND_PREFIX[k]}:read" for k in _list_kinds(args) if k)
    verb = _CONVERSATION_METHODS.get(method)
    if verb is None:
        return ()
    kind = _kind_of_call(method, args, kind_of)
    return (f"{_KIND_PREFIX[kind]}:{verb}",) if kind else ()


def _list_kinds(args: Mapping[str, Any]) -> list[str | None]:
    types = str(args.get("types") or "public_channel").split(",")
    return [_LIST_TYPES.get(t.strip()) for t in types]


def _kind_of_call(method: str, args: Mapping[str, Any], kind_of: KindOf) -> str | None:
    if method == "conversations.create":
        private = args.get("is_private")
        if isinstance(private, str):
            private = private.strip().lower() in {"1", "true", "yes"}
        return "private" if private else "public"
    if method == "conversations.open" and not args.get("channel"):
        users = [u for u in str(args.get("users") or "").split(",") if u.strip()]
        return "im" if len(users) == 1 else "mpim" if users else None
    kind = kind_of(str(args["channel"])) if args.get("channel") else None
    if method == "conversations.open" and kind not in {"im", "mpim"}:
        return None  # it opens only DMs; other channels get method_not_supported_for_channel_type
    return kind


def missing(needed: Iterable[str], granted: frozenset[str]) -> list[str]:
    """The needed scopes the token was not granted, in order."""
    return [scope for scope in needed if scope not in granted]


def access_error(
    method: str, *, is_app_token: bool, granted: frozenset[str], needed: Iterable[str]
) -> tuple[str, dict[str, str]] | None:
    """Slack's refusal of this token for `method`: (error, extra fields), or None when allowed."""
    if is_app_token != (method in APP_TOKEN_METHODS):
        return "not_allowed_token_type", {}
    lacking = missing(needed, granted)
    if lacking:
        return "missing_scope", {"needed": ",".join(lacking), "provided": ",".join(sorted(granted))}
    return None
