"""The program report: `/mentor admin program report NAME`, its chart and its CSV."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    """Nothing yet."""
