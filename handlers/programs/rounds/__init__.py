"""A matching round in front of its admin: the proposal (DM and App Home) with swap, remove, Match
now and Publish."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from handlers.programs.rounds import actions, blocks, views

    app.action(blocks.SWAP_ACTION)(actions.handle_action_swap)
    app.action(blocks.REMOVE_ACTION)(actions.handle_action_remove)
    app.action(blocks.MATCH_AGAIN_ACTION)(actions.handle_action_match_again)
    app.action(blocks.PUBLISH_ACTION)(actions.handle_action_publish)
    app.action(blocks.HOME_MATCH_NOW)(actions.handle_action_home_match_now)
    app.action(blocks.HOME_VIEW_PROPOSAL)(actions.handle_action_home_view_proposal)
    app.view(blocks.SWAP_VIEW)(views.handle_view_swap)
