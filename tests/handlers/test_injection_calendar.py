"""Hostile input on the calendar's Skip this week and Move this one (issue 20): hostile names
in the invites ping nothing, and forged button values and Move forms change nothing and never
reach the apology. The calendar's rows of tests/handlers/test_injection.py, kept apart to keep
that file under 300 lines."""

from __future__ import annotations

import json

from icalendar import Calendar
from sqlmodel import select

from bot.app import APOLOGY
from handlers.calendar import occurrence_blocks as cal
from playground.harness import Harness
from storage.models import Person
from tests.handlers.journeys import HOSTILE_CORE
from tests.handlers.test_calendar_occurrences import _agreed_prompt, _buttons, _group
from tests.handlers.test_injection import FORBIDDEN, SPOOFED_BOLD, _mrkdwn_texts
from tests.handlers.trust_helpers import db_snapshot


def _pinging(h: Harness, start: int) -> list[tuple[str, str]]:
    """What the app sent since call `start` that pings, links or spoofs bold in mrkdwn."""
    return [
        (call.method, text[:200])
        for call in h.emulator.calls[start:]
        for text, is_mrkdwn in _mrkdwn_texts(call.args)
        if is_mrkdwn and (any(p.search(text) for p in FORBIDDEN) or SPOOFED_BOLD in text)
    ]


def test_hostile_names_and_forged_skip_and_move_ping_nothing_and_change_nothing(
    harness: Harness,
) -> None:
    h = harness
    start = len(h.emulator.calls)
    pair_id, prompt = _agreed_prompt(h)
    with h.db.begin() as session:
        for person in session.exec(select(Person)):
            person.display_name = HOSTILE_CORE
    h.click("UMENTEE", _buttons(prompt)[cal.CALENDAR_SKIP], channel_id=_group(h), message=prompt)
    files = [f for f in h.emulator.files if f["filename"] == "mentoring.ics"]
    summary = str(Calendar.from_ical(files[-1]["content"]).walk("VEVENT")[0]["SUMMARY"])
    assert "*Admin notice*" in summary  # the name itself, carried by icalendar's escaping
    assert _pinging(h, start) == []
    before, start = db_snapshot(h), len(h.emulator.calls)
    forged = ["", "x", f"{pair_id}:", f":{pair_id}", "<!channel>", "1\x00", "9" * 10_000,
              f"{pair_id}:-1", f"\u202e{pair_id}:1", f"{pair_id}:{'9' * 40}",
              "99999:1"]  # fmt: skip
    for action_id in (cal.CALENDAR_SKIP, cal.CALENDAR_MOVE):
        for value in forged:
            action = {"action_id": action_id, "value": value}
            assert h.click("UMENTEE", action, channel_id=_group(h)).status == 200
    for meta, when in (("{}", 1), ('{"pair": "1", "start": 1}', 2_000_000_000),
                       (f'{{"pair": {pair_id}, "start": "<!channel>"}}', 2_000_000_000),
                       ("not json", "<!channel>"), (f'{{"pair": {pair_id}, "start": 1}}', -5),
                       (f'{{"pair": {pair_id}, "start": 1}}', 10**30)):  # fmt: skip
        view = {"type": "modal", "callback_id": cal.CALENDAR_MOVE_VIEW, "private_metadata": meta,
                "blocks": [{"type": "input", "block_id": cal.MOVED_BLOCK}]}  # fmt: skip
        values = {cal.MOVED_BLOCK: {cal.MOVED_INPUT: {"selected_date_time": when}}}
        assert h.submit("UMENTEE", view, values).status == 200
    assert db_snapshot(h) == before and _pinging(h, start) == []
    assert APOLOGY not in json.dumps([c.args for c in h.emulator.calls[start:]], default=str)
