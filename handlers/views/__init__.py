"""Modal submissions and closes."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps


def register(app: App, deps: Deps) -> None:
    """Register every listener of this surface."""
    from handlers.views import (
        goals,
        intro_request,
        profile,
        reflection,
        reflection_edit,
        scheduler,
    )

    goals.register(app, deps)
    intro_request.register(app, deps)
    profile.register(app, deps)
    reflection.register(app, deps)
    reflection_edit.register(app, deps)
    scheduler.register(app, deps)
