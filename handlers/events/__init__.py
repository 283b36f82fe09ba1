"""Events API listeners."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps


def register(app: App, deps: Deps) -> None:
    """Register every listener of this surface."""
    from handlers.events import home, lifecycle, messages, user_change

    home.register(app, deps)
    lifecycle.register(app, deps)
    messages.register(app, deps)
    user_change.register(app, deps)
