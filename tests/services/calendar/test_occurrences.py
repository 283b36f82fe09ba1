"""The agreed series' occurrences as the scheduler reads them: on the organiser's wall clock
across DST, a skipped one left out, a moved one at its new time, none past a pause's end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.services.calendar.occurrences import upcoming
from storage.models import MeetingTime, MeetingTimeChange

NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)


def _time(**changes: object) -> MeetingTime:
    fields: dict[str, object] = {
        "team_id": "T1",
        "pair_id": 1,
        "organiser_id": 1,
        "tz": "America/Los_Angeles",
        "first_start": datetime(2027, 1, 5, 18, 0, tzinfo=UTC),  # Tuesday 10:00 PST
        "length_minutes": 30,
        "cadence": "weekly",
        "agreed_at": NOW,
        "updated_at": NOW,
    }
    fields.update(changes)
    return MeetingTime(**fields)


def test_the_wall_clock_holds_across_dst() -> None:
    found = upcoming(_time(), after=NOW, within=timedelta(weeks=4))
    # 14 March 2027: Los Angeles goes to PDT, so 10:00 is 17:00 UTC from then on.
    assert [o.start.hour for o in found] == [18, 18, 17, 17]
    assert all(o.end - o.start == timedelta(minutes=30) for o in found)
    every_other = upcoming(_time(cadence="biweekly"), after=NOW, within=timedelta(weeks=4))
    assert [o.start.day for o in every_other] == [2, 16]


def test_skips_moves_an_end_and_a_paused_series() -> None:
    skipped = datetime(2027, 3, 9, 18, tzinfo=UTC)
    moved = datetime(2027, 3, 16, 17, tzinfo=UTC)
    changes = [
        MeetingTimeChange(team_id="T1", pair_id=1, original_start=skipped, created_at=NOW),
        MeetingTimeChange(
            team_id="T1",
            pair_id=1,
            original_start=moved,
            new_start=moved + timedelta(days=1),
            created_at=NOW,
        ),
    ]
    time = _time(until=datetime(2027, 3, 23, 17, tzinfo=UTC))
    found = upcoming(time, changes, after=NOW)
    assert [(o.start, o.original) for o in found] == [
        (datetime(2027, 3, 2, 18, tzinfo=UTC), datetime(2027, 3, 2, 18, tzinfo=UTC)),
        (moved + timedelta(days=1), moved),
        (datetime(2027, 3, 23, 17, tzinfo=UTC), datetime(2027, 3, 23, 17, tzinfo=UTC)),
    ]
    assert upcoming(_time(status="paused"), after=NOW) == []
