"""App Home through signed requests: the mentor sees "Circles you lead", a member "Your circles"."""

from __future__ import annotations

import json
from typing import Any

from handlers.circles import messages
from playground.harness import Harness
from tests.handlers.circles.helpers import join_button, mentor_with_profile, open_circle, people


def _home(h: Harness, user: str) -> dict[str, Any]:
    h.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})
    published = [c for c in h.emulator.ok_calls_to("views.publish") if c.args["user_id"] == user]
    assert published, user
    view = published[-1].args["view"]
    return view if isinstance(view, dict) else json.loads(view)


def _text(view: dict[str, Any]) -> str:
    return json.dumps(view["blocks"])


def test_home_shows_the_circle_to_its_mentor_and_a_member_after_joining(
    harness: Harness,
) -> None:
    h = harness
    mentor_with_profile(h, "UMAX", ["python"])
    open_circle(h, "UMAX", "Python <!channel> at *scale*", seats="3")
    people(h, "UANA", "UBO")
    before = _text(_home(h, "UMAX"))
    assert "Circles you lead" in before and "0/3 members" in before and "no meeting yet" in before
    assert "<!channel>" not in before and "&lt;!channel&gt;" in before
    h.click("UANA", join_button(h, "UANA"))
    lead = _text(_home(h, "UMAX"))
    assert "1/3 members" in lead and "2 seats left" in lead and "next meeting" in lead
    mine = _home(h, "UANA")
    shown = _text(mine)
    assert "Your circles" in shown and "with <@UMAX>" in shown and "next meeting" in shown
    assert "Circles you lead" not in shown and len(mine["blocks"]) <= 100
    assert "circles" not in _text(_home(h, "UBO"))  # in none, led none


def test_an_unchanged_circle_home_is_published_once(harness: Harness) -> None:
    h = harness
    mentor_with_profile(h, "UMAX", ["python"])
    open_circle(h, "UMAX", "Python at scale")
    _home(h, "UMAX")
    count = len(h.emulator.ok_calls_to("views.publish"))
    _home(h, "UMAX")
    assert len(h.emulator.ok_calls_to("views.publish")) == count


def _last_published(h: Harness, user: str) -> str:
    calls = [c for c in h.emulator.ok_calls_to("views.publish") if c.args["user_id"] == user]
    assert calls, user
    view = calls[-1].args["view"]
    return _text(view if isinstance(view, dict) else json.loads(view))


def test_joining_leaving_and_closing_publish_the_homes_that_changed(harness: Harness) -> None:
    h = harness
    mentor_with_profile(h, "UMAX", ["python"])
    open_circle(h, "UMAX", "Python at scale", seats="3")
    assert "0/3 members" in _last_published(h, "UMAX")  # opening lists it at once
    people(h, "UANA", "UBO")
    h.click("UANA", join_button(h, "UANA"))
    assert "1/3 members" in _last_published(h, "UMAX")
    assert "Your circles" in _last_published(h, "UANA")
    h.click("UBO", join_button(h, "UBO"))
    assert "2/3 members" in _last_published(h, "UMAX")
    with h.db.begin() as session:
        from sqlmodel import select

        from storage.models import Circle

        circle_id = session.exec(select(Circle)).one().id
    h.click("UANA", {"action_id": messages.LEAVE, "value": str(circle_id)})
    assert "Your circles" not in _last_published(h, "UANA")
    assert "1/3 members" in _last_published(h, "UMAX")
    h.click("UMAX", {"action_id": messages.CLOSE, "value": str(circle_id)})
    assert "Circles you lead" not in _last_published(h, "UMAX")
    assert "Your circles" not in _last_published(h, "UBO")


HOME = {"id": "VHOME", "type": "home"}


def _home_button(view: dict[str, Any], action_id: str) -> dict[str, Any]:
    return next(
        e
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )


def test_the_home_offers_leave_and_close_each_asking_first(harness: Harness) -> None:
    h = harness
    mentor_with_profile(h, "UMAX", ["python"])
    open_circle(h, "UMAX", "Python at scale", seats="3")
    people(h, "UANA", "UBO")
    for user in ("UANA", "UBO"):
        h.click(user, join_button(h, user))
    leave = _home_button(_home(h, "UANA"), messages.LEAVE)
    close = _home_button(_home(h, "UMAX"), messages.CLOSE)
    assert leave["text"]["text"] == "Leave Python at scale" and "confirm" in leave
    assert close["text"]["text"] == "Close Python at scale" and close["style"] == "danger"
    assert close["confirm"]["confirm"]["text"] == "Close it"
    # Pressed in the App Home (no message to answer under): the answer comes to the DM.
    h.click("UANA", {"action_id": messages.LEAVE, "value": leave["value"]}, view=HOME)
    assert "Your circles" not in _last_published(h, "UANA")
    h.click("UMAX", {"action_id": messages.CLOSE, "value": close["value"]}, view=HOME)
    told = [m["text"] for m in h.emulator.messages[h.emulator.dm_channel_of("UMAX")]]
    assert "Circle closed; everyone got a closing message." in told
    assert "Circles you lead" not in _last_published(h, "UMAX")
