"""Modal submissions and closes."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps


def register(app: App, deps: Deps) -> None:
    """Register every listener of this surface."""
    from handlers.views import intro_request, profile

    intro_request.register(app, deps)
    profile.register(app, deps)
