"""The Slack Web API methods the emulator knows, with their required arguments.

Hard-coded from Slack's OpenAPI spec (slack_web_openapi_v2.json, 2021) at the time of writing; the
project never reads the spec at run time. Two methods the old spec lacks
(`files.getUploadURLExternal`, `files.completeUploadExternal`) come from Slack's current reference.

`missing_error` is the error code the emulator answers when that required argument is absent. Slack
itself is not uniform here; the choices, and why:

- chat.postMessage / chat.postEphemeral / chat.update / chat.delete / conversations.* without
  `channel` -> `channel_not_found` (what Slack answers; their spec error lists have no
  `invalid_arguments`).
- chat.update / chat.delete without `ts` -> `message_not_found` (same reason).
- chat.postEphemeral without `user` -> `user_not_in_channel` (the only user error in its list).
- users.info without `user` -> `user_not_found` (the only user error in its list).
- conversations.open without `users` or `channel` -> `users_list_not_supplied` (in its list).
- views.* and files.* -> `invalid_arguments` with a "missing required field" message: the spec's own
  example error for views.open is `invalid_arguments` with a message naming the argument.

"One of" requirements (text/blocks/attachments for messages -> `no_text`; view_id or external_id for
views.update) are checked by the emulator itself, not listed here.
"""

from __future__ import annotations

from playground.emulator.web_api_method import WebApiMethod
from playground.emulator.web_api_method import method as _m

# views.open and views.push answer the same errors: both open a modal with a trigger id.
_VIEW_OPEN_ERRORS = (
    "invalid_arguments",
    "expired_trigger_id",
    "exchanged_trigger_id",
    "duplicate_external_id",
)


_METHODS: tuple[WebApiMethod, ...] = (
    _m("api.test", needs_token=False),
    _m("auth.test", tier=4),
    # OAuth code exchange: client credentials instead of a token (spec: oauth.v2.access).
    _m(
        "oauth.v2.access",
        ("code",),
        {"code": "invalid_code"},
        ("invalid_code", "invalid_client_id", "bad_client_secret", "bad_redirect_uri"),
        needs_token=False,
    ),
    _m(
        "chat.postMessage",
        ("channel",),
        {"channel": "channel_not_found"},
        (
            "channel_not_found",
            "not_in_channel",
            "is_archived",
            "msg_too_long",
            "no_text",
            "too_many_attachments",
            "invalid_blocks",
            "invalid_metadata_format",
            "user_disabled",
            "cannot_dm_bot",
        ),
    ),
    _m(
        "chat.postEphemeral",
        ("channel", "user"),
        {"channel": "channel_not_found", "user": "user_not_in_channel"},
        (
            "channel_not_found",
            "is_archived",
            "msg_too_long",
            "no_text",
            "too_many_attachments",
            "user_not_in_channel",
            "invalid_blocks",
        ),
        tier=4,
    ),
    _m(
        "chat.update",
        ("channel", "ts"),
        {"channel": "channel_not_found", "ts": "message_not_found"},
        (
            "message_not_found",
            "cant_update_message",
            "channel_not_found",
            "edit_window_closed",
            "msg_too_long",
            "too_many_attachments",
            "no_text",
            "invalid_blocks",
        ),
        tier=3,
    ),
    _m(
        "chat.delete",
        ("channel", "ts"),
        {"channel": "channel_not_found", "ts": "message_not_found"},
        ("message_not_found", "channel_not_found", "cant_delete_message"),
        tier=3,
    ),
    _m(
        "conversations.open",
        (),
        {},
        (
            "method_not_supported_for_channel_type",
            "user_not_found",
            "user_not_visible",
            "user_disabled",
            "users_list_not_supplied",
            "not_enough_users",
            "too_many_users",
            "invalid_user_combination",
            "channel_not_found",
            "cannot_dm_bot",
        ),
        tier=3,
    ),
    _m(
        "conversations.create",
        ("name",),
        {"name": "invalid_name_required"},
        (
            "missing_scope",
            "name_taken",
            "invalid_name_required",
            "invalid_name_maxlength",
            "invalid_name_specials",
        ),
        tier=2,
    ),
    _m(
        "conversations.invite",
        ("channel", "users"),
        {"channel": "channel_not_found", "users": "no_user"},
        (
            "method_not_supported_for_channel_type",
            "missing_scope",
            "channel_not_found",
            "user_not_found",
            "no_user",
            "cant_invite_self",
            "not_in_channel",
            "already_in_channel",
            "is_archived",
            "cant_invite",
            "too_many_users",
            "user_is_bot",
        ),
        tier=3,
    ),
    _m(
        "conversations.kick",
        ("channel", "user"),
        {"channel": "channel_not_found", "user": "user_not_found"},
        (
            "method_not_supported_for_channel_type",
            "missing_scope",
            "channel_not_found",
            "user_not_found",
            "cant_kick_self",
            "not_in_channel",
            "cant_kick_from_general",
            "restricted_action",
            "user_is_bot",
            "user_is_restricted",
        ),
        tier=3,
    ),
    _m(
        "conversations.info",
        ("channel",),
        {"channel": "channel_not_found"},
        ("missing_scope", "channel_not_found"),
        tier=3,
    ),
    _m("conversations.list", (), {}, ("missing_scope", "invalid_cursor", "invalid_limit"), tier=2),
    _m(
        "conversations.members",
        ("channel",),
        {"channel": "channel_not_found"},
        ("channel_not_found", "invalid_limit", "invalid_cursor", "fetch_members_failed"),
        tier=4,
    ),
    _m(
        "conversations.history",
        ("channel",),
        {"channel": "channel_not_found"},
        (
            "missing_scope",
            "channel_not_found",
            "not_in_channel",
            "invalid_ts_latest",
            "invalid_ts_oldest",
            "invalid_cursor",
        ),
        tier=3,
    ),
    _m(
        "users.info",
        ("user",),
        {"user": "user_not_found"},
        ("user_not_found", "user_not_visible"),
        tier=4,
    ),
    _m("users.list", (), {}, ("limit_required", "invalid_cursor", "invalid_limit"), tier=2),
    _m("team.info", (), {}, (), tier=3),
    _m("views.open", ("trigger_id", "view"), {}, _VIEW_OPEN_ERRORS, tier=4),
    _m("views.push", ("trigger_id", "view"), {}, _VIEW_OPEN_ERRORS, tier=4),
    _m(
        "views.update",
        ("view",),
        {},
        ("invalid_arguments", "not_found", "hash_conflict", "duplicate_external_id"),
        tier=4,
    ),
    _m(
        "views.publish",
        ("user_id", "view"),
        {},
        ("invalid_arguments", "not_found", "hash_conflict"),
        tier=4,
    ),
    _m(
        "files.getUploadURLExternal",
        ("filename", "length"),
        {},
        ("invalid_arguments",),
        tier=4,
    ),
    _m(
        "files.completeUploadExternal",
        ("files",),
        {},
        ("invalid_arguments", "file_not_found", "channel_not_found", "not_in_channel"),
        tier=4,
    ),
    _m("apps.uninstall", (), {}, (), tier=1),
    # Socket Mode's WebSocket URL, for an app-level token (Slack's reference; not in the spec).
    _m(
        "apps.connections.open",
        (),
        {},
        ("not_allowed_token_type", "invalid_auth"),
        tier=1,
    ),
)

WEB_API_METHODS: dict[str, WebApiMethod] = {method.name: method for method in _METHODS}


def lookup(name: str) -> WebApiMethod | None:
    """The method called `name`, or None when the emulator does not know it."""
    return WEB_API_METHODS.get(name)
