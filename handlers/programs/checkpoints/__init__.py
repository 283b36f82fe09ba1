"""The term's checkpoints: the midpoint survey and the close-out, each a private form, and the
"We're fine" answer to a quiet-pair nudge."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from handlers.meetings.blocks.programs_checkpoints import CHECKPOINT_ANSWER, QUIET_FINE
    from handlers.programs.checkpoints import actions, blocks, views

    app.action(CHECKPOINT_ANSWER)(actions.handle_action_checkpoint_answer)
    app.action(QUIET_FINE)(actions.handle_action_quiet_fine)
    app.view(blocks.MIDPOINT_VIEW)(views.handle_view_midpoint)
    app.view(blocks.CLOSEOUT_VIEW)(views.handle_view_closeout)
