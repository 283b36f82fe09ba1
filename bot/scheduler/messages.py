"""The message of one delivery: its kind's builder, and Snooze and Stop on what comes again."""

from __future__ import annotations

from bot.scheduler.plans import SendPlan
from bot.scheduler.registry import kind_of, label_of
from handlers.meetings.blocks.context import DeliveryContext, Message
from handlers.meetings.blocks.reminders import build_footer


def build_delivery_message(ctx: DeliveryContext) -> Message:
    """The message for one scheduled delivery, with Snooze and Stop on what recurs."""
    kind = kind_of(ctx.kind)
    message = kind.build(ctx)
    footer = [build_footer(ctx.delivery_id)] if kind.footer else []
    return {"text": message["text"], "blocks": [*message["blocks"], *footer]}


def context_for(plan: SendPlan) -> DeliveryContext:
    """The plain facts the message of a planned delivery shows."""
    return DeliveryContext(
        kind=plan.kind,
        delivery_id=plan.delivery_id,
        pair_id=plan.pair.id if plan.pair else None,
        mentor_user=(
            plan.circle.mentor.slack_user_id
            if plan.circle
            else plan.mentor.slack_user_id
            if plan.mentor
            else ""
        ),
        mentee_user=plan.mentee.slack_user_id if plan.mentee else "",
        recipient_user=plan.recipient.slack_user_id if plan.recipient else "",
        occurrence=plan.occurrence,
        cadence=plan.pair.cadence if plan.pair else "",
        weekday=plan.pair.meeting_weekday if plan.pair else 0,
        adapt_kind_label=label_of(plan.adapt_kind, "reminders"),
        skill_label=plan.skill_label,
        today=plan.today,
        own_goals=plan.own.goals,
        own_takeaway=plan.own.takeaway,
        intro_request_id=plan.intro_request.id if plan.intro_request else None,
        intro_message=plan.intro_request.message if plan.intro_request else "",
        program_name=plan.program_name,
        program_mode=plan.program_mode,
        proposal=plan.proposal,
        calendar_start=plan.calendar_start,
        circle_id=plan.circle.circle_id if plan.circle else None,
        circle_topic=plan.circle.topic if plan.circle else "",
        circle_questions=plan.circle_questions,
        meeting_start=plan.meeting_start,
        reader_zones=tuple(
            (person.slack_user_id, person.tz) for person in (plan.mentee, plan.mentor) if person
        ),
        peer=plan.pair is not None and plan.pair.kind == "peer",
    )
