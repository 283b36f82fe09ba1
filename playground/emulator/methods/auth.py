"""api.test, auth.test and oauth.v2.access: who is calling, and installing the app."""

from __future__ import annotations

from typing import Any

from playground.emulator.arguments import present
from playground.emulator.state import TEAM_DOMAIN, TEAM_NAME, EmulatorState, Handler
from playground.emulator.wire import SlackRefusal


def api_test(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    del state
    echo = {k: v for k, v in args.items() if k != "token"}
    if present(args.get("error")):
        raise SlackRefusal(str(args["error"]), "[ERROR] api.test asked for an error")
    return {"args": echo} if echo else {}


def auth_test(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    del args
    return {
        "url": f"https://{TEAM_DOMAIN}.slack.com/",
        "team": TEAM_NAME,
        "user": "mentorbot",
        "team_id": state.caller or state.team_id,
        "user_id": state.bot_user_id,
        "bot_id": state.bot_id,
        "app_id": state.app_id,
        "is_enterprise_install": False,
    }


def oauth_v2_access(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    grant = state.oauth_codes.pop(str(args.get("code")), None)
    if grant is None:
        raise SlackRefusal("invalid_code", "[ERROR] the code is unknown or was used")
    # slack_sdk sends the client id and secret as HTTP Basic auth, which we do not check.
    state.installs[grant["token"]] = grant["team_id"]
    state.granted[grant["token"]] = state.bot_scopes
    enterprise = {"id": grant["enterprise_id"], "name": "Grid"} if grant["enterprise_id"] else None
    return {
        "app_id": state.app_id,
        "authed_user": {"id": grant["installer"]},
        "scope": ",".join(sorted(state.bot_scopes)),
        "token_type": "bot",
        "access_token": grant["token"],
        "bot_user_id": state.bot_user_id,
        "team": {"id": grant["team_id"], "name": grant["team_name"]},
        "enterprise": enterprise,
        "is_enterprise_install": False,
    }


METHODS: dict[str, Handler] = {
    "api.test": api_test,
    "auth.test": auth_test,
    "oauth.v2.access": oauth_v2_access,
}
