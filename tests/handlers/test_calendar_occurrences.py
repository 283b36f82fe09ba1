"""Skip this week and Move this one on a meeting prompt, through signed requests: only on the
prompt of a pair with an agreed time; a skip and a move each reach both calendars (EXDATE, a
RECURRENCE-ID override; same UID, SEQUENCE + 1) with who did it in each DM; a time outside
someone's working hours is allowed and said; a repeat, a stale click and a stranger change
nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import recurring_ical_events
from icalendar import Calendar

from handlers.calendar import occurrence_blocks as blocks
from playground.harness import Harness
from storage.models import Pair
from tests.handlers.test_calendar import MENTEE, MENTOR, _invites, _offer, _pair, _picks

PROMPTED = datetime(2026, 12, 8, 19, 5, tzinfo=UTC)  # the meeting day, the shared hours begun


def _group(h: Harness) -> str:
    return next(c for c in h.emulator.messages if c.startswith("G"))


def _prompt(h: Harness) -> dict[str, Any]:
    for message in reversed(h.emulator.messages[_group(h)]):
        if "Meeting day for" in message["text"]:
            return dict(message)
    raise AssertionError("no meeting prompt")


def _buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        e["action_id"]: e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    }


def _agreed_prompt(h: Harness) -> tuple[int, dict[str, Any]]:
    """The pair agrees the day's last slot (17:30 in Los Angeles); the pass posts the prompt."""
    pair_id = _pair(h)
    offer = _offer(h, MENTEE, pair_id)
    h.click(MENTEE, _picks(offer)[-1], channel_id=h.emulator.dm_channel_of(MENTEE), ephemeral=True)
    h.tick(PROMPTED)
    return pair_id, _prompt(h)


def _press(h: Harness, user: str, prompt: dict[str, Any], action_id: str) -> str:
    h.click(user, _buttons(prompt)[action_id], channel_id=_group(h), message=prompt)
    return str(h.emulator.calls_to("response_url")[-1].args["text"])


def _event(file: dict[str, Any]) -> list[Any]:
    return list(Calendar.from_ical(file["content"]).walk("VEVENT"))


def _starts(file: dict[str, Any]) -> list[datetime]:
    calendar = Calendar.from_ical(file["content"])
    events = recurring_ical_events.of(calendar).between(PROMPTED, PROMPTED + timedelta(weeks=5))
    return sorted(e.decoded("DTSTART").astimezone(UTC) for e in events)


def test_a_prompt_without_an_agreed_time_has_no_skip_or_move(harness: Harness) -> None:
    h = harness
    _pair(h)
    h.tick(PROMPTED)
    assert blocks.CALENDAR_SKIP not in _buttons(_prompt(h))


def test_skip_this_week_reaches_both_calendars_once(harness: Harness) -> None:
    h = harness
    _, prompt = _agreed_prompt(h)
    assert {blocks.CALENDAR_SKIP, blocks.CALENDAR_MOVE} <= set(_buttons(prompt))
    original = datetime.fromtimestamp(
        int(_buttons(prompt)[blocks.CALENDAR_SKIP]["value"].split(":")[1]), tz=UTC
    )
    assert "Skipped:" in _press(h, MENTEE, prompt, blocks.CALENDAR_SKIP)
    skipped = _invites(h)[2:]
    assert len(skipped) == 2
    by_channel = {f["channel_id"]: f["initial_comment"] for f in skipped}
    assert by_channel[h.emulator.dm_channel_of(MENTEE)].startswith("You skipped this meeting")
    assert by_channel[h.emulator.dm_channel_of(MENTOR)].startswith("<@UMENTEE> skipped")
    (master,) = _event(skipped[0])
    assert int(master["SEQUENCE"]) == 1 and "EXDATE" in master
    assert original not in _starts(skipped[0])
    assert original + timedelta(weeks=2) in _starts(skipped[0])
    assert "skipped already" in _press(h, MENTOR, prompt, blocks.CALENDAR_SKIP)
    assert len(_invites(h)) == 4


def test_move_this_one_reaches_both_calendars_with_a_note_outside_hours(
    harness: Harness,
) -> None:
    h = harness
    _, prompt = _agreed_prompt(h)
    original = datetime.fromtimestamp(
        int(_buttons(prompt)[blocks.CALENDAR_MOVE]["value"].split(":")[1]), tz=UTC
    )
    h.click(MENTOR, _buttons(prompt)[blocks.CALENDAR_MOVE], channel_id=_group(h), message=prompt)
    form = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    element = form["blocks"][0]["element"]
    assert element["type"] == "datetimepicker" and element["initial_date_time"] == int(
        original.timestamp()
    )
    late = datetime(2026, 12, 10, 5, 0, tzinfo=UTC)  # 21:00 in Los Angeles, 18:00 in Auckland
    values = {
        blocks.MOVED_BLOCK: {blocks.MOVED_INPUT: {"selected_date_time": int(late.timestamp())}}
    }
    assert h.submit("UOTHER", form, values).status == 200  # the form is the mentor's alone
    assert len(_invites(h)) == 2
    assert h.submit(MENTOR, form, values).status == 200
    moved = _invites(h)[2:]
    assert len(moved) == 2
    master, override = _event(moved[0])
    assert override.decoded("RECURRENCE-ID").astimezone(UTC) == original
    assert int(override["SEQUENCE"]) == int(master["SEQUENCE"]) == 1
    assert late in _starts(moved[0]) and original not in _starts(moved[0])
    for file in moved:
        assert "moved one meeting" in file["initial_comment"]
        assert "outside" in file["initial_comment"] and "working hours" in file["initial_comment"]
    told = h.emulator.messages[h.emulator.dm_channel_of(MENTOR)][-1]["text"]
    assert told.startswith("Moved:")


def test_stale_clicks_and_strangers_change_nothing(harness: Harness) -> None:
    h = harness
    pair_id, prompt = _agreed_prompt(h)
    h.emulator.add_user("UED", name="ed", tz="Europe/Paris")
    assert "isn't for you" in _press(h, "UED", prompt, blocks.CALENDAR_SKIP)
    h.click("UED", _buttons(prompt)[blocks.CALENDAR_MOVE], channel_id=_group(h), message=prompt)
    assert "isn't for you" in h.emulator.calls_to("response_url")[-1].args["text"]
    forged = dict(_buttons(prompt)[blocks.CALENDAR_SKIP], value=f"{pair_id}:x")
    h.click(MENTEE, forged, channel_id=_group(h), message=prompt)
    assert "isn't for you" in h.emulator.calls_to("response_url")[-1].args["text"]
    assert len(_invites(h)) == 2

    h.clock.set(PROMPTED + timedelta(hours=7))  # the meeting has begun
    assert "already begun" in _press(h, MENTEE, prompt, blocks.CALENDAR_SKIP)
    assert "already begun" in _press(h, MENTEE, prompt, blocks.CALENDAR_MOVE)
    h.clock.set(PROMPTED)
    with h.db.begin() as session:
        pair = session.get(Pair, pair_id)
        assert pair is not None
        pair.status = "ended"
    assert "isn't running" in _press(h, MENTOR, prompt, blocks.CALENDAR_SKIP)
    assert len(_invites(h)) == 2
