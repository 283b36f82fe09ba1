"""A peer pair's journey through signed requests: Sam knows SQL (the strengths of a reflection)
and wants Go; Kim knows Go (a mentor profile: she opted in to being found) and wants SQL. Sam
asks to pair up, Kim accepts, the group DM opens, and the clock moves over two meetings.

From Ask to pair up on, nothing either of them is shown says mentor or mentee: the group DM,
their DMs, message updates, private answers, modals and App Home's peer section. The fixed
slash commands (`/mentor ...`, `/find-mentor`) keep their names; they are not roles. Both get
the come-prepared nudge and the check-ins, and each thanks the other.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlmodel import select

from handlers.introductions.blocks import A_MESSAGE, B_MESSAGE, INTRO_ACCEPT, PAIR_CADENCE_PREFIX
from handlers.matching.peer_blocks import ASK_PEER
from handlers.meetings import blocks as sched
from handlers.reflection import blocks as reflection_blocks
from handlers.reflection import forms as reflection_forms
from playground.harness import Harness
from storage.models import Delivery, Meeting, Pair
from tests.handlers.find_mentor_helpers import (
    click_in_dm,
    dm,
    element,
    elements,
    find,
    last_view,
    refusals,
    save_profile,
)
from tests.handlers.journeys import _modal_values
from tests.handlers.peer_helpers import KIM, SAM, readable

SHOWN = (
    "chat.postMessage",
    "chat.postEphemeral",
    "chat.update",
    "response_url",
    "views.open",
    "views.update",
    "views.push",
)
COMMANDS = re.compile(r"/(?:find-mentor|mentor)\b")


def _reflect(h: Harness, user: str, strengths: str, gaps: list[str]) -> None:
    """The guided reflection in the DM, as a person answers it."""
    h.command(user, "/reflect")
    for answer in (strengths, "weak spots", "grow", "time"):
        h.say(user, answer)
    h.say(user, "ship a small service on my own")
    h.say(user, "by March, 3 services")
    for action_id in (
        reflection_blocks.ACTION_ACCEPT,
        reflection_blocks.ACTION_GOALS_DONE,
        reflection_blocks.ACTION_CHOOSE_SKILLS,
    ):
        message = next(m for m in reversed(dm(h, user)) if _has(m, action_id))
        click_in_dm(h, user, user, action_id, message)
    opened = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    chosen = [{"value": key} for key in gaps]
    values = {
        reflection_forms.SKILLS_SELECT_BLOCK: {
            reflection_forms.SKILLS_SELECT_ACTION: {
                "type": "multi_static_select",
                "selected_options": chosen,
            }
        },
    }
    h.submit(user, opened, values)


def _has(message: dict[str, Any], prefix: str) -> bool:
    return any(e["action_id"].startswith(prefix) for e in elements(message))


def _newest_with(h: Harness, user: str, prefix: str) -> dict[str, Any] | None:
    return next((m for m in reversed(dm(h, user)) if _has(m, prefix)), None)


def _pair(h: Harness) -> Pair:
    with h.db.begin() as session:
        return session.exec(select(Pair)).one()


def _ask_and_accept(h: Harness, answer: dict[str, Any]) -> Pair:
    h.click(SAM, element(answer, ASK_PEER), channel_id="C0GENERAL")
    view = last_view(h)
    draft = view["blocks"][1]["element"]["initial_value"]
    h.submit(SAM, view, {B_MESSAGE: {A_MESSAGE: {"type": "plain_text_input", "value": draft}}})
    click_in_dm(h, KIM, KIM, INTRO_ACCEPT)
    pair = _pair(h)
    assert pair.kind == "peer" and pair.group_channel_id
    intro = h.emulator.messages[pair.group_channel_id][-1]
    weekly = element(intro, f"{PAIR_CADENCE_PREFIX}weekly")
    h.click(KIM, weekly, channel_id=pair.group_channel_id, message=intro)
    return pair


def _answer_what_came(h: Harness, user: str, done: dict[str, int]) -> None:
    """Check in (we met, very useful), share come-prepared questions, send thanks."""
    channel = h.emulator.dm_channel_of(user)
    nudge = _newest_with(h, user, sched.CHECKIN_MET)
    if nudge is not None and done.setdefault(f"checkin:{nudge['ts']}", 0) == 0:
        done[f"checkin:{nudge['ts']}"] = 1
        h.click(user, element(nudge, sched.CHECKIN_MET), channel_id=channel, message=nudge)
        view = last_view(h)
        h.submit(user, view, _modal_values(view, f"{user} learned a lot", choice="5"))
    thanks = _newest_with(h, user, sched.GRATITUDE_OPEN)
    if thanks is not None and done.setdefault(f"thanks:{user}", 0) == 0:
        done[f"thanks:{user}"] = 1
        h.click(user, element(thanks, sched.GRATITUDE_OPEN), channel_id=channel, message=thanks)
        view = last_view(h)
        h.submit(user, view, _modal_values(view, f"thank you from {user}"))


def _prepare(h: Harness, user: str, done: dict[str, int]) -> None:
    """Answer a come-prepared nudge with questions, then share them."""
    last = dm(h, user)[-1] if dm(h, user) else {}
    if "Come prepared" not in str(last.get("text")) or done.get(f"prep:{last['ts']}"):
        return
    done[f"prep:{last['ts']}"] = 1
    h.say(user, f"questions from {user}")
    preview = _newest_with(h, user, sched.QUESTIONS_SHARE)
    assert preview is not None
    click_in_dm(h, user, user, sched.QUESTIONS_SHARE, preview)


def _read_since(h: Harness, start: int) -> list[str]:
    """Every text Slack was asked to show (or edit, or open) since call `start`."""
    texts: list[str] = []
    for call in h.emulator.calls[start:]:
        if call.method in SHOWN:
            texts += readable(call.args)
    return texts


def test_a_peer_pair_never_reads_mentor_or_mentee_and_both_get_both_halves(
    harness: Harness,
) -> None:
    h = harness
    h.emulator.add_user(SAM, name="sam", real_name="Sam Quill", tz="Europe/Paris")
    h.emulator.add_user(KIM, name="kim", real_name="Kim Lee", tz="Europe/Berlin")
    save_profile(h, KIM, ["go"])
    _reflect(h, KIM, "Go services and testing", ["sql"])
    _reflect(h, SAM, "SQL, data modelling", ["go"])
    answer = find(h, SAM)  # the /find-mentor answer names mentors too: it is not the pair's
    start = len(h.emulator.calls)
    pair = _ask_and_accept(h, answer)
    done: dict[str, int] = {}
    for _ in range(20):
        h.tick(h.clock.now() + timedelta(days=1))
        for user in (SAM, KIM):
            _prepare(h, user, done)
            _answer_what_came(h, user, done)
    for user in (SAM, KIM):
        h.event({"type": "app_home_opened", "user": user, "tab": "home"})
    assert refusals(h) == []

    with h.db.begin() as session:
        rows = session.exec(select(Delivery).where(Delivery.pair_id == pair.id)).all()
        met = session.exec(select(Meeting).where(Meeting.pair_id == pair.id)).all()
    sent = [(r.kind, r.person_id) for r in rows if r.status == "sent"]
    for person_id in (pair.mentor_id, pair.mentee_id):
        assert sent.count(("checkin", person_id)) >= 2, sent
        assert ("prepare", person_id) in sent and ("gratitude", person_id) in sent
    assert sent.count(("meeting_prompt", None)) >= 2
    assert {m.person_id for m in met} == {pair.mentor_id, pair.mentee_id}
    group = str(h.emulator.messages[pair.group_channel_id or ""])
    assert "<@USAM> says thank you, <@UKIM>" in group
    assert "<@UKIM> says thank you, <@USAM>" in group
    assert "questions from USAM" in group and "questions from UKIM" in group

    said = [COMMANDS.sub("/command", t) for t in _read_since(h, start)]
    roles = [t for t in said if re.search("mentor|mentee", t, re.IGNORECASE)]
    assert said and roles == []
    for user in (SAM, KIM):
        home = readable(h.emulator.home_views[user])
        assert "*Learning from each other*" in home
        assert not any("Your mentor" in t or "Your mentees" in t for t in home)
