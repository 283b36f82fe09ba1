"""Slash commands."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps
from handlers.commands import find_mentor, goals, mentor, reflect, scheduler, summary
from handlers.commands.router import SubcommandRouter


def register(app: App, deps: Deps) -> None:
    router = SubcommandRouter()
    mentor.register_subcommands(router, deps)
    goals.register_subcommands(router, deps)
    scheduler.register_subcommands(router, deps)
    app.command("/mentor")(mentor.make_handler(router, deps))
    app.command("/find-mentor")(find_mentor.make_handler(deps))
    app.command("/reflect")(reflect.make_handler(deps))
    app.command("/mentoring-summary")(summary.make_handler(deps))
