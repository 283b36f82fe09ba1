"""What every Web API call must pass before its method runs: a known token of an install that
was not revoked, the scopes the call needs, and the method's required arguments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground.emulator.arguments import present
from playground.emulator.scopes import access_error, needed_scopes
from playground.emulator.state import EmulatorState
from playground.emulator.web_api_method import WebApiMethod
from playground.emulator.wire import SlackRefusal


def check_token(state: EmulatorState, headers: Mapping[str, str], args: Mapping[str, Any]) -> str:
    """The call's token (Bearer header, else the `token` argument); sets `state.caller`."""
    auth = headers.get("authorization", "")
    token = auth[len("Bearer ") :].strip() if auth.startswith("Bearer ") else None
    if not token:
        token = args.get("token") or None
    if not token:
        raise SlackRefusal("not_authed", "[ERROR] no token was provided")
    if token not in state.installs and token != state.app_token:
        raise SlackRefusal("invalid_auth", "[ERROR] the token is not valid")
    state.caller = state.installs.get(token, state.team_id)
    if state.revoked:
        raise SlackRefusal("token_revoked", "[ERROR] the app was uninstalled")
    return str(token)


def check_access(state: EmulatorState, method: str, token: str, args: Mapping[str, Any]) -> None:
    """The token's type and scopes are enough for this call, or Slack's refusal."""
    needed = needed_scopes(method, args, state.kind_of)
    refusal = access_error(
        method,
        is_app_token=token == state.app_token,
        granted=state.granted.get(token, frozenset()),
        needed=needed,
    )
    if refusal is not None:
        error, extra = refusal
        raise SlackRefusal(error, f"[ERROR] {error} for {method}", extra=extra)


def check_required(spec: WebApiMethod, args: Mapping[str, Any]) -> None:
    for arg in spec.required:
        if not present(args.get(arg)):
            raise SlackRefusal(
                spec.error_for_missing(arg),
                f"[ERROR] missing required field: {arg} [json-pointer:/{arg}]",
            )
