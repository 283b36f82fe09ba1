"""The meetings' block actions, until they move to handlers/meetings."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps


def register(app: App, deps: Deps) -> None:
    from handlers.actions import scheduler

    scheduler.register(app, deps)
