"""A pair shows life (a meeting logged or a check-in answered, thanks, a pulse answer, a word
in its group DM, a checkpoint answered): its silence clock starts again and a quiet-pair nudge
not out yet is dropped. Imports storage only, so every feature may call it."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from storage.models import Pair
from storage.models.deliveries import PROGRAM_QUIET
from storage.repositories import deliveries as deliveries_repo


def showed_life(session: Session, *, pair_id: int, now: datetime) -> None:
    """Stamp the pair's last activity (never backwards) and cancel its open quiet nudges."""
    pair = session.get(Pair, pair_id)
    if pair is None:
        return
    if pair.last_activity_at is None or pair.last_activity_at < now:
        pair.last_activity_at = now
        session.add(pair)
    for row in deliveries_repo.open_for_pair(session, pair_id=pair_id):
        if row.kind == PROGRAM_QUIET:
            deliveries_repo.cancel(session, row)
