"""Meetings: what people answer to the scheduler. Check-ins, pulse, gratitude, pause and end,
the cadence, snooze and stop, the come-prepared questions and the "three unanswered" question.

Every function re-reads the database, checks that the person may act on what they clicked,
and is idempotent (a double click or double submit changes nothing the second time).
"""
