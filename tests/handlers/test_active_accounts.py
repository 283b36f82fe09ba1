"""The ack path's deactivation check: remembered "active" for a minute, forgotten the moment
this process hears of a deactivation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from bot.active_accounts import ACTIVE_FOR, RecentlyActive
from handlers.middleware import DEACTIVATED
from playground.harness import Harness
from storage.repositories import people as people_repo

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_remembered_for_a_minute_then_asked_again() -> None:
    active = RecentlyActive()
    assert not active.is_known_active("T1", "U1", T0)
    active.saw_active("T1", "U1", T0, read_since=active.mark())
    assert active.is_known_active("T1", "U1", T0 + ACTIVE_FOR - timedelta(seconds=1))
    assert not active.is_known_active("T2", "U1", T0)  # per workspace
    assert not active.is_known_active("T1", "U1", T0 + ACTIVE_FOR)
    active.saw_active("T1", "U1", T0, read_since=active.mark())
    assert not active.is_known_active("T1", "U1", T0 - timedelta(seconds=1))  # clock set back
    active.saw_active("T1", "U1", T0, read_since=active.mark())
    active.forget("T1", "U1")
    assert not active.is_known_active("T1", "U1", T0)


def test_a_read_that_began_before_a_forget_does_not_remember() -> None:
    active = RecentlyActive()
    mark = active.mark()  # a request reads the account: still active in the database...
    active.forget("T1", "U1")  # ...while a user_change commits the deactivation
    active.saw_active("T1", "U1", T0, read_since=mark)
    assert not active.is_known_active("T1", "U1", T0)
    active.saw_active("T1", "U1", T0, read_since=active.mark())  # reactivated, read afresh
    assert active.is_known_active("T1", "U1", T0)
    active.saw_active("T1", "U2", T0, read_since=mark)  # others are not held back
    assert active.is_known_active("T1", "U2", T0)


def test_the_oldest_are_dropped_beyond_the_bound() -> None:
    active = RecentlyActive(most=3)
    for n in range(5):
        active.saw_active("T1", f"U{n}", T0, read_since=active.mark())
    assert [active.is_known_active("T1", f"U{n}", T0) for n in range(5)] == [
        False,
        False,
        True,
        True,
        True,
    ]


def _person_reads(h: Harness) -> list[str]:
    """Record the statements that read a person's deactivation flag."""
    seen: list[str] = []

    def grab(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith("SELECT person.is_deleted \nFROM person"):
            seen.append(statement)

    event.listen(h.db.engine, "before_cursor_execute", grab)
    return seen


def _deactivate_in_the_database(h: Harness, user_id: str) -> None:
    with h.db.begin() as session:
        person = people_repo.get_person(session, team_id=h.emulator.team_id, slack_user_id=user_id)
        assert person is not None
        person.is_deleted = True
        session.add(person)
    h.emulator.set_user(user_id, deleted=True)


def test_an_active_account_skips_the_query_until_a_minute_passed(harness: Harness) -> None:
    h = harness
    h.emulator.add_user("UALEX", name="alex")
    h.command("UALEX", "/find-mentor", "python")  # stores alex; the check saw them active
    reads = _person_reads(h)
    assert "help" in h.command("UALEX", "/mentor", "help").body.lower()
    assert reads == []  # no database read on the ack path
    # A deactivation that reached only the database (no event): trusted active for a minute...
    _deactivate_in_the_database(h, "UALEX")
    assert DEACTIVATED not in h.command("UALEX", "/mentor", "help").body
    h.clock.advance(ACTIVE_FOR)
    # ...then read again, and refused.
    assert DEACTIVATED in h.command("UALEX", "/mentor", "help").body
    assert len(reads) == 1


def test_a_deactivation_event_is_enforced_at_once(harness: Harness) -> None:
    h = harness
    h.emulator.add_user("UALEX", name="alex")
    h.command("UALEX", "/find-mentor", "python")
    user = {"id": "UALEX", "team_id": h.emulator.team_id, "deleted": True, "name": "alex"}
    h.emulator.set_user("UALEX", deleted=True)
    h.event({"type": "user_change", "user": user})
    assert DEACTIVATED in h.command("UALEX", "/mentor", "help").body
