"""The two lanes of the listener executor: slow deferred work never delays a listener."""

from __future__ import annotations

import threading
import time

from bot.executor import TrackingExecutor


def test_listeners_run_while_every_deferred_worker_is_busy() -> None:
    executor = TrackingExecutor(max_workers=2)
    release = threading.Event()
    try:
        for _ in range(6):  # more slow work than workers: some of it queues
            executor.defer(release.wait, 10)
        started = time.perf_counter()
        assert executor.submit(lambda: "acked").result(timeout=2) == "acked"
        assert time.perf_counter() - started < 1
        assert not executor.wait_idle(timeout=0.1)  # the deferred work still counts
    finally:
        release.set()
    assert executor.wait_idle(timeout=5)
    executor.shutdown()


def test_work_deferred_by_a_listener_is_waited_for() -> None:
    executor = TrackingExecutor(max_workers=2)
    done: list[str] = []

    def listener() -> None:
        executor.defer(lambda: (time.sleep(0.2), done.append("deferred")))

    executor.submit(listener)
    assert executor.wait_idle(timeout=5)
    assert done == ["deferred"]
    executor.shutdown()


def test_cpu_bound_sections_take_turns() -> None:
    executor = TrackingExecutor(max_workers=4, cpu_slots=1)
    inside, most = 0, 0
    lock = threading.Lock()

    def compute() -> None:
        nonlocal inside, most
        with executor.cpu_bound():
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.05)
            with lock:
                inside -= 1

    for _ in range(4):
        executor.defer(compute)
    assert executor.wait_idle(timeout=5)
    assert most == 1
    executor.shutdown()
