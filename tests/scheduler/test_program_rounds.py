"""The programs' steps of a scheduler pass, with an injected clock: a round-mode program is
matched once when its enrolment has closed (in its creator's zone) and its proposal goes to the
creator's DM, whose buttons then work; replicas racing match it once; a decline is followed by
the next mentor's introduction and the mentee's notice."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, func, select

from bot.services.programs import autoround, publishing, rounds
from handlers.introductions.blocks import INTRO_DECLINE
from handlers.programs.rounds import blocks
from playground.emulator import SlackEmulator
from playground.harness import Harness
from storage.engine import Database
from storage.models import Delivery, IntroRequest, MatchingRound, Person, Program
from storage.models.deliveries import PROGRAM_INTRO, PROGRAM_MATCHED, PROGRAM_PROPOSAL
from tests.services.matching_fixtures import person
from tests.services.programs.builders import (
    NOW,
    TEAM,
    TODAY,
    enrolled_mentee,
    enrolled_mentor,
    new_program,
)

ADMIN = "UADM"


def _program(db: Database, *, creator_tz: str | None = "Europe/Paris") -> Program:
    """Ana and Cy want Python, Bo and Di know it; enrolment closes tomorrow (2 December)."""
    with db.begin() as session:
        program = new_program(session, closes=TODAY + timedelta(days=1))
        for slack_id in ("UANA", "UCY"):
            enrolled_mentee(session, program, slack_id, ["python"])
        for slack_id in ("UBO", "UDI"):
            enrolled_mentor(session, program, slack_id, ["Python"])
        if creator_tz is not None:
            admin = person(session, ADMIN, tz=creator_tz)
            admin.is_workspace_admin = True
            program.created_by_person_id = admin.id
            session.add_all([admin, program])
    return program


def _count(db: Database, model: Any, *where: Any) -> int:
    with db.begin() as session:
        return int(session.exec(select(func.count()).select_from(model).where(*where)).one())


@pytest.fixture
def h(sqlite_url: str) -> Iterator[Harness]:
    emulator = SlackEmulator(team_id=TEAM)
    for user in ("UANA", "UCY", "UBO", "UDI", "UED", ADMIN):
        emulator.add_user(user, name=user.lower(), tz="Europe/Paris", is_admin=user == ADMIN)
    with Harness(sqlite_url, emulator=emulator, start=NOW) as running:
        yield running


def test_a_closed_program_is_matched_once_and_its_proposal_reaches_the_creator(h: Harness) -> None:
    _program(h.db)
    h.tick(datetime(2026, 12, 2, 16, 0, tzinfo=UTC))  # the closing day itself: still open
    assert _count(h.db, MatchingRound) == 0
    report = h.tick(datetime(2026, 12, 3, 9, 0, tzinfo=UTC))  # the day after, 10:00 in Paris
    assert [line.split()[2] for line in report.sent] == [PROGRAM_PROPOSAL]
    with h.db.begin() as session:
        program = session.exec(select(Program)).one()
        round_ = session.exec(select(MatchingRound)).one()
        assert program.auto_matched_at == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
        assert round_.status == "proposed" and round_.note == autoround.NOTE
    posted = h.emulator.ok_calls_to("chat.postMessage")[-1]
    assert posted.args["channel"] == h.emulator.dm_channel_of(ADMIN)
    assert "Enrolment in *Spring cohort* has closed" in str(posted.args["blocks"])
    assert round_.proposal_ts == posted.response["ts"]  # remembered, to update after changes
    assert h.tick(datetime(2026, 12, 3, 10, 0, tzinfo=UTC)).sent == []
    h.tick(datetime(2026, 12, 4, 10, 0, tzinfo=UTC))
    assert _count(h.db, MatchingRound) == 1 and _count(h.db, Delivery) == 1

    # The delivered proposal's own Publish works and updates that very message.
    channel = h.emulator.dm_channel_of(ADMIN)
    message = next(m for m in h.emulator.messages[channel] if m["ts"] == round_.proposal_ts)
    button = next(
        e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
        if e["action_id"] == blocks.PUBLISH_ACTION
    )  # fmt: skip
    h.event({"type": "app_home_opened", "user": ADMIN, "tab": "home"})
    h.click(ADMIN, {"action_id": blocks.PUBLISH_ACTION, "value": button["value"]},
            channel_id=channel, message=message)  # fmt: skip
    assert _count(h.db, IntroRequest) == 2
    updated = next(m for m in h.emulator.messages[channel] if m["ts"] == round_.proposal_ts)
    assert "Published. 2 introductions" in str(updated["blocks"])  # the same message, updated


def _utc(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tz", "not_yet", "due"),
    [
        ("Pacific/Auckland", _utc(2, 10, 59), _utc(2, 11, 0)),  # UTC+13: its 3 December
        ("America/Los_Angeles", _utc(3, 7, 59), _utc(3, 8, 0)),  # UTC-8
        (None, _utc(2, 23, 59), _utc(3, 0, 0)),  # no creator: UTC
    ],
)
def test_enrolment_closes_at_midnight_in_the_creators_zone(
    db: Database, tz: str | None, not_yet: datetime, due: datetime
) -> None:
    _program(db, creator_tz=tz)
    with db.begin() as session:
        assert autoround.programs_due(session, now=not_yet) == []
        assert len(autoround.programs_due(session, now=due)) == 1


def test_without_a_creator_the_proposal_goes_to_every_admin(db: Database) -> None:
    _program(db, creator_tz=None)
    with db.begin() as session:
        for slack_id in ("UAD1", "UAD2"):
            admin = person(session, slack_id)
            admin.is_workspace_admin = True
            session.add(admin)
    done = autoround.match_closed_programs(db, now=datetime(2026, 12, 3, 9, 0, tzinfo=UTC))
    assert [d.queued for d in done] == [2]
    assert _count(db, Delivery, col(Delivery.kind) == PROGRAM_PROPOSAL) == 2


def test_a_program_choosing_its_mentors_is_never_matched(db: Database) -> None:
    program = _program(db)
    with db.begin() as session:
        stored = session.get(Program, program.id)
        assert stored is not None
        stored.matching_mode = "mentees_choose"
        session.add(stored)
    assert autoround.match_closed_programs(db, now=datetime(2026, 12, 5, 9, 0, tzinfo=UTC)) == []
    assert _count(db, MatchingRound) == 0


def _held(barrier: threading.Barrier, original: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        barrier.wait(timeout=30)
        return original(*args, **kwargs)

    return wrapper


def test_two_replicas_match_a_closed_program_once(
    sqlite_or_postgres: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = sqlite_or_postgres
    _program(database)
    other = Database(str(database.engine.url.render_as_string(hide_password=False)))
    # Both replicas read "not matched yet" and solve before either stores anything.
    monkeypatch.setattr(rounds.solver, "solve", _held(threading.Barrier(2), rounds.solver.solve))
    at = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    results: list[list[autoround.AutoRound]] = []
    errors: list[BaseException] = []

    def replica(db: Database) -> None:
        try:
            results.append(autoround.match_closed_programs(db, now=at))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=replica, args=(d,)) for d in (database, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    other.dispose()
    assert not errors, errors
    assert sorted(sum(d.queued for d in done) for done in results) == [0, 1], results
    assert _count(database, MatchingRound) == 1
    assert _count(database, Delivery, col(Delivery.kind) == PROGRAM_PROPOSAL) == 1


def test_a_decline_then_a_pass_offers_the_next_mentor_and_tells_the_mentee(h: Harness) -> None:
    with h.db.begin() as session:
        program = new_program(session)
        enrolled_mentee(session, program, "UANA", ["python"])
        enrolled_mentor(session, program, "UBO", ["Python"])
        enrolled_mentor(session, program, "UED", ["Python"], tz="Asia/Tokyo")
    assert program.id is not None
    proposal = rounds.match_now(h.db, team_id=TEAM, program_id=program.id, admin_id=None, now=NOW)
    assert proposal.proposal is not None
    publishing.publish(
        h.db, team_id=TEAM, round_id=proposal.proposal.round_id, admin_id=None, now=NOW
    )
    first = h.tick(NOW + timedelta(hours=1))
    assert sorted(line.split()[2] for line in first.sent) == [PROGRAM_INTRO, PROGRAM_MATCHED]
    intro = next(
        c for c in h.emulator.ok_calls_to("chat.postMessage") if c.args["channel"] == "DBO"
    )
    channel = str(intro.response["channel"])
    message = next(m for m in h.emulator.messages[channel] if m["ts"] == intro.response["ts"])
    decline = next(
        e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
        if e["action_id"] == INTRO_DECLINE
    )  # fmt: skip
    h.click("UBO", decline, channel_id=channel, message=message)
    # The next working day: the pass offers Ed, sends him the introduction, tells Ana.
    report = h.tick(datetime(2026, 12, 2, 8, 30, tzinfo=UTC))
    sent = sorted(line.split()[2] for line in report.sent)
    assert PROGRAM_INTRO in sent
    assert any("to UED" in line for line in report.sent if PROGRAM_INTRO in line)
    later = h.tick(datetime(2026, 12, 2, 9, 30, tzinfo=UTC))
    told = [*report.sent, *later.sent]
    assert any(PROGRAM_MATCHED in line and "to UANA" in line for line in told)
    dm = h.emulator.messages[h.emulator.dm_channel_of("UANA")]
    assert any("matched you with <@UED>" in str(m.get("blocks")) for m in dm)
    with h.db.begin() as session:
        requests = session.exec(select(IntroRequest).order_by(col(IntroRequest.id))).all()
        mentors = [session.get(Person, r.mentor_id) for r in requests]
        assert [r.status for r in requests] == ["declined", "open"]
        assert [m.slack_user_id for m in mentors if m is not None] == ["UBO", "UED"]


def test_a_notice_still_waiting_when_the_mentor_declined_is_dropped(h: Harness) -> None:
    """Ana (Los Angeles) waits for her working hours; her Paris mentor declines first: she is
    told about the next mentor only, never that the first one has 3 days to answer."""
    with h.db.begin() as session:
        program = new_program(session)
        enrolled_mentee(session, program, "UANA", ["python"], tz="America/Los_Angeles")
        enrolled_mentor(session, program, "UBO", ["Python"])
        enrolled_mentor(session, program, "UDI", ["Python"])
    assert program.id is not None
    proposal = rounds.match_now(h.db, team_id=TEAM, program_id=program.id, admin_id=None, now=NOW)
    assert proposal.proposal is not None
    first = proposal.proposal.pairs[0].mentor_slack_id
    second = "UDI" if first == "UBO" else "UBO"
    publishing.publish(
        h.db, team_id=TEAM, round_id=proposal.proposal.round_id, admin_id=None, now=NOW
    )
    h.tick(NOW + timedelta(hours=1))  # 11:00 in Paris, 02:00 in Los Angeles
    channel = h.emulator.dm_channel_of(first)
    message = h.emulator.messages[channel][-1]
    decline = next(
        e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
        if e["action_id"] == INTRO_DECLINE
    )  # fmt: skip
    h.click(first, decline, channel_id=channel, message=message)
    h.tick(datetime(2026, 12, 1, 17, 0, tzinfo=UTC))  # 09:00 in Los Angeles
    with h.db.begin() as session:
        notices = session.exec(
            select(Delivery).where(col(Delivery.kind) == PROGRAM_MATCHED).order_by(col(Delivery.id))
        ).all()
        assert [n.status for n in notices] == ["cancelled", "sent"]
    dm = h.emulator.messages.get(h.emulator.dm_channel_of("UANA"), [])
    told = [str(m.get("blocks")) for m in dm if "matched you with" in str(m.get("blocks"))]
    assert len(told) == 1 and f"<@{second}>" in told[0]
