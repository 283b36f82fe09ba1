"""Modal submissions and closes."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps


def register(app: App, deps: Deps) -> None:
    """Register every listener of this surface."""
    from handlers.goals import views as goals
    from handlers.introductions import views as intro_request
    from handlers.profiles import views as profile
    from handlers.reflection import edit_views as reflection_edit
    from handlers.reflection import views as reflection
    from handlers.views import scheduler

    goals.register(app, deps)
    intro_request.register(app, deps)
    profile.register(app, deps)
    reflection.register(app, deps)
    reflection_edit.register(app, deps)
    scheduler.register(app, deps)
