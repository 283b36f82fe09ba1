"""views.open, views.push, views.update and views.publish (modals and the App Home)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground import blockkit_rules
from playground.emulator.arguments import present
from playground.emulator.state import EmulatorState, Handler
from playground.emulator.wire import SlackRefusal


def _view_arg(args: Mapping[str, Any], expected: str) -> dict[str, Any]:
    view = args["view"]
    errors = blockkit_rules.check_view(
        view, expected_type="home" if expected == "home" else "modal"
    )
    if errors:
        raise SlackRefusal("invalid_arguments", *errors)
    assert isinstance(view, dict)
    return view


def _check_external_id(state: EmulatorState, view: Mapping[str, Any], own_id: str | None) -> None:
    external_id = view.get("external_id")
    if not external_id:
        return
    for other in [*state.views.values(), *state.home_views.values()]:
        if other.get("external_id") == external_id and other["id"] != own_id:
            raise SlackRefusal(
                "duplicate_external_id", f"[ERROR] external_id {external_id} is in use"
            )


def _exchange_trigger(state: EmulatorState, trigger_id: Any) -> None:
    trigger = state.triggers.get(str(trigger_id))
    if trigger is None:
        raise SlackRefusal(
            "invalid_arguments", "[ERROR] invalid `trigger_id` [json-pointer:/trigger_id]"
        )
    if trigger.used:
        raise SlackRefusal("exchanged_trigger_id", "[ERROR] trigger_id was already used")
    if state.clock() > trigger.expires_at:
        raise SlackRefusal("expired_trigger_id", "[ERROR] trigger_id expired after 3 s")
    trigger.used = True


def _view_object(
    state: EmulatorState, view: Mapping[str, Any], view_id: str, *, root_id: str | None = None
) -> dict[str, Any]:
    team_id = state.caller or state.team_id  # the workspace whose token opened the view
    return {
        "id": view_id,
        "team_id": team_id,
        "type": view["type"],
        "title": view.get("title"),
        "submit": view.get("submit"),
        "close": view.get("close"),
        "blocks": view.get("blocks", []),
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "state": {"values": {}},
        "hash": state.ids.new_hash(),
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)),
        "external_id": view.get("external_id", ""),
        "root_view_id": root_id or view_id,
        "previous_view_id": None,
        "app_id": state.app_id,
        "app_installed_team_id": team_id,
        "bot_id": state.bot_id,
    }


def views_open(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    """views.open, and views.push (which answers the same)."""
    view = _view_arg(args, "modal")
    _check_external_id(state, view, None)
    _exchange_trigger(state, args["trigger_id"])
    view_id = state.ids.new_id("V")
    state.views[view_id] = _view_object(state, view, view_id)
    return {"view": state.views[view_id]}


def _view_by_reference(state: EmulatorState, args: Mapping[str, Any]) -> dict[str, Any]:
    view_id, external_id = args.get("view_id"), args.get("external_id")
    if not present(view_id) and not present(external_id):
        raise SlackRefusal("invalid_arguments", "[ERROR] either view_id or external_id is required")
    for view in [*state.views.values(), *state.home_views.values()]:
        if (present(view_id) and view["id"] == view_id) or (
            not present(view_id) and view.get("external_id") == external_id
        ):
            return view
    raise SlackRefusal("not_found", f"[ERROR] no view {view_id or external_id}")


def views_update(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    current = _view_by_reference(state, args)
    view = _view_arg(args, current["type"])
    _check_external_id(state, view, current["id"])
    if present(args.get("hash")) and args["hash"] != current["hash"]:
        raise SlackRefusal("hash_conflict", "[ERROR] the view changed since that hash")
    updated = _view_object(state, view, current["id"], root_id=current["root_view_id"])
    if current["type"] == "home":
        user_id = next(u for u, v in state.home_view_ids.items() if v == current["id"])
        state.home_views[user_id] = updated
    else:
        state.views[current["id"]] = updated
    return {"view": updated}


def views_publish(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    user_id = str(args["user_id"])
    user = state.users.get(user_id)
    if user is None or user["deleted"]:
        raise SlackRefusal("invalid_arguments", "[ERROR] invalid `user_id`")
    view = _view_arg(args, "home")
    current = state.home_views.get(user_id)
    if current is not None and present(args.get("hash")) and args["hash"] != current["hash"]:
        raise SlackRefusal("hash_conflict", "[ERROR] the Home tab changed since that hash")
    view_id = state.home_view_ids.setdefault(user_id, state.ids.new_id("V"))
    _check_external_id(state, view, view_id)
    state.home_views[user_id] = _view_object(state, view, view_id)
    return {"view": state.home_views[user_id]}


METHODS: dict[str, Handler] = {
    "views.open": views_open,
    "views.push": views_open,
    "views.update": views_update,
    "views.publish": views_publish,
}
