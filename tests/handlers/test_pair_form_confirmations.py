"""Send thanks, the retrospective, pause and end: once saved, the message the form came from
shows what was recorded, the done button gone and every other button kept; a stale button
says privately that it is done; nobody but the person a form is for can submit it (issue 16,
item 2)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import select

from handlers.meetings import blocks
from playground.harness import Harness
from storage.models import Delivery, Pair
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import people as people_repo
from tests.handlers.test_form_confirmations import _action_ids as _ids
from tests.handlers.test_form_confirmations import _last_private as _private
from tests.handlers.test_form_confirmations import _message_with as _with
from tests.handlers.test_form_confirmations import _press
from tests.handlers.test_form_confirmations import _stored as _now
from tests.scheduler.helpers import harness_pair

TUESDAY = datetime(2026, 12, 1, 9, tzinfo=UTC)
MENTEE, MENTOR = "UMENTEE", "UMENTOR"


def _dm(h: Harness, user: str) -> str:
    return h.emulator.dm_channel_of(user)


def _form(h: Harness) -> dict[str, Any]:
    return dict(h.emulator.ok_calls_to("views.open")[-1].args["view"])


def _opened(h: Harness) -> int:
    return len(h.emulator.ok_calls_to("views.open"))


def _group(h: Harness) -> list[dict[str, Any]]:
    channel = next(c for c in h.emulator.messages if c.startswith("G"))
    return list(h.emulator.messages[channel])


def _thanks(note: str = "Thank you!") -> dict[str, Any]:
    return {blocks.THANKS_BLOCK: {blocks.THANKS_ACTION: {"type": "x", "value": note}}}


def _until(day: str) -> dict[str, Any]:
    return {blocks.UNTIL_BLOCK: {blocks.UNTIL_ACTION: {"type": "x", "selected_date": day}}}


def _enqueue(h: Harness, kind: str) -> None:
    pair = harness_pair(h, weekday=4)
    with h.db.begin() as session:
        person = people_repo.get_person(session, team_id="T0EMULATOR", slack_user_id=MENTEE)
        assert person is not None
        stored = session.get(Pair, pair.id)
        deliveries_repo.enqueue(
            session, kind=kind, person=person, pair=stored, key="k", now=TUESDAY
        )
    h.tick(TUESDAY)


def test_thanks_from_its_reminder_keeps_snooze_and_stop(harness: Harness) -> None:
    h = harness
    _enqueue(h, "gratitude")
    message = _with(h, MENTEE, blocks.GRATITUDE_OPEN)
    _press(h, MENTOR, message, blocks.GRATITUDE_OPEN)  # the mentor cannot thank themselves
    assert _opened(h) == 0 and "isn't for you" in _private(h)
    _press(h, MENTEE, message, blocks.GRATITUDE_OPEN)
    form = _form(h)
    assert h.submit(MENTOR, form, _thanks()).json["response_action"] == "errors"
    assert _ids(_now(h, MENTEE, message["ts"])) == _ids(message)
    h.submit(MENTEE, form, _thanks("You <!channel> helped"))
    now = _now(h, MENTEE, message["ts"])
    assert "Thanks sent" in str(now["blocks"]) and "<@UMENTOR>" in str(now["blocks"])
    assert _ids(now) == [blocks.SNOOZE, blocks.STOP]
    assert "&lt;!channel&gt;" in _group(h)[-1]["blocks"][0]["text"]["text"]
    _press(h, MENTEE, message, blocks.GRATITUDE_OPEN)  # the old copy on another screen
    assert _opened(h) == 1
    assert _private(h) == "You already sent thanks to <@UMENTOR>, so nothing changed."


def test_pause_then_end_from_the_low_pulse_offers(harness: Harness) -> None:
    h = harness
    _enqueue(h, "pulse")
    _press(h, MENTEE, _with(h, MENTEE, f"{blocks.PULSE_PREFIX}1"), f"{blocks.PULSE_PREFIX}1")
    h.submit(MENTEE, _form(h), {})
    offers = _with(h, MENTEE, blocks.PAUSE_OPEN)
    _press(h, MENTEE, offers, blocks.PAUSE_OPEN)
    h.submit(MENTEE, _form(h), _until("2026-12-22"))
    now = _now(h, MENTEE, offers["ts"])
    assert "Paused until Tuesday 22 December" in str(now["blocks"])
    assert _ids(now) == [blocks.CADENCE_OPEN, blocks.END_OPEN]  # those still have work to do
    assert "paused your mentoring prompts" in _group(h)[-1]["text"]
    opened = _opened(h)
    _press(h, MENTEE, offers, blocks.PAUSE_OPEN)
    assert _opened(h) == opened
    assert "already paused until Tuesday 22 December, so nothing changed" in _private(h)
    _press(h, MENTEE, now, blocks.END_OPEN)
    h.submit(MENTEE, _form(h), {})
    ended = _now(h, MENTEE, offers["ts"])
    assert "Ended: your mentoring with <@UMENTOR>" in str(ended["blocks"])
    assert _ids(ended) == []
    for action_id in (blocks.END_OPEN, blocks.PAUSE_OPEN):
        _press(h, MENTEE, offers, action_id)
        assert "has already ended, so nothing changed" in _private(h)
    assert _opened(h) == opened + 1


def _end_by_command(h: Harness) -> None:
    harness_pair(h, weekday=3)
    h.command(MENTOR, "/mentor", "end")
    h.submit(MENTOR, _form(h), {})


def test_end_by_command_answers_under_it(harness: Harness) -> None:
    _end_by_command(harness)
    answer = harness.emulator.calls_to("response_url")[-1].args
    assert "Ended: your mentoring with <@UMENTEE>" in answer["text"]
    assert answer["response_type"] == "ephemeral"


def test_the_closing_message_loses_only_what_was_done(harness: Harness) -> None:
    h = harness
    _end_by_command(h)
    closing = _with(h, MENTEE, blocks.RETRO_OPEN)
    assert blocks.GRATITUDE_OPEN in _ids(closing) and blocks.FIND_NEXT_MENTOR in _ids(closing)
    _press(h, MENTEE, closing, blocks.GRATITUDE_OPEN)
    h.submit(MENTEE, _form(h), _thanks())
    now = _now(h, MENTEE, closing["ts"])
    assert _ids(now) == [blocks.RETRO_OPEN, blocks.FIND_NEXT_MENTOR]
    assert "Thanks sent" in str(now["blocks"])
    _press(h, MENTEE, now, blocks.RETRO_OPEN)
    form = _form(h)
    assert h.submit(MENTOR, form, {}).json["response_action"] in ("errors", "update")
    answers = {blocks.HELPED_BLOCK: {blocks.HELPED_ACTION: {"type": "x", "value": "*Bold* talk"}}}
    h.submit(MENTEE, form, answers)
    done = _now(h, MENTEE, closing["ts"])
    assert _ids(done) == [blocks.FIND_NEXT_MENTOR]
    shown = " ".join(b["text"]["text"] for b in done["blocks"] if b["type"] == "section")
    assert "What helped most" in shown and "\u2060*\u2060Bold" in shown
    mentor_dm = str(h.emulator.messages[_dm(h, MENTOR)])
    assert "Bold" not in mentor_dm and "Bold" not in str(_group(h))
    opened = _opened(h)
    _press(h, MENTEE, closing, blocks.RETRO_OPEN)
    assert _private(h) == "You already saved your retrospective, so nothing changed."
    _press(h, MENTEE, closing, blocks.GRATITUDE_OPEN)
    assert "already sent thanks" in _private(h) and _opened(h) == opened


def test_a_new_reminder_after_thanks_makes_thanks_possible_again(harness: Harness) -> None:
    h = harness
    _enqueue(h, "gratitude")
    first = _with(h, MENTEE, blocks.GRATITUDE_OPEN)
    _press(h, MENTEE, first, blocks.GRATITUDE_OPEN)
    h.submit(MENTEE, _form(h), _thanks())
    later = datetime(2026, 12, 9, 9, tzinfo=UTC)
    with h.db.begin() as session:  # a second reminder went out after the thanks
        person = people_repo.get_person(session, team_id="T0EMULATOR", slack_user_id=MENTEE)
        pair = session.exec(select(Pair)).one()
        assert person is not None
        deliveries_repo.enqueue(
            session, kind="gratitude", person=person, pair=pair, key="k2", now=later
        )
        row = session.exec(select(Delivery).where(Delivery.idempotency_key == "k2")).one()
        row.status, row.sent_at = "sent", later
    _press(h, MENTEE, first, blocks.GRATITUDE_OPEN)
    assert _opened(h) == 2
