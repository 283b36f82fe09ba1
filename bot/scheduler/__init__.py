"""The scheduler: what is due lives in our own tables; APScheduler only wakes the pass.

    kinds/      one module per kind of delivery, each declaring a DeliveryKind (registry.py
                finds them): its label, fixed or flexible day, planner and message builder
    planning    bring the delivery table up to date (new pairs, ended pauses, expired requests)
    rules       what every delivery keeps: pair and person state, snooze and stop, three
                unanswered, working hours, one scheduled message a day
    claims      claim due rows with a lease and decide each: a SendPlan, or a Verdict
    bookkeeping record what became of a claimed delivery
    pipeline    the send pipeline: senders, the gate, the in-pass retry queue (sending, retries)
    passes      one pass: its sources of due work, in order
    wake        APScheduler, in UTC, one pass a minute

The scheduler is an edge like handlers: it imports services, storage and Block Kit builders;
services and storage never import it, and handlers only its report (the type a pass source
fills in). tests/scheduler/test_layering.py holds that.
"""

from bot.scheduler.report import PassReport
from bot.scheduler.wake import start_background

__all__ = ["PassReport", "start_background"]
