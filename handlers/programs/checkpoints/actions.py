"""The term's buttons: Answer on a checkpoint opens its form (for its recipient only), and
"We're fine" on a quiet-pair nudge keeps the pair going."""

from __future__ import annotations

from bot.services.programs import checkpoints, silence
from handlers.programs.checkpoints import blocks
from handlers.slack.clicks import Click, on_click
from handlers.slack.origin import origin_of_click


@on_click
def handle_action_checkpoint_answer(click: Click) -> None:
    """The midpoint survey's or close-out's form, with any earlier answer filled in."""
    person = click.stored_person  # the database only: the trigger lives 3 seconds
    with click.deps.db.begin() as session:
        ask = checkpoints.ask(
            session, team_id=person.team_id, delivery_id=click.int_value, person=person
        )
    build = (
        blocks.build_midpoint_view
        if ask.checkpoint == checkpoints.MIDPOINT
        else blocks.build_closeout_view
    )
    view = build(ask, origin_of_click(click.body), person.slack_user_id)
    click.client.views_open(trigger_id=click.trigger_id, view=view)


@on_click
def handle_action_quiet_fine(click: Click) -> None:
    person = click.person
    with click.deps.db.begin() as session:
        view = silence.all_is_well(
            session,
            team_id=person.team_id,
            delivery_id=click.int_value,
            person=person,
            now=click.deps.clock.now(),
        )
    if view.pair.status == "ended":
        click.tell(f"Your mentoring with <@{view.other(person.id or 0).slack_user_id}> has ended.")
        return
    click.tell("Glad to hear it. Nothing changes; enjoy your next conversation.")
