"""Two `mentorbot serve` replicas on one PostgreSQL give the outcome of one process.

The same journey runs twice on the same schema: once through a single replica (the reference),
then, after emptying the tables, with every request sent to one of two replicas at random.
The database rows and what reached Slack must be the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any, cast

import pytest
from sqlalchemy import Date, DateTime, select, text
from sqlmodel import SQLModel

from handlers.introductions.blocks import INTRO_ACCEPT
from handlers.reflection import blocks as reflection_blocks
from handlers.reflection import forms as reflection_forms
from playground.emulator import SlackEmulator
from playground.harness import Harness
from playground.replicas import Cluster, ServeProcess, mentorbot_env, run_mentorbot
from storage.engine import Database
from tests.handlers import find_mentor_helpers as mentoring
from tests.handlers.reflection_helpers import click_in_dm, step_of

pytestmark = pytest.mark.postgres

# Rows that only say *when* something happened, or that Slack's own retries add, differ by run.
NOT_COMPARED_TABLES = {"processed_event", "alembic_version"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Typed messages' ts and clicks' action_ts (the dialog's inputs taken, "click:<ts>").
ONE_TS = r"(?:click:)?\d{10}\.\d{6}"
SLACK_TS = re.compile(rf"{ONE_TS}( {ONE_TS})*")


@pytest.fixture
def database(postgres_url: str) -> Iterator[Database]:
    env = mentorbot_env(postgres_url, "http://127.0.0.1:9/api/", "xoxb-unused")
    run_mentorbot(["migrate"], env)
    db = Database(postgres_url)
    yield db
    db.dispose()


def test_two_replicas_give_the_outcome_of_one(database: Database, postgres_url: str) -> None:
    # Scheduler passes after the pair formed: in the meeting weeks to come, 10:00 UTC.
    today = datetime.now(UTC).date()  # wall-clock-ok: the replicas run on the system clock
    moments = [datetime.combine(today + timedelta(days=d), time(10), UTC) for d in (2, 8, 16)]
    reference = _run_journey(database, postgres_url, replicas=1, ticks=moments)
    _empty_every_table(database)
    spread = _run_journey(database, postgres_url, replicas=2, ticks=moments)
    assert spread["served_by"] == {0, 1}, "the journey was not spread over both replicas"
    differences = _differences(spread["rows"], reference["rows"])
    assert differences == {}, repr(differences)
    assert spread["slack"] == reference["slack"]
    assert spread["refused"] == [] and reference["refused"] == []
    assert reference["deliveries"], "the passes sent nothing: the tick part tested nothing"
    assert spread["deliveries"] == reference["deliveries"]
    assert len(set(spread["deliveries"])) == len(spread["deliveries"]), "a delivery sent twice"


def _run_journey(
    database: Database, postgres_url: str, *, replicas: int, ticks: list[datetime]
) -> dict[str, Any]:
    with SlackEmulator() as emulator:
        env = mentorbot_env(postgres_url, emulator.api_url, emulator.token)
        processes = [ServeProcess(env) for _ in range(replicas)]
        try:
            for process in processes:
                process.start()
            cluster = Cluster(emulator, processes, seed=9, db=database)
            _journey(cast(Harness, cluster))
            for moment in ticks:  # as many concurrent `mentorbot tick`s as replicas
                cluster.tick_everywhere(moment, env)
        finally:
            for process in processes:
                process.stop()
        return {
            "served_by": set(cluster.served_by),
            "rows": _rows(database),
            "slack": _what_slack_saw(emulator),
            "refused": [(c.method, c.response) for c in emulator.calls if c.refused],
            "deliveries": _delivery_ids(emulator),
        }


def _journey(h: Harness) -> None:
    """Reflect, offer mentoring, find a mentor, ask for an intro, accept, look at goals and Home."""
    mentoring.add_people(h)
    h.command("UMIA", "/reflect")
    for answer in ("Explaining", "Saying no", "Lead a team", "Meetings"):
        h.say("UMIA", answer)
    h.say("UMIA", "run our sprint planning on my own")
    click_in_dm(h, "UMIA", reflection_blocks.ACTION_ACCEPT)
    click_in_dm(h, "UMIA", reflection_blocks.ACTION_GOALS_DONE)
    click_in_dm(h, "UMIA", reflection_blocks.ACTION_CHOOSE_SKILLS)
    skills_modal = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    h.submit(
        "UMIA",
        skills_modal,
        {
            reflection_forms.SKILLS_SELECT_BLOCK: {
                reflection_forms.SKILLS_SELECT_ACTION: {
                    "type": "multi_static_select",
                    "selected_options": [{"value": "python"}],
                }
            },
            reflection_forms.SKILLS_TYPED_BLOCK: {
                reflection_forms.SKILLS_TYPED_ACTION: {"type": "plain_text_input", "value": ""}
            },
        },
    )
    assert step_of(h, "UMIA") == "done"
    mentoring.save_profile(h, "UMAX", ["python", "public speaking"])
    mentoring.save_profile(h, "UNED", ["python"])
    answer = mentoring.find(h, "UMIA", "python")
    mentoring.request_intro(h, "UMIA", answer, 0)
    mentoring.click_in_dm(h, "UMAX", "UMAX", INTRO_ACCEPT)
    h.command("UMIA", "/mentor", "goals")
    h.event({"type": "app_home_opened", "user": "UMIA", "channel": "D1", "tab": "home"})


def _delivery_ids(emulator: SlackEmulator) -> list[int]:
    """The delivery id of every scheduled message that reached Slack, in sorted order."""
    found = []
    for call in emulator.ok_calls_to("chat.postMessage"):
        metadata = call.args.get("metadata") or {}
        if metadata.get("event_type") == "mentorbot_delivery":
            found.append(int(metadata["event_payload"]["delivery_id"]))
    return sorted(found)


def _rows(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows without its timestamps, in a stable order."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with database.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in NOT_COMPARED_TABLES or table.name.startswith("slack_"):
                continue
            columns = [c for c in table.columns if not _is_moment(c.type)]
            rows = conn.execute(select(*columns)).all()
            found[table.name] = sorted((tuple(map(_without_ts, row)) for row in rows), key=repr)
    return found


def _differences(
    got: dict[str, list[tuple[Any, ...]]], want: dict[str, list[tuple[Any, ...]]]
) -> dict[str, tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """Per table: (rows only the replicas wrote, rows only the single process wrote)."""
    return {
        name: (
            [r for r in got[name] if r not in want[name]],
            [r for r in want[name] if r not in got[name]],
        )
        for name in want
        if got.get(name) != want[name]
    }


def _without_ts(value: Any) -> Any:
    """Slack message timestamps are wall-clock times and claim tokens random: equal runs
    differ only in them."""
    if isinstance(value, str) and SLACK_TS.fullmatch(value):
        return re.sub(r"\d{10}\.\d{6}", "<ts>", value)  # which inputs were clicks stays
    if isinstance(value, str) and UUID.fullmatch(value):
        return "<uuid>"
    return value


def _is_moment(column_type: Any) -> bool:
    return isinstance(getattr(column_type, "impl", column_type), DateTime | Date)


def _what_slack_saw(emulator: SlackEmulator) -> dict[str, Any]:
    return {
        "messages": {
            # Two passes at once may post a channel's messages in another order.
            channel: sorted(str(m.get("text")) for m in messages)
            for channel, messages in sorted(emulator.messages.items())
        },
        "responses": [c.args.get("text") for c in emulator.calls_to("response_url")],
        "views": [v.get("callback_id") for v in emulator.views.values()],
        "homes": sorted(emulator.home_views),
        # auth.test answers the bot's own identity, which each process may cache for good; a
        # call Slack answered `ratelimited` is tried again after Retry-After, and whether two
        # busy replicas meet the per-channel limit depends on their timing, not on the outcome.
        "methods": sorted(
            c.method
            for c in emulator.calls
            if c.method != "auth.test" and c.response.get("error") != "ratelimited"
        ),
    }


def _empty_every_table(database: Database) -> None:
    names = [t.name for t in SQLModel.metadata.sorted_tables if t.name != "alembic_version"]
    with database.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
