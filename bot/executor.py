"""The listener executor Bolt runs listeners on, with a second lane for the slow part of a
listener, and a way to wait until both are idle.

Bolt answers Slack's HTTP request only when the listener, running on this executor, has called
ack(). A listener that acks and then ranks 10,000 mentors holds its thread; under a burst every
thread is busy and the next request's ack waits in the queue. So a listener acks and hands its
slow part to `defer()`: the listener lane only ever runs short work, and acks stay fast.
Deferred work that is CPU-bound (ranking) also takes a CPU slot with `cpu_bound()` (one per
process by default: the GIL runs one computing thread at a time anyway, and a second one only
fights the listener threads for it), while deferred work waiting on Slack or the database still
runs as wide as the lane. More CPU means more replicas, not more threads.
"""

from __future__ import annotations

import contextvars
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
# How much less CPU priority deferred threads get than the listener and HTTP threads.
DEFERRED_NICENESS = 10
T = TypeVar("T")


def _lower_priority() -> None:
    """Deferred work yields the cores to the threads that ack (Linux: per-thread nice)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), DEFERRED_NICENESS)
    except (AttributeError, OSError):
        pass  # not Linux: the CPU slot alone keeps acks quick


class TrackingExecutor(ThreadPoolExecutor):
    """A thread pool that counts pending work (its own and the deferred lane's), so tests and
    the playground can wait for it."""

    def __init__(self, max_workers: int = 8, *, cpu_slots: int = 1) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="bolt-listener")
        self._deferred = ThreadPoolExecutor(
            max_workers=max_workers, thread_name_prefix="work", initializer=_lower_priority
        )
        self._cpu = threading.BoundedSemaphore(cpu_slots)
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        return self._track(super().submit, fn, *args, **kwargs)

    def defer(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Run `fn` on the slow lane (after the listener acked)."""
        return self._track(self._deferred.submit, fn, *args, **kwargs)

    @contextmanager
    def cpu_bound(self) -> Iterator[None]:
        """Hold one CPU slot while computing."""
        with self._cpu:
            yield

    def _track(
        self, submit: Callable[..., Future[T]], fn: Callable[..., T], *args: Any, **kwargs: Any
    ) -> Future[T]:
        with self._idle:
            self._pending += 1
        # Carry the request id (a contextvar) into the worker thread.
        context = contextvars.copy_context()
        future = submit(context.run, fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._idle:
            self._pending -= 1
            if self._pending == 0:
                self._idle.notify_all()

    @property
    def pending(self) -> int:
        """Listener and deferred work submitted and not yet finished."""
        with self._idle:
            return self._pending

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no listener or deferred work is pending; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=wait, cancel_futures=cancel_futures)
        self._deferred.shutdown(wait=wait, cancel_futures=cancel_futures)
