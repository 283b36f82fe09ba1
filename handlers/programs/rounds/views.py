"""The Swap modal's submission: the admin is checked again, a hard rule's refusal is shown in
the modal, and the proposal message is updated after the swap."""

from __future__ import annotations

from bot.services.programs import review
from bot.services.programs.proposals import read_proposal
from handlers.programs.rounds import blocks
from handlers.programs.rounds.showing import show_proposal
from handlers.slack.forms import Form, on_submit
from handlers.slack.replies import form_refusal


@on_submit
def handle_view_swap(form: Form) -> None:
    round_id, pair_id = form.id("round"), form.id("pair")  # NotYours for a forged id
    choice = str((form.state(blocks.SWAP_BLOCK, blocks.SWAP_SELECT).get("selected_option") or {})
                 .get("value") or "")  # fmt: skip
    team_id = form.person.team_id
    with form.deps.db.begin() as session:
        allowed = review.admin_of(session, form.person)
    if not allowed:  # acked outside any unit of work: the ack releases the form's claim
        form.ack(**form_refusal(form.body.get("view") or {}, blocks.NOT_ADMIN))
        return
    with form.deps.db.begin() as session:
        outcome = review.apply_swap(
            session, team_id=team_id, round_id=round_id, pair_id=pair_id, choice=choice,
            now=form.deps.clock.now(),
        )  # fmt: skip
        proposal = read_proposal(session, team_id=team_id, round_id=round_id)
    if outcome.kind != "swapped" or proposal is None:
        form.ack(response_action="errors", errors={blocks.SWAP_BLOCK: outcome.message})
        return
    form.ack()
    show_proposal(form.client, form.deps, form.person, proposal, origin=form.origin)
