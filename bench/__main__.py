"""`python -m bench`: the scale figures, each next to its baseline measured in the same run.

    python -m bench                      # everything at the issue's sizes (several minutes)
    python -m bench --quick              # small sizes, a minute or so: a smoke run
    python -m bench --only ack --mentors 10000 --requests 2000 --clients 8

Needs the local PostgreSQL (MENTORBOT_BENCH_POSTGRES_URL, default
postgresql+psycopg://postgres@127.0.0.1:5432/test); each benchmark works in a scratch schema.
"""

from __future__ import annotations

import argparse
import sys
import time

BENCHMARKS = ("ack", "events", "scheduler", "memory", "socket")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=BENCHMARKS, action="append", help="run just this one")
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--mentors", type=int, help="mentors in the database (ack; 10000)")
    parser.add_argument("--requests", type=int, help="requests per figure (ack; 2000)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument("--events", type=int, help="events sent (events; 4000)")
    parser.add_argument("--deliveries", type=int, help="due deliveries (scheduler; 10000)")
    parser.add_argument(
        "--search-processes",
        type=int,
        help="MENTORBOT_SEARCH_PROCESSES of the served app (ack; default: serve's own, 1)",
    )
    parser.add_argument("--rate", type=float, default=100.0, help="chat.postMessage per second")
    parser.add_argument("--people", type=int, help="people in the database (memory; 100000)")
    parser.add_argument("--rounds", type=int, help="reconnects of each kind (socket; 5)")
    return parser


def _size(value: int | None, full: int, quick: int, is_quick: bool) -> int:
    return value if value is not None else (quick if is_quick else full)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    for name in args.only or list(BENCHMARKS):
        print(f"== {name}", flush=True)
        lines = _run(name, args)
        print("\n".join(lines), flush=True)
    print(f"== done in {time.perf_counter() - started:.0f} s")
    return 0


def _run(name: str, args: argparse.Namespace) -> list[str]:
    """One benchmark at the size asked for (or its default, or its quick size)."""
    q = args.quick
    if name == "ack":
        from bench import bench_ack

        mentors = _size(args.mentors, 10_000, 1_000, q)
        requests = _size(args.requests, 2_000, 200, q)
        figures = bench_ack.run(
            mentors=mentors,
            requests=requests,
            clients=args.clients,
            search_processes=args.search_processes,
        )
        return bench_ack.report(figures, mentors=mentors, requests=requests, clients=args.clients)
    if name == "events":
        from bench import bench_events

        events = _size(args.events, 4_000, 400, q)
        return bench_events.report(bench_events.run(events=events, clients=args.clients))
    if name == "scheduler":
        try:
            from bench import bench_scale_scheduler
        except ImportError as missing:
            return [f"  not measured: {missing} (the scheduler issue brings it)"]
        deliveries = _size(args.deliveries, 10_000, 500, q)
        return bench_scale_scheduler.report(
            bench_scale_scheduler.run(deliveries=deliveries, rate=args.rate)
        )
    if name == "socket":
        from bench import bench_socket

        return bench_socket.report(bench_socket.run(rounds=_size(args.rounds, 5, 2, q)))
    from bench import bench_memory

    people = _size(args.people, 100_000, 5_000, q)
    deliveries = _size(args.deliveries, 10_000, 500, q)
    return bench_memory.report(
        bench_memory.run(people=people, deliveries=deliveries, rate=args.rate)
    )


if __name__ == "__main__":
    sys.exit(main())
