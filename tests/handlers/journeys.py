"""The whole journey through signed HTTP, with every free-text field filled by one function.

Used by the trust tests: hostile input everywhere (injection), secrets in logs, data export.
Every Slack surface the features offer is exercised once: /reflect and its DM answers and
buttons, the skills modal, /mentor profile, /find-mentor, request intro, accept, cadence,
thanks, /mentor goals with its modals and sharing, App Home, /mentor data export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from handlers.goals import blocks as goal_blocks
from handlers.introductions.blocks import (
    A_MESSAGE,
    B_MESSAGE,
    INTRO_ACCEPT,
    INTRO_THANK,
    PAIR_CADENCE_PREFIX,
)
from handlers.matching.blocks import REQUEST_INTRO
from handlers.reflection import blocks as reflection_blocks
from handlers.reflection import forms as reflection_forms
from playground.harness import Harness
from playground.signed_client import HttpResult
from tests.handlers.find_mentor_helpers import (
    click_in_dm,
    dm,
    element,
    elements,
    last_view,
    profile_values,
)

MENTEE, MENTOR, OTHER = "UMIA", "UMAX", "UEVE"
ADMIN, LEAD = "UADMIN1", "ULEAD01"
WINS_CHANNEL, TEAM_CHANNEL = "C0WINS", "C0TEAMS1"

HOSTILE_CORE = (
    "<!channel> <!here> <!everyone> <@U123> <#C123> <https://evil.example|Click> "
    "*Admin notice* _it_ ~x~ `code` \u202eevil\u202c \u200f \x00NUL\x00 &amp; "
    "\x1b[31mred\x07\x08\x7f\x0b\x0c\r\nCaf\u0065\u0301 "
)
# JSON (events, interactions) can carry half a surrogate pair; a form-encoded slash command
# cannot (Slack sends UTF-8), so those fields get only HOSTILE_CORE.
LONE_SURROGATE = "\ud83d "
TYPED_IN_COMMANDS = {"search words", "admin skills", "admin words", "period"}
HOSTILE = HOSTILE_CORE + "\U0001f600" * 10_000
# One field per request carries the 10,000 emoji: several would pass Slack's own size limits
# on what it sends us (our server refuses bodies over 512 KB, as it should).
LONG_FIELDS = {
    "strengths",
    "goal",
    "search words",
    "intro",
    "progress note",
    "milestone",
    "takeaway",
    "pulse note",
    "retro",
}


def hostile(label: str) -> str:
    """What an attacker types into the field called `label`."""
    text = HOSTILE if label in LONG_FIELDS else HOSTILE_CORE + "\U0001f600" * 20
    return text if label in TYPED_IN_COMMANDS else LONE_SURROGATE + text


@dataclass
class JourneyLog:
    """What the app answered over HTTP (acks carry slash-command answers and modal errors)."""

    answers: list[HttpResult] = field(default_factory=list)

    def keep(self, result: HttpResult) -> HttpResult:
        self.answers.append(result)
        return result


def run_journey(
    h: Harness, text: Callable[[str], str] = lambda label: label, *, end_pair: bool = True
) -> JourneyLog:
    """Act out the journey; `text(label)` gives what the person types into each field.
    With `end_pair=False` the pair stays live (pause and end are left out)."""
    log = JourneyLog()
    _add_people(h, text)
    _reflect(h, log, text)
    _mentor_profile(h, log, text)
    _find_and_ask(h, log, text)
    _accept_and_rhythm(h, log)
    _goals(h, log, text)
    _home_and_share(h, log)
    _scheduler(h, log, text, end_pair=end_pair)
    _admin_and_summary(h, log, text)
    log.keep(h.command(MENTEE, "/mentor", "data export"))
    return log


def _add_people(h: Harness, text: Callable[[str], str]) -> None:
    h.emulator.add_user(MENTEE, name="mia", real_name="Mia Mentee", tz="Europe/Paris")
    h.emulator.add_user(MENTOR, name="max", real_name="Max Mentor", tz="Europe/Berlin")
    h.emulator.add_user(OTHER, name="eve", real_name=text("real name")[:80], tz="Asia/Tokyo")
    h.emulator.add_channel(WINS_CHANNEL, name="wins", members=[MENTEE, "U0BOT"])
    h.emulator.add_user(ADMIN, name="ada", real_name="Ada Admin", is_admin=True)
    h.emulator.add_user(LEAD, name="lea", real_name="Lea Lead")
    members = [MENTEE, MENTOR, OTHER, ADMIN, LEAD, "U0BOT"]
    h.emulator.add_channel(TEAM_CHANNEL, name="team", members=members)


def _reflect(h: Harness, log: JourneyLog, text: Callable[[str], str]) -> None:
    log.keep(h.command(MENTEE, "/reflect"))
    for step in ("strengths", "weaknesses", "aspirations", "challenges"):
        log.keep(h.say(MENTEE, text(step)))
    log.keep(h.say(MENTEE, text("goal")))
    log.keep(h.say(MENTEE, "run our sprint planning on my own by March, 3 sprints"))
    _click_last(h, log, MENTEE, reflection_blocks.ACTION_ACCEPT)
    _click_last(h, log, MENTEE, reflection_blocks.ACTION_GOALS_DONE)
    _click_last(h, log, MENTEE, reflection_blocks.ACTION_CHOOSE_SKILLS)
    opened = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    values = {
        reflection_forms.SKILLS_SELECT_BLOCK: {
            reflection_forms.SKILLS_SELECT_ACTION: {
                "type": "multi_static_select",
                "selected_options": [{"value": "python"}],
            }
        },
        reflection_forms.SKILLS_TYPED_BLOCK: {
            reflection_forms.SKILLS_TYPED_ACTION: {
                "type": "plain_text_input",
                "value": "public speaking, " + text("typed skills"),
            }
        },
    }
    log.keep(h.submit(MENTEE, opened, values))
    log.keep(h.command(MENTEE, "/reflect"))


def _click_last(h: Harness, log: JourneyLog, user: str, action_id: str) -> None:
    """Click `action_id` on the newest DM message of `user` that has it."""
    for message in reversed(dm(h, user)):
        if any(e["action_id"] == action_id for e in elements(message)):
            log.keep(click_in_dm(h, user, user, action_id, message))
            return
    raise AssertionError(f"no {action_id} in {user}'s DM")


def _mentor_profile(h: Harness, log: JourneyLog, text: Callable[[str], str]) -> None:
    log.keep(h.command(MENTOR, "/mentor", "profile"))
    values = profile_values(
        ["python", "public speaking"],
        extra=text("extra skills"),
        helps=text("helps with"),
        alumni=text("alumni"),
        team=text("team"),
    )
    log.keep(h.submit(MENTOR, last_view(h), values))


def _find_and_ask(h: Harness, log: JourneyLog, text: Callable[[str], str]) -> None:
    log.keep(h.command(MENTEE, "/find-mentor", text("search words")))
    log.keep(h.command(MENTEE, "/find-mentor", "python"))
    answer = h.emulator.calls_to("response_url")[-1].args
    log.keep(h.click(MENTEE, element(answer, REQUEST_INTRO), channel_id="C0GENERAL"))
    view = last_view(h)
    values = {B_MESSAGE: {A_MESSAGE: {"type": "plain_text_input", "value": text("intro")}}}
    log.keep(h.submit(MENTEE, view, values))


def _accept_and_rhythm(h: Harness, log: JourneyLog) -> None:
    log.keep(click_in_dm(h, MENTOR, MENTOR, INTRO_ACCEPT))
    for message in reversed(dm(h, MENTEE)):
        if any(e["action_id"] == INTRO_THANK for e in elements(message)):
            log.keep(click_in_dm(h, MENTEE, MENTEE, INTRO_THANK, message))
            break
    for channel, messages in list(h.emulator.messages.items()):
        for message in messages:
            if any(e["action_id"].startswith(PAIR_CADENCE_PREFIX) for e in elements(message)):
                action = element(message, f"{PAIR_CADENCE_PREFIX}weekly")
                log.keep(h.click(MENTEE, action, channel_id=channel, message=message))
                return


def _goals(h: Harness, log: JourneyLog, text: Callable[[str], str]) -> None:
    answer = log.keep(h.command(MENTEE, "/mentor", "goals")).json
    goal_id = _first_goal_id(answer)
    _menu(h, log, "update", goal_id)
    modal = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    log.keep(h.submit(MENTEE, modal, _progress(40, text("progress note"))))
    _menu(h, log, "milestone", goal_id)
    modal = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    note = {goal_blocks.NOTE_BLOCK: {goal_blocks.NOTE_ACTION: {"value": text("milestone")}}}
    log.keep(h.submit(MENTEE, modal, note))
    _menu(h, log, "done", goal_id)
    action = {"action_id": goal_blocks.SHARE_CELEBRATION_ACTION, "value": str(goal_id)}
    log.keep(h.click(MENTEE, action, channel_id=h.emulator.dm_channel_of(MENTEE)))
    share = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    channel = {
        goal_blocks.CHANNEL_ACTION: {
            "type": "conversations_select",
            "selected_conversation": WINS_CHANNEL,
        }
    }
    log.keep(h.submit(MENTEE, share, {goal_blocks.CHANNEL_BLOCK: channel}))


def _first_goal_id(answer: dict[str, Any]) -> int:
    for block in answer.get("blocks") or []:
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") == goal_blocks.GOAL_MENU_ACTION:
            parsed = goal_blocks.parse_menu_value(str(accessory["options"][0]["value"]))
            assert parsed is not None
            return parsed[1]
    raise AssertionError("no goal menu in /mentor goals")


def _menu(h: Harness, log: JourneyLog, choice: str, goal_id: int) -> None:
    option = {"value": goal_blocks.menu_value(choice, goal_id)}
    action = {
        "action_id": goal_blocks.GOAL_MENU_ACTION,
        "type": "overflow",
        "selected_option": option,
    }
    log.keep(h.click(MENTEE, action, channel_id="C1"))


def _progress(percent: int, note: str) -> dict[str, Any]:
    return {
        goal_blocks.PROGRESS_BLOCK: {
            goal_blocks.PROGRESS_ACTION: {
                "type": "static_select",
                "selected_option": {"value": str(percent)},
            }
        },
        goal_blocks.NOTE_BLOCK: {
            goal_blocks.NOTE_ACTION: {"type": "plain_text_input", "value": note}
        },
    }


def _home_and_share(h: Harness, log: JourneyLog) -> None:
    for user in (MENTEE, MENTOR, OTHER):
        log.keep(h.event({"type": "app_home_opened", "user": user, "tab": "home"}))
    home = h.emulator.home_views.get(MENTEE) or {}
    for block in home.get("blocks") or []:
        for found in [*block.get("elements", []), block.get("accessory") or {}]:
            if found.get("action_id") == reflection_blocks.ACTION_SHARE:
                action = {"action_id": found["action_id"], "value": found.get("value", "")}
                log.keep(h.click(MENTEE, action, channel_id=h.emulator.dm_channel_of(MENTEE)))
                return


def _admin_and_summary(h: Harness, log: JourneyLog, text: Callable[[str], str]) -> None:
    """#6: an admin names a lead and edits the skill list; the lead posts a summary."""
    for args in (
        f"admin leads add <@{LEAD}|lea>",
        "admin skills add " + text("admin skills")[:500],
        "admin " + text("admin words")[:500],
        "admin cadence weekly",
        f"admin digest <#{TEAM_CHANNEL}|team> monday 09:00",
        "admin skills list",
    ):
        log.keep(h.command(ADMIN, "/mentor", args))
    log.keep(h.command(LEAD, "/mentoring-summary", text("period")[:200], channel_id=TEAM_CHANNEL))
    log.keep(h.command(LEAD, "/mentoring-summary", "30d", channel_id=TEAM_CHANNEL))
    preview = h.emulator.calls_to("response_url")[-1].args
    found = [e for e in elements(preview) if e["action_id"] == "summary_post_to_channel"]
    if found:
        log.keep(
            h.click(LEAD, element(preview, "summary_post_to_channel"), channel_id=TEAM_CHANNEL)
        )


def _last_with(h: Harness, user: str, prefix: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The newest message in `user`'s DM with a button whose action_id starts with `prefix`."""
    for message in reversed(dm(h, user)):
        for found in elements(message):
            if found["action_id"].startswith(prefix):
                return message, found
    return None


def _modal_values(view: dict[str, Any], text: str, *, choice: str = "4") -> dict[str, Any]:
    """Fill every input of a modal: `text` in text fields, `choice` in selects, a date later."""
    values: dict[str, Any] = {}
    for block in view.get("blocks") or []:
        if block.get("type") != "input":
            continue
        element = block["element"]
        if element["type"] == "plain_text_input":
            value: dict[str, Any] = {"type": "plain_text_input", "value": text}
        elif element["type"] == "datepicker":
            value = {"type": "datepicker", "selected_date": element.get("initial_date")}
        else:
            value = {"type": element["type"], "selected_option": {"value": choice}}
        values[block["block_id"]] = {element["action_id"]: value}
    return values


def _scheduler(h: Harness, log: JourneyLog, text: Callable[[str], str], *, end_pair: bool) -> None:
    """#5: the scheduler's prompts, check-in, pulse, thanks, cadence, pause, end, look back."""
    from datetime import timedelta

    from handlers.meetings import blocks as sched

    done: set[str] = set()
    for _ in range(45):
        h.tick(h.clock.now() + timedelta(days=1))
        for prefix, label in (
            (sched.CHECKIN_MET, "takeaway"),
            (sched.PULSE_PREFIX, "pulse note"),
            (sched.GRATITUDE_OPEN, "thanks"),
        ):
            found = None if prefix in done else _last_with(h, MENTEE, prefix)
            if found is None:
                continue
            message, button = found
            action = {"action_id": button["action_id"], "value": button.get("value", "")}
            if prefix == sched.PULSE_PREFIX:
                action["action_id"] = f"{sched.PULSE_PREFIX}1"  # a low answer shows the offers
            channel = h.emulator.dm_channel_of(MENTEE)
            log.keep(h.click(MENTEE, action, channel_id=channel, message=message))
            view = last_view(h)
            log.keep(h.submit(MENTEE, view, _modal_values(view, text(label))))
            done.add(prefix)
        if len(done) == 3:
            break
    assert done == {sched.CHECKIN_MET, sched.PULSE_PREFIX, sched.GRATITUDE_OPEN}, done
    log.keep(h.command(MENTEE, "/mentor", "cadence"))
    subs = (("checkin", "takeaway"), ("pause", "pause"), ("end", "end"))
    for sub, label in subs if end_pair else subs[:1]:
        log.keep(h.command(MENTEE, "/mentor", sub))
        view = last_view(h)
        log.keep(h.submit(MENTEE, view, _modal_values(view, text(label))))
    found = _last_with(h, MENTEE, sched.RETRO_OPEN)
    if end_pair:
        assert found is not None, "ending the pair offers a look back"
        action = {"action_id": sched.RETRO_OPEN, "value": found[1].get("value", "")}
        log.keep(h.click(MENTEE, action, channel_id=h.emulator.dm_channel_of(MENTEE)))
        view = last_view(h)
        log.keep(h.submit(MENTEE, view, _modal_values(view, text("retro"))))
