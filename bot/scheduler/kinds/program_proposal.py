"""A program's matching proposal for its creator (or its admins), queued by the pass that
matched the program when enrolment closed (bot/services/programs/autoround.py). Its message is
the proposal with Swap, Remove, Match again and Publish; where it lands is remembered, so the
admin's changes update it. A one-off: no Snooze or Stop."""

from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from bot.scheduler.kind import DeliveryKind
from bot.scheduler.plans import SendPlan
from bot.services.programs import autoround, review
from handlers.programs.rounds.delivery_blocks import build_program_proposal_delivery
from storage.models import Delivery
from storage.models.deliveries import PROGRAM_PROPOSAL


def the_proposal(session: Session, row: Delivery, plan: SendPlan) -> SendPlan:
    if row.program_id is None:
        return plan
    proposal = review.proposal_to_send(
        session,
        team_id=row.team_id,
        program_id=row.program_id,
        round_id=autoround.round_of(row.idempotency_key),
    )
    name = proposal.program_name if proposal is not None else ""
    return replace(plan, proposal=proposal, program_name=name)


def landed(session: Session, plan: SendPlan, channel: str, ts: str, _now: datetime) -> None:
    if plan.proposal is not None:
        review.remember_message(
            session,
            team_id=plan.team_id,
            round_id=plan.proposal.round_id,
            channel_id=channel,
            ts=ts,
        )


KIND = DeliveryKind(
    name=PROGRAM_PROPOSAL,
    build=build_program_proposal_delivery,
    footer=False,
    details=the_proposal,
    sent=landed,
)
