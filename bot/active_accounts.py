"""Who this process saw active a moment ago, so the ack path need not ask the database.

Every request is checked against a stored deactivation before its listener runs. That check was
the only database round trip before the ack, and under load it was most of the ack's time: a
query waits for a PostgreSQL backend that is busy with the ranking work of earlier requests.
So an account found active is remembered for ACTIVE_FOR, and its next requests in that time skip
the query. Only "active" is remembered: an account stored as deactivated is looked up every time.
What this trusts: that an account does not go from active to deactivated without us hearing of
it for up to ACTIVE_FOR. Slack signs a deactivated account out at once, and this process forgets
an account as soon as it learns of a deactivation (user_change, users.info). Another replica
learns of it from the database when its own memory of the account expires.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Any

ACTIVE_FOR = timedelta(seconds=60)
MOST_REMEMBERED = 20_000


class RecentlyActive:
    def __init__(self, *, active_for: timedelta = ACTIVE_FOR, most: int = MOST_REMEMBERED) -> None:
        self.active_for = active_for
        self.most = most
        self._seen: OrderedDict[tuple[str, str], datetime] = OrderedDict()
        # When each account was last forgotten, on a counter that only goes up: a database
        # read that began before a forget must not remember the account afterwards.
        self._forgotten: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._counter = 0
        self._lock = threading.Lock()

    def is_known_active(self, team_id: str, user_id: str, now: datetime) -> bool:
        key = (team_id, user_id)
        with self._lock:
            seen = self._seen.get(key)
            if seen is None:
                return False
            if not seen <= now < seen + self.active_for:  # expired, or a clock set back
                del self._seen[key]
                return False
            return True

    def mark(self) -> int:
        """Take before reading the account from the database; give it to saw_active."""
        with self._lock:
            return self._counter

    def saw_active(self, team_id: str, user_id: str, now: datetime, *, read_since: int) -> None:
        """Remember the account as active, unless it was forgotten after the read began."""
        key = (team_id, user_id)
        with self._lock:
            if self._forgotten.get(key, -1) >= read_since:
                return
            self._seen[key] = now
            self._seen.move_to_end(key)
            while len(self._seen) > self.most:
                self._seen.popitem(last=False)

    def forget(self, team_id: str, user_id: str) -> None:
        """Call after the deactivation is committed."""
        key = (team_id, user_id)
        with self._lock:
            self._seen.pop(key, None)
            self._forgotten[key] = self._counter
            self._forgotten.move_to_end(key)
            self._counter += 1
            while len(self._forgotten) > self.most:
                self._forgotten.popitem(last=False)


class RecentUsers:
    """users.info answers of the last ACTIVE_FOR, so the first request of someone new asks
    Slack once: the middleware's check before anything is stored, then the listener's."""

    def __init__(self, *, fresh_for: timedelta = ACTIVE_FOR, most: int = MOST_REMEMBERED) -> None:
        self.fresh_for = fresh_for
        self.most = most
        self._users: OrderedDict[tuple[str, str], tuple[datetime, dict[str, Any]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, team_id: str, user_id: str, now: datetime) -> dict[str, Any] | None:
        with self._lock:
            found = self._users.get((team_id, user_id))
            if found is None or not found[0] <= now < found[0] + self.fresh_for:
                return None
            return found[1]

    def put(self, team_id: str, user: dict[str, Any], now: datetime) -> None:
        key = (team_id, str(user.get("id") or ""))
        with self._lock:
            self._users[key] = (now, user)
            self._users.move_to_end(key)
            while len(self._users) > self.most:
                self._users.popitem(last=False)

    def forget(self, team_id: str, user_id: str) -> None:
        with self._lock:
            self._users.pop((team_id, user_id), None)
