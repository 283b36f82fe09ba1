"""Modal submissions and closes."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps


def register(app: App, deps: Deps) -> None:
    """Register every listener of this surface."""
    from handlers.views import scheduler

    scheduler.register(app, deps)
