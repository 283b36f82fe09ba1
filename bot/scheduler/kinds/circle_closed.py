"""The kind note to each member of a circle closed because its mentor left Slack (queued by
bot/services/circles/closing.py), with the circle's meetings cancelled in their calendar (the
.ics, METHOD:CANCEL) when it had a time. A one-off: nothing to snooze or stop."""

from dataclasses import replace

from sqlmodel import Session

from bot.scheduler.kind import DeliveryKind
from bot.scheduler.plans import Attachment, SendPlan
from bot.services.calendar.invites import build_cancel
from bot.services.circles.calendar import cancel_for
from handlers.circles.delivery_blocks import build_circle_closed_message
from handlers.circles.invites import FILENAME, build_circle_cancel_comment
from storage.models import Circle, Delivery
from storage.models.deliveries import CIRCLE_CLOSED


def _with_cancel(session: Session, row: Delivery, plan: SendPlan) -> SendPlan:
    circle = session.get(Circle, row.circle_id) if row.circle_id is not None else None
    if circle is None or plan.recipient is None:
        return plan
    series = cancel_for(session, circle=circle, person=plan.recipient)
    if series is None:
        return plan
    content = build_cancel(series, now=circle.closed_at or row.created_at)
    comment = build_circle_cancel_comment(series, "closed")
    return replace(plan, attachment=Attachment(FILENAME, series.summary, content, comment))


KIND = DeliveryKind(
    name=CIRCLE_CLOSED, build=build_circle_closed_message, footer=False, details=_with_cancel
)
