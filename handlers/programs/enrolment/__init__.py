"""Creating a program (`/mentor admin program`, a modal), its announcement with Join as mentee
/ Join as mentor, and `/mentor programs` with Leave."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from handlers.programs.enrolment import admin, blocks, joining, listing
    from handlers.slack.subcommands import mentor_subcommands

    mentor_subcommands(app).add("programs", listing.handle_subcommand_programs)
    app.view(blocks.PROGRAM_VIEW)(admin.handle_view_program)
    app.action(blocks.JOIN_MENTEE)(joining.handle_action_join_mentee)
    app.action(blocks.JOIN_MENTOR)(joining.handle_action_join_mentor)
    app.view(blocks.ANSWER_VIEW)(joining.handle_view_program_answer)
    app.view(blocks.PROFILE_VIEW)(joining.handle_view_program_profile)
    app.action(listing.LEAVE)(listing.handle_action_leave)
