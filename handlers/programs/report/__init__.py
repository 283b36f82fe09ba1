"""The program report: `/mentor admin program report NAME`, its chart and its CSV."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    """No listeners of its own: `/mentor admin` hands `program report NAME` to
    commands.handle_program_report (before its admins-only refusal, as leads may read it)."""
