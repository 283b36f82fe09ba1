"""apps.connections.open (a Socket Mode URL) and apps.uninstall."""

from __future__ import annotations

from typing import Any

from playground.emulator.state import EmulatorState, Handler


def connections_open(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    del args
    return {"url": state.socket_mode.issue_url()}


def uninstall(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    """Every later call answers `token_revoked`."""
    del args
    state.revoked = True
    return {}


METHODS: dict[str, Handler] = {
    "apps.connections.open": connections_open,
    "apps.uninstall": uninstall,
}
