"""Meetings: the pair's scheduled messages and what they open (check-ins, pulse, thanks, cadence,
pause, end, the retrospective, prepared questions), and `/mentor checkin | cadence | pause |
end | reminders`."""

from __future__ import annotations

import re

from slack_bolt import App


def register(app: App) -> None:
    from handlers.meetings import actions, blocks, checkin_actions, commands, form_actions, views
    from handlers.slack.subcommands import mentor_subcommands

    mentor = mentor_subcommands(app)
    mentor.add("checkin", commands.handle_subcommand_checkin)
    mentor.add("cadence", commands.handle_subcommand_cadence)
    mentor.add("pause", commands.handle_subcommand_pause)
    mentor.add("end", commands.handle_subcommand_end)
    mentor.add("reminders", commands.handle_subcommand_reminders)
    app.action(blocks.SNOOZE)(actions.handle_action_snooze)
    app.action(blocks.STOP)(actions.handle_action_stop)
    app.action(blocks.CHECKIN_MET)(checkin_actions.handle_action_checkin_met)
    app.action(blocks.CHECKIN_MISSED)(checkin_actions.handle_action_checkin_other)
    app.action(blocks.CHECKIN_RESCHEDULED)(checkin_actions.handle_action_checkin_other)
    app.action(re.compile(f"^{blocks.PULSE_PREFIX}[1-5]$"))(checkin_actions.handle_action_pulse)
    app.action(blocks.GRATITUDE_OPEN)(form_actions.handle_action_gratitude_open)
    app.action(blocks.CADENCE_OPEN)(actions.handle_action_cadence_open)
    app.action(re.compile(f"^{blocks.CADENCE_SET_PREFIX}"))(actions.handle_action_cadence_set)
    app.action(blocks.CADENCE_WEEKDAY)(actions.handle_action_cadence_weekday)
    app.action(blocks.PAUSE_OPEN)(form_actions.handle_action_pause_open)
    app.action(blocks.END_OPEN)(form_actions.handle_action_end_open)
    app.action(blocks.RETRO_OPEN)(form_actions.handle_action_retro_open)
    app.action(blocks.ADAPT_KEEP)(actions.handle_action_adapt_keep)
    app.action(blocks.RESUME_NOW)(actions.handle_action_resume_now)
    app.action(blocks.REMINDERS_ON)(actions.handle_action_reminders_on)
    app.action(blocks.FIND_NEXT_MENTOR)(actions.handle_action_find_next_mentor)
    app.action(blocks.CHECKIN_OPEN)(checkin_actions.handle_action_checkin_open)
    app.action(blocks.QUESTIONS_SHARE)(actions.handle_action_share_questions)
    app.action(blocks.QUESTIONS_KEEP)(actions.handle_action_keep_questions)
    app.view(blocks.CHECKIN_VIEW)(views.handle_view_checkin)
    app.view(blocks.THANKS_VIEW)(views.handle_view_thanks)
    app.view(blocks.PULSE_VIEW)(views.handle_view_pulse)
    app.view(blocks.PAUSE_VIEW)(views.handle_view_pause)
    app.view(blocks.END_VIEW)(views.handle_view_end)
    app.view(blocks.RETRO_VIEW)(views.handle_view_retro)
