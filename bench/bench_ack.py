"""Ack latency of /find-mentor and of a block action (the "More" button of its answer) through
the real HTTP server, with N mentors in PostgreSQL, against the bare app on the same server.

Both apps run as subprocesses (`mentorbot serve`, `python -m bench.bare_app`); 8 client threads
send signed requests; the latency is until the HTTP answer (Slack waits for it 3 s). The
mentorbot answer's post-ack work (ranking, respond()) keeps running meanwhile, as in real life;
the time until every respond() arrived is printed too. Goal: p99 < 100 ms and < 3x the bare app.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from bench.common import (
    EmulatorProcess,
    Load,
    generate_workspace,
    hammer,
    scratch_schema,
    servers,
    slack_clients,
    verdict,
)
from handlers.blocks.find_mentor import FIND_MORE
from storage.engine import Database
from storage.models import MentorSearch, Person

USERS_PER_CLIENT = 1


@dataclass
class AckFigures:
    command: Load
    action: Load
    bare_command: Load
    bare_action: Load
    drained_seconds: float


def run(
    *, mentors: int, requests: int, clients: int, search_processes: int | None = None
) -> AckFigures:
    with scratch_schema() as url:
        data = generate_workspace(url, people=10 * mentors, mentors=mentors)
        users = [f"U{i:08d}" for i in range(1, clients + 1)]
        # Slack knows every mentor: the app refreshes the mentors it shows with users.info.
        with EmulatorProcess(users + data.mentor_slack_ids) as emulator:
            env = (
                {}
                if search_processes is None
                else {"MENTORBOT_SEARCH_PROCESSES": str(search_processes)}
            )
            return _measure(url, data.team_id, emulator, users, requests, clients, env)


def _measure(
    url: str,
    team_id: str,
    emulator: EmulatorProcess,
    users: list[str],
    requests: int,
    clients: int,
    env: dict[str, str],
) -> AckFigures:
    with servers(url, emulator, **env) as (app,):
        slack = slack_clients([app], emulator, team_id)[0]
        for user in users:  # warm up: one search each, so "More" has a search to page
            slack.slash_command(user, "/find-mentor", "python")
        emulator.wait_for("response_url", len(users))
        searches = _latest_searches(url, users)
        command = _commands(slack, users, requests, clients)
        drained = emulator.wait_for("response_url", len(users) + requests)
        action = _more_clicks(slack, users, searches, requests, clients)
        emulator.wait_for("response_url", len(users) + 2 * requests)
    with servers(url, emulator, bare=True) as (bare,):
        slack = slack_clients([bare], emulator, team_id)[0]
        _commands(slack, users, clients, clients)  # warm up like the app
        bare_command = _commands(slack, users, requests, clients)
        bare_action = _more_clicks(slack, users, searches, requests, clients)
    return AckFigures(command, action, bare_command, bare_action, drained)


def _commands(slack: object, users: list[str], requests: int, clients: int) -> Load:
    from playground.signed_client import SignedSlackClient

    assert isinstance(slack, SignedSlackClient)
    return hammer(
        lambda c, _n: slack.slash_command(users[c % len(users)], "/find-mentor", "python").status,
        requests,
        clients,
    )


def _more_clicks(
    slack: object, users: list[str], searches: dict[str, int], requests: int, clients: int
) -> Load:
    from playground.signed_client import SignedSlackClient

    assert isinstance(slack, SignedSlackClient)

    def click(c: int, _n: int) -> int:
        user = users[c % len(users)]
        action = {"action_id": FIND_MORE, "block_id": "find_more", "value": f"{searches[user]}:5"}
        return slack.block_action(user, action, channel_id="C0GENERAL").status

    return hammer(click, requests, clients)


def _latest_searches(url: str, users: list[str]) -> dict[str, int]:
    db = Database(url)
    try:
        with db.begin() as session:
            rows = session.exec(
                select(Person.slack_user_id, MentorSearch.id).join(
                    MentorSearch, MentorSearch.person_id == Person.id
                )
            ).all()
    finally:
        db.dispose()
    found = {user: int(search_id) for user, search_id in rows if search_id is not None}
    assert set(found) == set(users), f"no search for {set(users) - set(found)}"
    return found


def report(figures: AckFigures, *, mentors: int, requests: int, clients: int) -> list[str]:
    lines = [
        f"ack latency, {requests} requests from {clients} clients, {mentors} mentors "
        "(PostgreSQL), ms:"
    ]
    for name, mine, bare in (
        ("/find-mentor", figures.command, figures.bare_command),
        ("block action (More)", figures.action, figures.bare_action),
    ):
        p99, bare99 = mine.percentile(99), bare.percentile(99)
        ok = p99 < 100 and p99 <= 3 * bare99 and mine.errors == 0
        lines.append(
            f"  {name:<20} p50 {mine.percentile(50):6.1f}  p99 {p99:6.1f}   "
            f"bare app p50 {bare.percentile(50):6.1f}  p99 {bare99:6.1f}   "
            f"ratio p99 {p99 / bare99:4.1f}x  errors {mine.errors}   "
            f"goal p99 < 100 and < 3x: {verdict(ok)}"
        )
    lines.append(
        f"  (every /find-mentor answer, ranked over {mentors} mentors, was sent "
        f"{figures.drained_seconds:.1f} s after the last ack)"
    )
    return lines
