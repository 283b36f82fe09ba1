"""Introductions: the request modal from a match (a mentor, or a peer to pair up with), the
answer of the one asked, the asker's withdraw and thanks, and the new pair's cadence."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from bot.services.cadence import CADENCES
    from handlers.introductions import actions, blocks, views
    from handlers.matching.blocks import REQUEST_INTRO
    from handlers.matching.peer_blocks import ASK_PEER

    app.action(REQUEST_INTRO)(actions.handle_action_request_intro)
    app.action(ASK_PEER)(actions.handle_action_ask_peer)
    for action_id in actions.ANSWERS:
        app.action(action_id)(actions.handle_action_intro_answer)
    app.action(blocks.INTRO_WITHDRAW)(actions.handle_action_intro_withdraw)
    app.action(blocks.INTRO_THANK)(actions.handle_action_intro_thank)
    for cadence in CADENCES:
        app.action(f"{blocks.PAIR_CADENCE_PREFIX}{cadence}")(actions.handle_action_pair_cadence)
    app.action(blocks.PAIR_WEEKDAY)(actions.handle_action_pair_cadence)
    app.view(blocks.REQUEST_VIEW)(views.handle_view_intro_request)
