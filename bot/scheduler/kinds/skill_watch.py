"""The note to someone who asked to hear when a mentor with a skill opts in (queued by
bot/services/profiles.py; the watch row names the skill and the mentor)."""

from dataclasses import replace

from sqlmodel import Session

from bot.scheduler.kind import DeliveryKind
from bot.scheduler.plans import SendPlan
from bot.services import skills
from handlers.meetings.blocks.notices import build_skill_watch_message
from storage.models import Delivery, Person, SkillWatch
from storage.models.deliveries import SKILL_WATCH
from storage.repositories import deliveries as repo


def watched(session: Session, row: Delivery, plan: SendPlan) -> SendPlan:
    """The skill's label and the mentor who opted in, for the message."""
    watch = session.get(SkillWatch, repo.watch_id_of(row))
    if watch is None:
        return replace(plan, skill_label="", mentor=None)
    mentor = session.get(Person, watch.notified_mentor_id) if watch.notified_mentor_id else None
    labels = skills.labels_for(session, team_id=row.team_id, keys=[watch.skill_key])
    return replace(plan, skill_label=labels.get(watch.skill_key, watch.skill_key), mentor=mentor)


KIND = DeliveryKind(name=SKILL_WATCH, build=build_skill_watch_message, details=watched)
