"""Pulse answers: a person's private 1-5 score (and note) for one pulse message."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import PulseAnswer


def answer_to(session: Session, *, delivery_id: int | None) -> PulseAnswer | None:
    return session.exec(select(PulseAnswer).where(PulseAnswer.delivery_id == delivery_id)).first()
