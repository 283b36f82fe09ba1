"""Modal submissions and closes."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps
from handlers.views import goals, reflection


def register(app: App, deps: Deps) -> None:
    """Register every listener of this surface."""
    reflection.register(app, deps)
    goals.register(app, deps)
