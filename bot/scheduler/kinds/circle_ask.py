"""The kind question to one member after three circle check-ins unanswered in a row: Keep /
Pause for me / Leave the circle. Asked once per streak (bot/scheduler/rules.py): the key names
the member, the circle and the newest of the three. Nobody else in the circle is asked."""

from datetime import datetime

from sqlmodel import Session

from bot.scheduler.kind import DeliveryKind
from handlers.circles.delivery_blocks import build_circle_ask_message
from storage.models import Delivery, Person
from storage.models.deliveries import CIRCLE_ASK
from storage.repositories import deliveries as repo


def ask_member(session: Session, *, person: Person, about: Delivery, now: datetime) -> bool:
    """Ask the member about their circle's check-ins, the newest of three left unanswered."""
    key = f"{CIRCLE_ASK}:{person.id}:{about.circle_id}:{about.id}"
    row = repo.new_delivery(CIRCLE_ASK, None, person, now, key, now)
    row.circle_id = about.circle_id
    return repo.add_delivery(session, row)


KIND = DeliveryKind(name=CIRCLE_ASK, build=build_circle_ask_message, footer=False)
