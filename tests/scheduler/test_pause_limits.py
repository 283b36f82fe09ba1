"""A pause's date through the signed modal: a real date, after today, at most six months on."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from bot.services import cadence
from handlers.meetings import blocks
from playground.harness import Harness
from storage.models import Pair
from tests.scheduler.helpers import harness_pair


def _submit(harness: Harness, day: str) -> dict[str, object]:
    harness.command("UMENTEE", "/mentor", "pause")
    view = list(harness.emulator.views.values())[-1]
    picked = {
        blocks.UNTIL_BLOCK: {blocks.UNTIL_ACTION: {"type": "datepicker", "selected_date": day}}
    }
    return dict(harness.submit("UMENTEE", view, picked).json or {})


def _pair(harness: Harness) -> tuple[str, date | None]:
    with harness.db.begin() as session:
        pair = session.exec(select(Pair)).one()
        return pair.status, pair.paused_until


@pytest.mark.parametrize("day", ["2027-13-45", "2027-02-31", "soon"])
def test_an_impossible_date_is_not_a_date(harness: Harness, day: str) -> None:
    harness_pair(harness)
    answer = _submit(harness, day)
    assert answer["response_action"] == "errors"
    assert "not a real date" in str(answer["errors"])
    assert _pair(harness) == ("active", None)


def test_more_than_six_months_offers_a_nearer_date_or_ending(harness: Harness) -> None:
    harness_pair(harness)  # today is Tuesday 1 December 2026
    answer = _submit(harness, "2027-06-02")
    error = str(answer["errors"])
    assert answer["response_action"] == "errors"
    assert "1 June 2027" in error and "nearer date" in error and "/mentor end" in error
    assert _pair(harness) == ("active", None)
    assert _submit(harness, "2027-06-01") == {}
    assert _pair(harness) == ("paused", date(2027, 6, 1))


@pytest.mark.parametrize(
    ("today", "latest"),
    [
        (date(2026, 12, 1), date(2027, 6, 1)),
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),
        (date(2026, 6, 30), date(2026, 12, 30)),
    ],
)
def test_latest_pause_end(today: date, latest: date) -> None:
    assert cadence.latest_pause_end(today) == latest
