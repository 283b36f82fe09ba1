"""When Slack or the database misbehaves: retry where Slack says to, apologise instead of
silence, and never lose what the person typed."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
from sqlmodel import select

from bot.app import APOLOGY
from handlers.reflection import blocks
from playground.harness import Harness
from storage.models import Goal, Reflection, ReflectionDialog
from tests.handlers.reflection_helpers import click_in_dm, dm, last_dm, rendered, step_of

USER = "UANA"


@pytest.fixture
def reflecting(harness: Harness) -> Harness:
    """Ana has started /reflect and is asked for her strengths."""
    harness.emulator.add_user(USER, name="ana", tz="Europe/Berlin")
    harness.command(USER, "/reflect")
    assert step_of(harness, USER) == "strengths"
    return harness


def _strengths(h: Harness) -> str | None:
    with h.db.begin() as session:
        reflection = session.exec(select(Reflection)).first()
        return reflection.strengths if reflection else None


def _statuses(h: Harness, method: str) -> list[int | str]:
    return [
        c.status if c.status != 200 else c.response.get("error") or 200
        for c in h.emulator.calls_to(method)
    ]


def test_429_with_retry_after_is_retried_and_delivered(reflecting: Harness) -> None:
    h = reflecting
    h.emulator.fail_next(1, method="chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    h.say(USER, "explaining things")
    assert time.monotonic() - started >= 0.9  # Retry-After was honoured
    assert _statuses(h, "chat.postMessage")[-2:] == [429, 200]
    assert "Weaknesses" in rendered(last_dm(h, USER))


def test_a_passing_500_is_retried(reflecting: Harness) -> None:
    h = reflecting
    h.emulator.fail_next(2, method="chat.postMessage", status=500)
    h.say(USER, "explaining things")
    assert _statuses(h, "chat.postMessage")[-3:] == [500, 500, 200]
    assert step_of(h, USER) == "weaknesses"


def _answers(h: Harness) -> tuple[str, str] | None:
    with h.db.begin() as session:
        reflection = session.exec(select(Reflection)).first()
        return (reflection.strengths, reflection.weaknesses) if reflection else None


def test_answer_is_stored_but_the_step_waits_until_its_next_question_is_delivered(
    reflecting: Harness,
) -> None:
    h = reflecting
    # The next question fails three times (first try and two retries); the apology gets through.
    h.emulator.fail_next(3, method="chat.postMessage", status=500)
    h.say(USER, "explaining things")
    assert _strengths(h) == "explaining things"  # what she typed is safe
    assert step_of(h, USER) == "strengths"  # she never saw the weaknesses question
    assert last_dm(h, USER)["text"] == APOLOGY
    h.say(USER, "explaining things")  # as told, she tries again: the same answer, same step
    assert _answers(h) == ("explaining things", "")
    assert "Weaknesses" in rendered(last_dm(h, USER))
    h.say(USER, "saying no")
    assert _answers(h) == ("explaining things", "saying no")
    assert step_of(h, USER) == "aspirations"


def test_after_an_undelivered_question_reflect_asks_the_one_she_saw(reflecting: Harness) -> None:
    h = reflecting
    h.emulator.fail_next(3, method="chat.postMessage", status=500)
    h.say(USER, "explaining things")
    h.command(USER, "/reflect")  # she tries again by starting over: the question she saw
    shown = rendered(last_dm(h, USER))
    assert "Strengths" in shown and "explaining things" in shown  # with her answer kept
    h.say(USER, "explaining and listening")  # a better answer replaces it
    assert _answers(h) == ("explaining and listening", "")
    assert step_of(h, USER) == "weaknesses"


def test_a_refused_connection_keeps_the_step_she_saw(reflecting: Harness) -> None:
    h = reflecting
    api_url = h.app.client.base_url
    h.app.client.base_url = "http://127.0.0.1:1/"  # nothing listens there: connection refused
    try:
        result = h.say(USER, "explaining things")
    finally:
        h.app.client.base_url = api_url
    assert result.status == 200
    assert _strengths(h) == "explaining things"
    assert step_of(h, USER) == "strengths"
    h.say(USER, "explaining things")
    assert _answers(h) == ("explaining things", "")
    assert step_of(h, USER) == "weaknesses"


def test_a_goal_whose_next_question_failed_is_saved_once_when_typed_again(
    reflecting: Harness,
) -> None:
    h = reflecting
    for text in ("explaining", "saying no", "lead a team", "meetings"):
        h.say(USER, text)
    goal = "run our sprint planning on my own by 31 March, 3 sprints in a row"
    h.emulator.fail_next(3, method="chat.postMessage", status=500)
    h.say(USER, goal)
    assert step_of(h, USER) == "goals"  # "saved; add another?" never reached her
    h.say(USER, goal)
    assert step_of(h, USER) == "goals_more"
    with h.db.begin() as session:
        assert [g.text for g in session.exec(select(Goal)).all()] == [goal]


def test_a_goal_detail_whose_next_question_failed_is_asked_again(reflecting: Harness) -> None:
    h = reflecting
    for text in ("explaining", "saying no", "lead a team", "meetings", "get better at planning"):
        h.say(USER, text)
    assert step_of(h, USER) == "goal_detail"
    with h.db.begin() as session:
        before = session.exec(select(ReflectionDialog)).one()
        asked = (before.asking, before.draft_text)
    h.emulator.fail_next(3, method="chat.postMessage", status=500)
    h.say(USER, "run the sprint planning")
    with h.db.begin() as session:
        after = session.exec(select(ReflectionDialog)).one()
        assert (after.asking, after.draft_text) == asked  # the question she saw is still open


def test_invalid_auth_is_not_retried_and_the_person_hears_back(reflecting: Harness) -> None:
    h = reflecting
    h.emulator.fail_next(1, method="chat.postMessage", status=200, error="invalid_auth")
    h.say(USER, "explaining things")
    assert _statuses(h, "chat.postMessage")[-2:] == ["invalid_auth", 200]
    assert last_dm(h, USER)["text"] == APOLOGY
    assert _strengths(h) == "explaining things"


def test_a_timed_out_post_that_arrived_gets_no_apology_beside_it(reflecting: Harness) -> None:
    h = reflecting
    h.app.client.timeout = 1  # each request's client copies the app client's settings
    h.emulator.stall_next("chat.postMessage", 1.5)
    h.say(USER, "explaining things")
    h.settle()  # the stalled call finishes on the emulator's side; the bot then looks
    assert _strengths(h) == "explaining things"
    texts = [m.get("text") for m in dm(h, USER)]
    # A timed-out post may still have gone through, so it is not retried (no duplicates); the
    # bot looked, saw its question arrived, and adds no apology under it.
    assert APOLOGY not in texts
    assert "Weaknesses" in rendered(last_dm(h, USER))
    assert len(h.emulator.ok_calls_to("conversations.history")) == 1


def test_a_failing_button_apologises_privately(reflecting: Harness) -> None:
    h = reflecting
    h.emulator.fail_next(3, method="chat.postMessage", status=503)
    click_in_dm(h, USER, blocks.ACTION_SKIP)
    # The weaknesses question never reached her: the click is taken back, so what she types
    # next answers the strengths question she sees, whose Skip still works.
    assert step_of(h, USER) == "strengths"
    note = h.emulator.calls_to("response_url")[-1].args
    assert note["text"] == APOLOGY and note["response_type"] == "ephemeral"
    assert h.emulator.calls_to("chat.update") == []  # its buttons were not retired
    click_in_dm(h, USER, blocks.ACTION_SKIP)
    assert step_of(h, USER) == "weaknesses"
    assert "Weaknesses" in rendered(last_dm(h, USER))


def test_a_typed_answer_after_a_failed_button_answers_the_question_she_saw(
    reflecting: Harness,
) -> None:
    h = reflecting
    h.emulator.fail_next(3, method="chat.postMessage", status=503)
    click_in_dm(h, USER, blocks.ACTION_SKIP)
    h.say(USER, "explaining things")
    assert _answers(h) == ("explaining things", "")
    assert step_of(h, USER) == "weaknesses"


def test_a_timed_out_question_that_did_not_arrive_is_taken_back(reflecting: Harness) -> None:
    h = reflecting
    h.app.client.timeout = 1
    h.emulator.stall_next("chat.postMessage", 1.5)  # she waits in vain ...
    h.emulator.fail_next(1, method="chat.postMessage", status=500)  # ... and nothing posts
    h.say(USER, "explaining things")
    h.settle()
    assert _strengths(h) == "explaining things"
    assert step_of(h, USER) == "strengths"  # the bot looked: the question is not in the DM
    assert last_dm(h, USER)["text"] == APOLOGY
    assert len(h.emulator.ok_calls_to("conversations.history")) == 1  # looked once, not twice
    h.say(USER, "explaining and listening")
    assert _answers(h) == ("explaining and listening", "")
    assert "Weaknesses" in rendered(last_dm(h, USER))


def test_a_timed_out_click_whose_question_arrived_keeps_its_step(reflecting: Harness) -> None:
    h = reflecting
    h.app.client.timeout = 1
    h.emulator.stall_next("chat.postMessage", 1.5)
    click_in_dm(h, USER, blocks.ACTION_SKIP)
    h.settle()
    assert step_of(h, USER) == "weaknesses"
    assert "Weaknesses" in rendered(last_dm(h, USER))
    assert h.emulator.calls_to("response_url") == []  # no apology under a question that came


def test_a_failing_slash_command_apologises(harness: Harness) -> None:
    harness.emulator.add_user(USER, name="ana")
    harness.emulator.fail_next(3, method="users.info", status=500)
    result = harness.command(USER, "/mentor", "data export")
    assert result.status == 200
    assert harness.emulator.calls_to("response_url")[-1].args["text"] == APOLOGY


def test_a_briefly_locked_sqlite_database_is_waited_for(
    reflecting: Harness, sqlite_url: str
) -> None:
    h = reflecting
    path = sqlite_url.removeprefix("sqlite:///")
    locker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN IMMEDIATE")  # another process holds the write lock ...
    release = threading.Timer(1.0, lambda: locker.execute("COMMIT"))
    release.start()  # ... for a second
    try:
        result = h.say(USER, "explaining things")
    finally:
        release.join()
        locker.close()
    assert result.status == 200
    assert _strengths(h) == "explaining things"
    assert "Weaknesses" in rendered(last_dm(h, USER))


def test_emulator_stall_makes_a_short_timeout_client_fail() -> None:
    """The emulator's stall really is a timeout as a client sees it (tests above rely on it)."""
    from slack_sdk import WebClient

    from playground.emulator import SlackEmulator

    with SlackEmulator() as emulator:
        client = WebClient(token=emulator.token, base_url=emulator.api_url, timeout=0.3)
        emulator.stall_next("auth.test", 1.0)
        with pytest.raises(TimeoutError):
            client.auth_test()
        assert client.auth_test()["ok"]


# --- PostgreSQL: the connection pool restarted between two steps of a journey ---------------


@pytest.fixture
def pg_harness(postgres_url: str) -> Iterator[tuple[Harness, str]]:
    from storage.migrate import upgrade

    name = f"mentorbot_trust_{uuid.uuid4().hex[:8]}"
    url = f"{postgres_url}&application_name={name}"
    upgrade(url)
    with Harness(url) as running:
        yield running, name


def _kill_app_connections(application_name: str) -> int:
    """What a PostgreSQL restart does to the app: every connection it holds is cut."""
    import psycopg

    from tests.conftest import POSTGRES_URL

    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            (application_name,),
        ).fetchall()
    return len(rows)


def test_postgres_connections_cut_mid_journey_and_the_journey_goes_on(
    pg_harness: tuple[Harness, str],
) -> None:
    h, application_name = pg_harness
    h.emulator.add_user(USER, name="ana")
    h.command(USER, "/reflect")
    h.say(USER, "explaining things")
    assert _kill_app_connections(application_name) >= 1
    h.say(USER, "saying no")  # the pool notices the dead connections and opens new ones
    h.db.engine.dispose()  # and a pool thrown away entirely is rebuilt on demand
    for text in ("lead a team", "meetings", "run our sprint planning on my own by March"):
        h.say(USER, text)
    with h.db.begin() as session:
        reflection = session.exec(select(Reflection)).one()
        assert (reflection.weaknesses, reflection.challenges) == ("saying no", "meetings")
    assert step_of(h, USER) == "goal_detail"  # the goal was taken; the SMART check asks on
    assert [c for c in h.emulator.calls if c.refused] == []
