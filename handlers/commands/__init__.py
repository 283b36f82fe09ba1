"""Slash commands."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps
from handlers.commands import mentor, scheduler
from handlers.goals import commands as goals
from handlers.matching import commands as find_mentor
from handlers.reflection import commands as reflect
from handlers.slack.subcommands import SubcommandRouter
from handlers.summaries import commands as summary


def register(app: App, deps: Deps) -> None:
    router = SubcommandRouter()
    mentor.register_subcommands(router, deps)
    goals.register_subcommands(router, deps)
    scheduler.register_subcommands(router, deps)
    app.command("/mentor")(mentor.make_handler(router, deps))
    app.command("/find-mentor")(find_mentor.make_handler(deps))
    app.command("/reflect")(reflect.make_handler(deps))
    app.command("/mentoring-summary")(summary.make_handler(deps))
