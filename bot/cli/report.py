"""`mentorbot report --program NAME --csv FILE`: a program's report as CSV, the same file the
Slack command uploads. Aggregates only: no row per person, no typed answer, figures about
fewer than five people written as hidden."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import Settings

if TYPE_CHECKING:
    from datetime import date

    from storage.engine import Database


def add_parser(subs: Any, *, open_database: Callable[[Settings], object]) -> None:
    """Register `report` on the `mentorbot` subcommands; `open_database` checks the schema."""
    parser = subs.add_parser("report", help="write a program's report (aggregates) as CSV")
    parser.add_argument("--program", required=True, help="the program's name")
    parser.add_argument("--csv", metavar="FILE", required=True, help="the CSV file to write")
    parser.add_argument("--team", help="the workspace's team id, when several have the program")
    parser.add_argument("--at", help="ISO-8601 moment to report as of (default: now), in UTC")
    parser.set_defaults(run=functools.partial(run, open_database=open_database))


def run(
    settings: Settings, args: argparse.Namespace, *, open_database: Callable[[Settings], object]
) -> int:
    from bot.clock import SystemClock, local, parse_iso
    from storage.engine import Database

    try:
        now = parse_iso(args.at) if args.at else SystemClock().now()
    except ValueError:
        return _refused(f"--at {args.at!r} is not an ISO-8601 moment")
    db = open_database(settings)
    assert isinstance(db, Database)
    try:
        return _write(db, args, today=local(now, "UTC").date())
    finally:
        db.dispose()


def _write(db: Database, args: argparse.Namespace, *, today: date) -> int:
    from bot.cli.match import Refused, program_by_name
    from bot.services.programs.report import report_of
    from bot.services.programs.report_csv import report_csv

    try:
        team_id, program_id = program_by_name(db, name=args.program, team=args.team)
    except Refused as refused:
        return _refused(str(refused))
    report = report_of(db, team_id=team_id, program_id=program_id, today=today, tz_name="UTC")
    if report is None:  # deleted between the two reads
        return _refused(f"--program: no program is named {args.program!r}")
    path = Path(args.csv)
    try:
        path.write_text(report_csv(report), encoding="utf-8")
    except OSError as error:
        return _refused(f"--csv: cannot write {str(path)!r} ({error.strerror or error})")
    print(f"{report.program_name}: report as of {report.today.isoformat()} written to {path}")
    return 0


def _refused(line: str) -> int:
    print(f"mentorbot: {line}", file=sys.stderr, flush=True)
    return 2
