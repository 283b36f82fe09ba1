"""The Web API methods the emulator answers, one module per family; `HANDLERS` joins them.

Each family module lists its methods in `METHODS` (Slack's name -> a function of the state and
the decoded arguments). What every method shares (the token, the scopes, required arguments,
rate limits) is checked before a handler runs, in playground/emulator/core.py.
"""

from __future__ import annotations

from playground.emulator.methods import (
    apps,
    auth,
    channels,
    chat,
    conversations,
    files,
    team,
    users,
    views,
)
from playground.emulator.state import Handler

HANDLERS: dict[str, Handler] = {
    **auth.METHODS,
    **chat.METHODS,
    **conversations.METHODS,
    **channels.METHODS,
    **users.METHODS,
    **team.METHODS,
    **views.METHODS,
    **files.METHODS,
    **apps.METHODS,
}
