"""Events API listeners."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps
from handlers.events import home, messages


def register(app: App, deps: Deps) -> None:
    """Register every listener of this surface."""
    messages.register(app, deps)
    home.register(app, deps)
