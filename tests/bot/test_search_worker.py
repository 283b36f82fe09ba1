"""Rankings in a worker process give what the listener's own thread gives, and survive a
worker that dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from bot.executor import TrackingExecutor
from bot.search_worker import ProcessSearches, Searches, SearchNotFound, make_searches
from bot.services.matching import searches
from storage.engine import Database
from storage.models import Skill
from tests.services.matching_fixtures import NOW, TEAM, gaps, mentor, person

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def seeded(db: Database) -> tuple[int, int]:
    """A mentee with two skill gaps, three mentors who fit, one who does not; (mentee, skill)."""
    with db.begin() as session:
        me = person(session, "UME")
        mentor(session, "UA", ["python", "public speaking"], team="Data")
        mentor(session, "UB", ["python"], team="Ops")
        mentor(session, "UC", ["public speaking"], tz="America/New_York")
        mentor(session, "UD", ["sales"])
        gaps(session, me, ["python", "public speaking"])
        searches.suggested_skills(session, team_id=TEAM, now=NOW)  # the workspace's skill list
        skill = session.exec(
            select(Skill).where(Skill.team_id == TEAM, Skill.key == "python")
        ).first()
        assert me.id is not None and skill is not None
        assert skill.id is not None
        return me.id, skill.id


@pytest.fixture
def workers(db: Database) -> Iterator[ProcessSearches]:
    runner = make_searches(db, TrackingExecutor(2), processes=1)
    assert isinstance(runner, ProcessSearches)
    yield runner
    runner.close()


def _shown(result: searches.SearchResult | None) -> list[tuple[str, float, tuple[str, ...]]]:
    assert result is not None
    return [(m.candidate.slack_user_id, round(m.score, 9), m.shared) for m in result.matches]


def test_a_worker_ranks_as_the_listener_thread_does(
    db: Database, seeded: tuple[int, int], workers: ProcessSearches
) -> None:
    mentee_id, skill_id = seeded
    inline = Searches(db, TrackingExecutor(2))
    here = inline.start(team_id=TEAM, person_id=mentee_id, words="", now=NOW)
    there = workers.start(team_id=TEAM, person_id=mentee_id, words="", now=NOW)
    assert _shown(there) == _shown(here) and len(_shown(there)) == 3
    assert (
        there.search_id is not None and there.search_id != here.search_id
    )  # stored, by the worker
    assert (there.total, there.wanted, there.labels) == (here.total, here.wanted, here.labels)
    assert workers.worker_pids and os.getpid() not in workers.worker_pids

    paged = workers.page(
        team_id=TEAM, person_id=mentee_id, search_id=there.search_id, offset=1, now=NOW
    )
    assert _shown(paged) == _shown(there)[1:] and paged.offset == 1
    typed = workers.for_skill(team_id=TEAM, person_id=mentee_id, skill_id=skill_id, now=NOW)
    assert [m for m, _, _ in _shown(typed)] == ["UA", "UB"]
    assert workers.for_skill(team_id=TEAM, person_id=mentee_id, skill_id=10**9, now=NOW) is None


def test_a_search_of_another_workspace_or_person_is_not_found(
    db: Database, seeded: tuple[int, int], workers: ProcessSearches
) -> None:
    mentee_id, _ = seeded
    result = workers.start(team_id=TEAM, person_id=mentee_id, words="python", now=NOW)
    assert result.search_id is not None
    with db.begin() as session:
        other = person(session, "UOTHER")
        assert other.id is not None
        other_id = other.id
    with pytest.raises(SearchNotFound):
        workers.start(team_id="TSOMEONEELSE", person_id=mentee_id, words="python", now=NOW)
    with pytest.raises(SearchNotFound):  # someone else's stored search
        workers.page(
            team_id=TEAM, person_id=other_id, search_id=result.search_id, offset=0, now=NOW
        )


def test_a_killed_worker_costs_one_search_a_detour_not_an_answer(
    db: Database, seeded: tuple[int, int], workers: ProcessSearches
) -> None:
    mentee_id, _ = seeded
    before = workers.start(team_id=TEAM, person_id=mentee_id, words="", now=NOW)
    (victim,) = workers.worker_pids
    os.kill(victim, signal.SIGKILL)
    time.sleep(0.5)  # the pool notices the dead worker and marks itself broken
    answered = workers.start(team_id=TEAM, person_id=mentee_id, words="", now=NOW)
    assert _shown(answered) == _shown(before)
    later = workers.start(team_id=TEAM, person_id=mentee_id, words="", now=NOW)
    assert _shown(later) == _shown(before)
    assert workers.worker_pids and victim not in workers.worker_pids  # a new pool took over


def test_workers_that_keep_dying_leave_the_ranking_to_the_server_for_a_while(
    db: Database, seeded: tuple[int, int], workers: ProcessSearches
) -> None:
    mentee_id, _ = seeded
    expected = _shown(workers.start(team_id=TEAM, person_id=mentee_id, words="", now=NOW))
    for _ in range(2):  # a worker dies, its replacement dies too
        (victim,) = workers.worker_pids
        os.kill(victim, signal.SIGKILL)
        time.sleep(0.5)
        assert _shown(workers.start(team_id=TEAM, person_id=mentee_id, words="", now=NOW)) == (
            expected
        )
    assert workers.worker_pids == []  # no new process per search: ranked in the server
    assert _shown(workers.start(team_id=TEAM, person_id=mentee_id, words="", now=NOW)) == expected


def test_in_memory_sqlite_or_zero_processes_rank_in_the_calling_thread(db: Database) -> None:
    executor = TrackingExecutor(2)
    in_memory = Database("sqlite://")
    try:
        assert type(make_searches(in_memory, executor, processes=2)) is Searches
    finally:
        in_memory.dispose()
    assert type(make_searches(db, executor, processes=0)) is Searches


SERVER_LIKE = """
import sys, time
from bot.executor import TrackingExecutor
from bot.search_worker import ProcessSearches
from storage.engine import Database

if __name__ == "__main__":
    db = Database(sys.argv[1])
    with db.begin():
        pass  # a pooled connection the fork inherits, as serve's schema check leaves one
    runner = ProcessSearches(db, TrackingExecutor(2), processes=1)
    print(runner._pool._mp_context.get_start_method(), flush=True)
    print(runner.start(team_id=sys.argv[2], person_id=int(sys.argv[3]), words="", now=NOW)
          .matches[0].candidate.slack_user_id, flush=True)
    with db.begin() as session:  # the parent's own connection still works after the fork
        session.connection().exec_driver_sql("SELECT 1")
    print(" ".join(map(str, runner.worker_pids)), flush=True)
    time.sleep(60)
"""


def test_forked_at_start_up_and_gone_when_the_server_is_killed(
    db: Database, seeded: tuple[int, int], tmp_path: Path
) -> None:
    """Like serve: one thread at start-up, so the worker is forked (shares the server's
    pages); killed with SIGKILL, the server cannot stop it, and the worker leaves by itself."""
    script = tmp_path / "server_like.py"
    script.write_text(
        SERVER_LIKE.replace("NOW)", f"datetime.fromisoformat({NOW.isoformat()!r}))").replace(
            "import sys, time", "import sys, time\nfrom datetime import datetime"
        )
    )
    server = subprocess.Popen(
        [sys.executable, str(script), db.url, TEAM, str(seeded[0])],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        assert server.stdout.readline().strip() == "fork"
        assert server.stdout.readline().strip() == "UA"  # the best match, ranked by the worker
        (worker,) = map(int, server.stdout.readline().split())
        server.kill()
        server.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(worker), "the orphaned search worker is still running"
    finally:
        server.kill()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's wait is missing
