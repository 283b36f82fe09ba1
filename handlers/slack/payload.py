"""Reading Slack payloads: who acted, in which workspace, on which element. One lookup order
for every kind of payload (slash commands, events, block actions, view submissions)."""

from __future__ import annotations

from typing import Any


def team_of(body: dict[str, Any]) -> str:
    """The workspace: `team_id` (commands, events), `team` (interactions: an object), or the
    acting user's `team_id` (an Enterprise Grid interaction without a team)."""
    team = body.get("team_id") or body.get("team")
    if isinstance(team, dict):
        team = team.get("id")
    if not team and isinstance(body.get("user"), dict):
        team = body["user"].get("team_id")
    return str(team or "")


def user_of(body: dict[str, Any]) -> str:
    """Who acted: `user_id` (commands) or `user` (interactions: an object, its id)."""
    user = body.get("user_id") or body.get("user")
    if isinstance(user, dict):
        user = user.get("id")
    return str(user or "")


def first_action(body: dict[str, Any]) -> dict[str, Any]:
    """The clicked element of a block_actions payload ({} when there is none)."""
    actions = body.get("actions") or [{}]
    return dict(actions[0]) if isinstance(actions[0], dict) else {}


def action_value(body: dict[str, Any]) -> str:
    """The clicked element's value (a button's value or a select's selected option)."""
    action = first_action(body)
    selected = action.get("selected_option") or {}
    return str(action.get("value") or selected.get("value") or "")


def action_id(body: dict[str, Any]) -> str:
    return str(first_action(body).get("action_id") or "")


def view_values(body: dict[str, Any]) -> dict[str, Any]:
    """A submitted modal's state values, block id -> action id -> element state."""
    view = body.get("view") or {}
    return dict((view.get("state") or {}).get("values") or {})


def private_metadata(body: dict[str, Any]) -> str:
    return str((body.get("view") or {}).get("private_metadata") or "")
