"""users.info and users.list."""

from __future__ import annotations

from typing import Any

from playground.emulator.arguments import paginate
from playground.emulator.lookups import user_or_refuse
from playground.emulator.shapes import user_object
from playground.emulator.state import EmulatorState, Handler


def users_info(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    return {"user": user_object(state, user_or_refuse(state, args["user"]))}


def users_list(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    page, cursor = paginate(list(state.users.values()), args)
    return {
        "members": [user_object(state, u) for u in page],
        "cache_ts": int(state.wall_clock()),
        "response_metadata": {"next_cursor": cursor},
    }


METHODS: dict[str, Handler] = {"users.info": users_info, "users.list": users_list}
