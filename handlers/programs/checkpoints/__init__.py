"""The term's checkpoints: the midpoint survey and the close-out, each a private form."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    """Nothing yet."""
