"""A matching round in front of its admin: the proposal (DM and App Home) with swap, remove, Match
now and Publish."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    """Nothing yet."""
