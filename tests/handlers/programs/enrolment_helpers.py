"""Driving a program's enrolment through signed requests: the admin's modal, the announcement's
buttons, the answers under them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import select

from handlers.programs.enrolment import blocks
from playground.harness import Harness
from storage.models import Program

ADMIN, MEMBER, MENTOR_USER = "UPADMIN", "UMEMBER", "UMENTOR"
CHANNEL, NO_BOT = "CANNOUNCE", "CNOBOT"


def setup_team(h: Harness) -> Harness:
    e = h.emulator
    e.add_user(ADMIN, name="ada", tz="Europe/Paris", is_admin=True)
    e.add_user(MEMBER, name="mo", real_name="Mo Member", tz="Europe/Paris")
    e.add_user(MENTOR_USER, name="mia", real_name="Mia Mentor", tz="Europe/Paris")
    e.add_channel(CHANNEL, name="mentoring", members=[ADMIN, MEMBER, MENTOR_USER, e.bot_user_id])
    e.add_channel(NO_BOT, name="quiet", members=[ADMIN, MEMBER])
    for user in (ADMIN, MEMBER, MENTOR_USER):
        h.event({"type": "app_home_opened", "user": user, "tab": "home"})
    return h


def last_view(h: Harness) -> dict[str, Any]:
    return dict(h.emulator.ok_calls_to("views.open")[-1].args["view"])


def text(value: str) -> dict[str, Any]:
    return {blocks.A_TEXT: {"type": "plain_text_input", "value": value}}


def day(value: date) -> dict[str, Any]:
    return {blocks.A_DATE: {"type": "datepicker", "selected_date": value.isoformat()}}


def program_values(
    today: date,
    *,
    name: str = "Spring cohort",
    description: str = "Mentoring for new managers.",
    closes: int = 14,
    starts: int = 30,
    ends: int = 120,
    per_mentor: str = "2",
    mode: str = "round",
    channel: str | None = CHANNEL,
    question: str = "",
    circle_size: str = "",
) -> dict[str, Any]:
    values: dict[str, Any] = {
        blocks.B_CIRCLE: text(circle_size),
        blocks.B_NAME: text(name),
        blocks.B_DESCRIPTION: text(description),
        blocks.B_CLOSES: day(today + timedelta(days=closes)),
        blocks.B_STARTS: day(today + timedelta(days=starts)),
        blocks.B_ENDS: day(today + timedelta(days=ends)),
        blocks.B_MODE: {
            blocks.A_MODE: {"type": "radio_buttons", "selected_option": {"value": mode}}
        },
        blocks.B_PER_MENTOR: text(per_mentor),
        blocks.B_QUESTION: text(question),
        blocks.B_CHANNEL: {
            blocks.A_CHANNEL: {"type": "conversations_select", "selected_conversation": channel}
        },
    }
    return values


def create(h: Harness, **kw: Any) -> Any:
    """The admin opens `/mentor admin program` and submits it."""
    h.command(ADMIN, "/mentor", "admin program")
    return h.submit(ADMIN, last_view(h), program_values(h.clock.now().date(), **kw))


def program(h: Harness, name: str = "Spring cohort") -> Program:
    with h.db.begin() as session:
        found = session.exec(select(Program).where(Program.name == name)).one()
        session.expunge(found)
        return found


def announcement(h: Harness, channel: str = CHANNEL) -> dict[str, Any]:
    return dict(h.emulator.messages[channel][-1])


def join_button(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    return next(
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )


def click_join(h: Harness, user: str, action_id: str, channel: str = CHANNEL) -> Any:
    message = announcement(h, channel)
    value = join_button(message, action_id)["value"]
    return h.click(
        user, {"action_id": action_id, "value": value}, channel_id=channel, message=message
    )


def notes(h: Harness, start: int) -> str:
    """Everything said privately since `start` (under a click or a command)."""
    return " ".join(
        str(c.args.get("text") or "")
        for c in h.emulator.calls[start:]
        if c.method in ("response_url", "chat.postEphemeral")
    )
