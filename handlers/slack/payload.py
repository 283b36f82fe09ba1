"""Small helpers every button and modal listener shares: who clicked, in which workspace."""

from __future__ import annotations

from typing import Any

from slack_bolt import Respond

from handlers.slack.mrkdwn import escape

NOT_YOURS = "This button isn't for you, so nothing changed."
NOT_OPEN = "This request is no longer open ({status}), so nothing changed."


def team_of(body: dict[str, Any]) -> str:
    team = body.get("team") or {}
    if isinstance(team, dict) and team.get("id"):
        return str(team["id"])
    return str((body.get("user") or {}).get("team_id") or body.get("team_id") or "")


def user_of(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id") or "")


def action_value(body: dict[str, Any]) -> str:
    """The clicked element's value (a button's value or a select's selected option)."""
    action = (body.get("actions") or [{}])[0]
    selected = action.get("selected_option") or {}
    return str(action.get("value") or selected.get("value") or "")


def tell_privately(respond: Respond, text: str) -> None:
    """An ephemeral note to whoever clicked; the message they clicked stays as it was."""
    respond(text=text, response_type="ephemeral", replace_original=False)


def not_open_text(status: str | None) -> str:
    return NOT_OPEN.format(status=escape(status or "gone"))
