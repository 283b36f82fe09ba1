"""How long one reflection answer takes, against a baseline measured in the same run.

Run: PYTHONPATH=$PWD python -m bench.reflection_dialog
Figures: the SMART check per goal; one dialog answer as a service call (SQLite unit of work);
one DM message through signed HTTP, the app and the emulator (the harness), with /mentor help
(an ack-only command) as the baseline of the HTTP path.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from bot.services.goals.smart import check_goal
from bot.services.reflection import dialog, steps
from playground.harness import Harness
from storage.engine import Database
from storage.migrate import upgrade
from storage.repositories import people as people_repo

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
GOALS = (
    "get better",
    "give 3 talks at team meetings by March",
    "understand Kubernetes networking well enough to debug outages, next quarter",
    "speak up at least once in every planning meeting for the next two months",
)


def per_call(fn: object, repeat: int) -> float:
    assert callable(fn)
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def bench_smart() -> None:
    seconds = per_call(lambda: [check_goal(g, today=date(2026, 12, 1)) for g in GOALS], 2000)
    print(f"SMART check: {seconds / len(GOALS) * 1e6:.1f} µs per goal")


def bench_service(url: str) -> None:
    db = Database(url)
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id="T1", now=NOW)
        person = people_repo.add_person(session, team_id="T1", slack_user_id="U1", now=NOW)
        person_id = person.id
    assert person_id is not None
    counter = iter(range(10**9))

    def one_answer() -> None:
        with db.begin() as session:
            prompt = dialog.answer(
                session,
                team_id="T1",
                person_id=person_id,
                text="an answer",
                message_ts=f"1700000000.{next(counter):06d}",
                now=NOW,
            )
            if prompt is None or prompt.step == steps.GOALS:
                dialog.restart(session, team_id="T1", person_id=person_id, now=NOW)

    with db.begin() as session:
        dialog.start_or_resume(session, team_id="T1", person_id=person_id, now=NOW)
    print(f"dialog answer (service, SQLite): {per_call(one_answer, 300) * 1e3:.2f} ms")
    db.dispose()


def bench_http(url: str) -> None:
    with Harness(url, rate_limits=False) as harness:  # our latency, not Slack's tiers
        harness.emulator.add_user("U1", name="ana")
        harness.command("U1", "/reflect")
        baseline = per_call(lambda: harness.command("U1", "/mentor", "help"), 50)
        answer = per_call(lambda: harness.say("U1", "an answer"), 4)  # strengths .. challenges
        print(f"/mentor help over HTTP (baseline): {baseline * 1e3:.1f} ms")
        print(
            f"DM answer over HTTP incl. users.info cache, chat.postMessage: {answer * 1e3:.1f} ms"
            f" ({answer / baseline:.1f}x baseline)"
        )


def main() -> None:
    bench_smart()
    with tempfile.TemporaryDirectory() as folder:
        for name, bench in (("service.db", bench_service), ("http.db", bench_http)):
            url = f"sqlite:///{Path(folder) / name}"
            upgrade(url)
            bench(url)


if __name__ == "__main__":
    main()
