"""The guided reflection: /reflect, its questions in the DM (typed answers and buttons), the
skills modal, editing it later and sharing its summary with a mentor."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from handlers.reflection import actions, blocks, commands, forms, views

    app.command(commands.REFLECT)(commands.handle_command_reflect)
    for action_id in blocks.DIALOG_ACTIONS:
        app.action(action_id)(actions.handle_action_reflection_step)
    app.action(blocks.ACTION_CHOOSE_SKILLS)(actions.handle_action_choose_skills)
    app.action(blocks.ACTION_RESTART)(actions.handle_action_restart)
    app.action(blocks.ACTION_RESUME)(actions.handle_action_resume)
    app.action(blocks.ACTION_SHARE)(actions.handle_action_share)
    app.action(blocks.ACTION_EDIT)(actions.handle_action_edit_reflection)
    app.view(forms.SKILLS_VIEW)(views.handle_view_reflection_skills)
    app.view(forms.EDIT_VIEW)(views.handle_view_reflection_edit)
