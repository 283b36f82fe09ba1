"""files.getUploadURLExternal, the upload URL itself, and files.completeUploadExternal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground.emulator.arguments import present
from playground.emulator.http_server import parse_multipart
from playground.emulator.lookups import postable_channel
from playground.emulator.state import TEAM_DOMAIN, EmulatorState, Handler
from playground.emulator.wire import Reply, SlackRefusal


def get_upload_url(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    try:
        length = int(args["length"])
    except (TypeError, ValueError) as exc:
        raise SlackRefusal("invalid_arguments", "[ERROR] length must be an integer") from exc
    if length <= 0:
        raise SlackRefusal("invalid_arguments", "[ERROR] length must be positive")
    file_id = state.ids.new_id("F")
    state.pending_files[file_id] = {
        "filename": str(args["filename"]),
        "length": length,
        "content": None,
    }
    return {"upload_url": f"{state.base_url}/upload/{file_id}", "file_id": file_id}


def receive_upload(
    state: EmulatorState, args: dict[str, Any], headers: Mapping[str, str], body: bytes
) -> Reply:
    """A POST to an upload URL: keep the file's bytes (`args` gains `length` and `content`)."""
    pending = state.pending_files.get(args["file_id"])
    if pending is None:
        return Reply(404, b"not found")
    content_type = headers.get("content-type", "")
    content = body
    if content_type.startswith("multipart/form-data"):
        parts = parse_multipart(content_type, body)
        file_parts = [v for v in parts.values() if isinstance(v, bytes)]
        content = file_parts[0] if file_parts else body
    pending["content"] = content
    args.update({"length": len(content), "content": content})
    return Reply(200, f"OK - {len(content)}".encode())


def complete_upload(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    entries = args["files"]
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and e.get("id") for e in entries
    ):
        raise SlackRefusal("invalid_arguments", "[ERROR] files must be a list of {id, title}")
    for entry in entries:
        pending = state.pending_files.get(str(entry["id"]))
        if pending is None or pending["content"] is None:
            raise SlackRefusal("file_not_found", f"[ERROR] no uploaded file {entry['id']}")
    channel_ids = [str(args["channel_id"])] if present(args.get("channel_id")) else []
    if present(args.get("channels")):
        channel_ids += [c.strip() for c in str(args["channels"]).split(",") if c.strip()]
    channels = [postable_channel(state, c) for c in channel_ids]
    comment = str(args.get("initial_comment") or "")
    shared = [_complete_file(state, e, channels, comment) for e in entries]
    for channel in channels:
        state.messages[channel["id"]].append(
            {
                "type": "message",
                "subtype": "file_share",
                "text": comment,
                "files": shared,
                "upload": True,
                "user": state.bot_user_id,
                "bot_id": state.bot_id,
                "app_id": state.app_id,
                "team": state.team_id,
                "ts": state.ids.next_ts(),
            }
        )
    return {"files": shared}


def _complete_file(
    state: EmulatorState, entry: Mapping[str, Any], channels: list[dict[str, Any]], comment: str
) -> dict[str, Any]:
    file_id = str(entry["id"])
    pending = state.pending_files.pop(file_id)
    title = str(entry.get("title") or pending["filename"])
    content: bytes = pending["content"]
    for channel_id in [c["id"] for c in channels] or [None]:
        state.files.append(
            {
                "id": file_id,
                "channel_id": channel_id,
                "title": title,
                "filename": pending["filename"],
                "content": content,
                "initial_comment": comment,
            }
        )
    return _file_object(state, file_id, pending["filename"], title, content, channels)


def _file_object(
    state: EmulatorState,
    file_id: str,
    filename: str,
    title: str,
    content: bytes,
    channels: list[dict[str, Any]],
) -> dict[str, Any]:
    created = int(state.wall_clock())
    return {
        "id": file_id,
        "created": created,
        "timestamp": created,
        "name": filename,
        "title": title,
        "mimetype": "text/plain",
        "filetype": "text",
        "pretty_type": "Plain Text",
        "user": state.bot_user_id,
        "user_team": state.team_id,
        "size": len(content),
        "is_external": False,
        "is_public": any(not c["is_private"] for c in channels),
        "url_private": f"https://files.slack.example/{state.team_id}/{file_id}",
        "permalink": f"https://{TEAM_DOMAIN}.slack.com/files/{state.bot_user_id}/{file_id}",
        "channels": [c["id"] for c in channels if not c["is_private"]],
        "groups": [c["id"] for c in channels if c["is_private"] and not c["is_im"]],
        "ims": [c["id"] for c in channels if c["is_im"]],
    }


METHODS: dict[str, Handler] = {
    "files.getUploadURLExternal": get_upload_url,
    "files.completeUploadExternal": complete_upload,
}
