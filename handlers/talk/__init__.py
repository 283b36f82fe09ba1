"""Talk: the bot answers what a person types in its DM (a DM consumer, wired with the events in
handlers.events), and the next-step buttons of its short help."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from handlers.talk import actions, blocks

    app.action(blocks.ACTION_NEXT_STEP_PATTERN)(actions.handle_action_next_step)
