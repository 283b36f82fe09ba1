"""The send pipeline: claim due rows in batches and keep SENDERS sends in flight.

Rows of one batch for the same person go in separate rounds (claims.waves), so their messages
arrive in a stable order. A 429 or 5xx does not put a sender to sleep: the delivery waits in an
in-pass retry queue (retries.py) while the others go on; only a run of 429s pauses every
sender (gate.py).
"""

from __future__ import annotations

import collections
import heapq
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime

from slack_sdk import WebClient

from bot.deps import Deps
from bot.scheduler import claims
from bot.scheduler.gate import SendGate
from bot.scheduler.report import PassReport
from bot.scheduler.retries import Attempt
from bot.scheduler.sending import Outcome, TeamClients, deliver
from handlers.slack.team_clients import without_sleeping_retries

CLAIM_BATCH = 100
# Concurrent sends per pass. A sender is mostly waiting (a Slack round trip and two short
# transactions), so throughput is about SENDERS / time per send: 8 keep 100 posts a second going
# at 80 ms a send, which real Slack round trips reach; against the local emulator 4 and 8 measured
# the same (2,000 due: 21.7-23.5 s for 20 s, bench/bench_scale_scheduler.py). 8 senders and the
# claiming thread fit the default database pool (5, and 5 more at peaks). Slack's rate limit, not
# this, sets the pace: more senders only earn more 429s, and a run of those pauses them all.
SENDERS = 8


def send_due_deliveries(client: WebClient, deps: Deps, now: datetime, report: PassReport) -> None:
    """Claim due rows in batches (memory stays flat) and keep SENDERS sends in flight. Rows of
    one batch for the same person go in separate rounds (claims.waves), so their messages arrive
    in a stable order: a round starts when the one before it has finished, retries included.

    A 429 or 5xx does not put a sender to sleep: the delivery keeps its claim and waits in an
    in-pass retry queue until its Retry-After (or a short backoff) has passed, while the other
    senders keep the pipeline full. Only a run of 429s pauses every sender (SendGate).
    """
    pipeline = Pipeline(
        TeamClients(without_sleeping_retries(client), deps),
        deps,
        token=str(uuid.uuid4()),
        now=now,
    )
    with ThreadPoolExecutor(max_workers=SENDERS, thread_name_prefix="scheduler-send") as pool:
        pipeline.run(pool, report)


class Pipeline:
    """Feeds claimed deliveries and due retries to the senders; counts the outcomes."""

    def __init__(self, clients: TeamClients, deps: Deps, *, token: str, now: datetime) -> None:
        self.clients, self.deps, self.token, self.now = clients, deps, token, now
        self.gate = SendGate()
        # The current batch's rounds still to hand out: (round number, ids), in order.
        self.rounds: collections.deque[tuple[int, list[int]]] = collections.deque()
        self.unfinished: collections.Counter[int] = collections.Counter()  # per round
        self.round_count = 0
        self.claimed_at = 0.0
        self.retries: list[tuple[float, int, Attempt]] = []  # a heap on not_before
        self.ran_dry = False

    def run(self, pool: ThreadPoolExecutor, report: PassReport) -> None:
        in_flight: dict[Future[Outcome | Attempt], Attempt] = {}
        while True:
            while len(in_flight) < SENDERS and (item := self._next(idle=not in_flight)):
                in_flight[pool.submit(self._send, item)] = item
            if not in_flight and not self.retries:
                return
            timeout = self._until_next_retry() if self.retries else None
            if not in_flight:  # only retries left, none due yet
                time.sleep(timeout or 0.0)
                continue
            done, _ = wait(in_flight, timeout=timeout, return_when=FIRST_COMPLETED)
            for future in done:
                sent, result = in_flight.pop(future), future.result()
                if isinstance(result, Attempt):
                    heapq.heappush(self.retries, (result.not_before, result.delivery_id, result))
                else:
                    self.unfinished[sent.round] -= 1
                    _count(report, result)

    def _next(self, *, idle: bool) -> Attempt | None:
        """A retry whose time has come first, then a fresh claim (claiming more if need be).

        A send can make new work due now (an adapt_ask after a nudge): so once a claim came
        back empty, claim again only when no send is in flight, and the pass ends only after
        such a claim finds nothing."""
        if self.retries and self.retries[0][0] <= time.monotonic():
            return heapq.heappop(self.retries)[2]
        while self.rounds and not self.rounds[0][1]:  # this round is all handed out
            if len(self.rounds) > 1 and self.unfinished[self.rounds[0][0]]:
                return None  # the next round waits until this one has finished
            self.rounds.popleft()
        if not self.rounds and (idle or not self.ran_dry):
            self._claim()
        if not self.rounds:
            return None
        number, ids = self.rounds[0]
        self.unfinished[number] += 1
        return Attempt(ids.pop(0), claimed_at=self.claimed_at, round=number)

    def _claim(self) -> None:
        # The lease runs from the real clock too, so a long pass holds no expired leases.
        lease_start = max(self.now, self.deps.clock.now())
        with self.deps.db.begin() as session:
            ids = claims.claim_due(
                session, now=self.now, lease_start=lease_start, token=self.token, limit=CLAIM_BATCH
            )
            rounds = claims.waves(session, ids=ids)
        self.claimed_at = time.monotonic()
        for members in rounds:
            self.round_count += 1
            self.rounds.append((self.round_count, members))
        self.ran_dry = not ids

    def _until_next_retry(self) -> float:
        return max(0.0, self.retries[0][0] - time.monotonic())

    def _send(self, attempt: Attempt) -> Outcome | Attempt:
        return deliver(
            self.clients, self.deps, attempt, token=self.token, now=self.now, gate=self.gate
        )


def _count(report: PassReport, outcome: Outcome) -> None:
    if outcome.status == "sent":
        report.sent.append(outcome.line)
    elif outcome.status == "skipped":
        report.skipped += 1
    elif outcome.status == "failed":
        report.failed += 1
