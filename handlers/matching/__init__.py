"""Matching: /find-mentor, the next page of matches, skill watches and one-click searches."""

from __future__ import annotations

import re

from slack_bolt import App


def register(app: App) -> None:
    from handlers.matching import actions, blocks, commands

    app.command(commands.FIND_MENTOR)(commands.handle_command_find_mentor)
    app.action(blocks.FIND_MORE)(actions.handle_action_find_more)
    app.action(re.compile(rf"^{blocks.WATCH_SKILL}_\d+$"))(actions.handle_action_watch_skill)
    app.action(re.compile(rf"^{blocks.SEARCH_SKILL}_\d+$"))(actions.handle_action_search_skill)
