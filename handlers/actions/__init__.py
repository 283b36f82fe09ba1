"""Block actions (button clicks, menus)."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps


def register(app: App, deps: Deps) -> None:
    """Register every listener of this surface."""
    from handlers.actions import (
        data,
        find_mentor,
        goals,
        introductions,
        reflection,
        scheduler,
        summary,
        talk,
    )

    data.register(app, deps)
    find_mentor.register(app, deps)
    goals.register(app, deps)
    introductions.register(app, deps)
    reflection.register(app, deps)
    scheduler.register(app, deps)
    summary.register(app, deps)
    talk.register(app, deps)
