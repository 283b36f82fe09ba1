"""Block actions (button clicks, menus)."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps


def register(app: App, deps: Deps) -> None:
    """Register every listener of this surface."""
    from handlers.actions import scheduler
    from handlers.data_rights import actions as data
    from handlers.goals import actions as goals
    from handlers.introductions import actions as introductions
    from handlers.matching import actions as find_mentor
    from handlers.reflection import actions as reflection
    from handlers.summaries import actions as summary
    from handlers.talk import actions as talk

    data.register(app, deps)
    find_mentor.register(app, deps)
    goals.register(app, deps)
    introductions.register(app, deps)
    reflection.register(app, deps)
    scheduler.register(app, deps)
    summary.register(app, deps)
    talk.register(app, deps)
