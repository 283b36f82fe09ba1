"""Calendar (issue 20): a pair picks a concrete meeting time from the slots their working hours
share (or any other), both are told, and each gets an iCalendar invite and calendar links."""

from __future__ import annotations

import re

from slack_bolt import App


def register(app: App) -> None:
    from handlers.calendar import actions, blocks, occurrence_actions, occurrence_blocks

    app.action(blocks.CALENDAR_OFFER)(actions.handle_action_calendar_offer)
    app.action(blocks.CALENDAR_PICK)(actions.handle_action_calendar_pick)
    app.action(blocks.CALENDAR_OTHER)(actions.handle_action_calendar_other)
    app.action(re.compile(r"^calendar_link_\d$"))(actions.handle_action_calendar_link)
    app.view(blocks.CALENDAR_OTHER_VIEW)(actions.handle_view_calendar_other)
    app.action(occurrence_blocks.CALENDAR_SKIP)(occurrence_actions.handle_action_calendar_skip)
    app.action(occurrence_blocks.CALENDAR_MOVE)(occurrence_actions.handle_action_calendar_move)
    app.view(occurrence_blocks.CALENDAR_MOVE_VIEW)(occurrence_actions.handle_view_calendar_move)
