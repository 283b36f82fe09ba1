"""The kinds of reminder a person stopped or snoozed, as the reminders message lists them (for
`/mentor reminders` and the talk feature's "my reminders")."""

from __future__ import annotations

from bot.deps import Deps
from bot.services import cadence
from bot.services.meetings import reminders
from handlers.meetings import blocks
from storage.models import Person


def quiet_rows(deps: Deps, person: Person) -> list[blocks.QuietRow]:
    """The kinds of reminder the person stopped or snoozed, as the reminders message lists them."""
    now = deps.clock.now()
    with deps.db.begin() as session:
        quiet = reminders.quiet_kinds(session, person=person, now=now)
    return [
        blocks.QuietRow(
            q.preference_id,
            q.label,
            q.stopped,
            cadence.local_day(q.snoozed_until, person.tz) if q.snoozed_until else None,
            cadence.local_day(now, person.tz),
        )
        for q in quiet
    ]
