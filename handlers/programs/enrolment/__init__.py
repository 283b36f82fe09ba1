"""Creating a program (`/mentor admin program`, a modal), its announcement with Join as mentee
/ Join as mentor, and `/mentor programs` with Leave."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    """Nothing yet."""
