"""`mentorbot match --program NAME`: a program's matching round from the command line, for
programs too large to review in Slack. Prints the proposal (a line per pair with its score and
reasons, a line per unmatched mentee with why); `--publish` publishes it; `--csv FILE` writes it.
"""

from __future__ import annotations

import argparse
import csv
import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import Settings

if TYPE_CHECKING:  # imported when the command runs: `mentorbot serve` need not load a solver
    from bot.services.programs.proposals import Proposal
    from bot.services.programs.publishing import PublishOutcome
    from storage.engine import Database

CSV_COLUMNS = ("line", "mentee", "mentee_slack_id", "mentor", "mentor_slack_id", "score", "why")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


class Refused(Exception):
    """What the operator can fix, as one line (exit code 2)."""


def add_parser(subs: Any, *, open_database: Callable[[Settings], object]) -> None:
    """Register `match` on the `mentorbot` subcommands; `open_database` checks the schema."""
    parser = subs.add_parser("match", help="solve a program's matching round and print it")
    parser.add_argument("--program", required=True, help="the program's name")
    parser.add_argument("--team", help="the workspace's team id, when several have the program")
    parser.add_argument(
        "--publish", action="store_true", help="publish it: an introduction to each mentor"
    )
    parser.add_argument("--csv", metavar="FILE", help="also write the proposal to this CSV file")
    parser.add_argument("--at", help="ISO-8601 moment to run as (default: now)")
    parser.set_defaults(run=functools.partial(run, open_database=open_database))


def run(
    settings: Settings, args: argparse.Namespace, *, open_database: Callable[[Settings], object]
) -> int:
    from bot.clock import SystemClock, parse_iso
    from bot.services.programs import publishing, rounds
    from storage.engine import Database

    try:
        now = parse_iso(args.at) if args.at else SystemClock().now()
    except ValueError:
        return _refused(f"--at {args.at!r} is not an ISO-8601 moment")
    db = open_database(settings)
    assert isinstance(db, Database)
    try:
        team_id, program_id = program_by_name(db, name=args.program, team=args.team)
    except Refused as refused:
        return _refused(str(refused))
    outcome = rounds.match_now(db, team_id=team_id, program_id=program_id, admin_id=None, now=now)
    proposal = outcome.proposal
    if proposal is None:
        return _refused(outcome.message)
    published = None
    if args.publish:
        published = publishing.publish(
            db, team_id=team_id, round_id=proposal.round_id, admin_id=None, now=now
        )
        proposal = published.proposal or proposal
    for line in proposal_lines(proposal):
        print(line)
    if published is not None:
        print(published_line(published))
    if args.csv:
        write_csv(Path(args.csv), proposal)
    return 0


def _refused(line: str) -> int:
    print(f"mentorbot: {line}", file=sys.stderr, flush=True)
    return 2


def program_by_name(db: Database, *, name: str, team: str | None) -> tuple[str, int]:
    """(team id, program id) of the one program of that name, or Refused saying why."""
    from storage.repositories import programs as programs_repo

    with db.begin() as session:
        teams = programs_repo.teams_with_program(session, name=name)
        if team is not None:
            teams = [t for t in teams if t == team]
        if not teams:
            raise Refused(f"--program: no program is named {name!r}")
        if len(teams) > 1:
            raise Refused(f"--program: {len(teams)} workspaces have {name!r}; name one with --team")
        program = programs_repo.program_named(session, team_id=teams[0], name=name)
        assert program is not None and program.id is not None
        return program.team_id, program.id


def proposal_lines(proposal: Proposal) -> Iterator[str]:
    """The proposal as plain lines, for a terminal."""
    yield (
        f"{proposal.program_name}, round {proposal.round_id} ({proposal.status}; solver "
        f"{proposal.solver_status}): {proposal.mentee_count} mentees, {proposal.mentor_count} "
        f"mentors, {proposal.edges} mentee-mentor pairs with a positive fit considered"
    )
    if proposal.note:
        yield proposal.note
    for pair in proposal.pairs:
        yield (
            f"pair       {pair.mentee_name} ({pair.mentee_slack_id}) -> {pair.mentor_name} "
            f"({pair.mentor_slack_id})  score {pair.score:.3f}  {pair.reasons}"
            + ("" if pair.status == "proposed" else f"  [{pair.status}]")
        )
    if proposal.circle_size:
        for mentor, mentees in proposal.circles():
            names = ", ".join(f"{m.mentee_name} ({m.mentee_slack_id})" for m in mentees)
            yield (
                f"circle     {mentor.mentor_name} ({mentor.mentor_slack_id}) with {names}  "
                f"{len(mentees)} of {proposal.circle_size} seats"
            )
    for line in proposal.unmatched:
        yield f"unmatched  {line.mentee_name} ({line.mentee_slack_id})  {line.reason}"
    yield (
        f"matched {proposal.matched} of {proposal.mentee_count} mentees "
        f"({proposal.match_rate:.0%}), total fit {proposal.total_fit:.3f}"
    )


def published_line(outcome: PublishOutcome) -> str:
    if outcome.kind != "published":
        return outcome.message
    if outcome.seated:
        line = f"published: {outcome.offered} mentees seated in {len(outcome.seated)} circles"
        if outcome.unsent:
            line += f"; {outcome.unsent} could not be seated (match again to place them)"
        return line + " (each circle's conversation opens at the next scheduler pass)"
    line = f"published: {outcome.offered} introductions open for the mentors to accept"
    if outcome.unsent:
        line += f"; {outcome.unsent} refused by the introductions service, their mentees offered"
        line += " the next best mentor"
    return line + " (each reaches its mentor's DM at a scheduler pass in their working hours)"


def write_csv(path: Path, proposal: Proposal) -> None:
    """A row per pair and per unmatched mentee; cells a spreadsheet would run are quoted."""
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(CSV_COLUMNS)
        for p in proposal.pairs:
            row = ("pair", p.mentee_name, p.mentee_slack_id, p.mentor_name, p.mentor_slack_id)
            writer.writerow(_safe((*row, f"{p.score:.3f}", p.reasons)))
        for u in proposal.unmatched:
            writer.writerow(
                _safe(("unmatched", u.mentee_name, u.mentee_slack_id, "", "", "", u.reason))
            )


def _safe(cells: tuple[str, ...]) -> list[str]:
    return [f"'{c}" if c.startswith(FORMULA_STARTS) else c for c in cells]
