"""Regressions for the scheduler review: a mentor's several pairs, skill watches, the
digest's send window, cadence changes after a meeting, and late check-in answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.scheduler import claims
from bot.services.meetings import pair_access, rhythm
from handlers.meetings import blocks
from playground.harness import Harness
from storage.models import Delivery, Meeting, Pair, Person
from storage.repositories import pairs as pairs_repo
from storage.repositories import people as people_repo
from tests.scheduler.helpers import add_person, harness_pair, posted

# Tuesday 1 December 2026: every new pair meets on Tuesday by default.
MON = datetime(2026, 11, 30, 9, tzinfo=UTC)
TUE, WED, THU, FRI = (datetime(2026, 12, d, 9, tzinfo=UTC) for d in (1, 2, 3, 4))


def two_mentees(harness: Harness, weekday: int = 1) -> list[Pair]:
    now = harness.clock.now()
    for user in ("UMENTOR", "UMENTEEA", "UMENTEEB"):
        harness.emulator.add_user(user, name=user.lower(), tz="Europe/London")
        add_person(harness.db, user, "Europe/London", now)
    pairs = []
    with harness.db.begin() as session:
        mentor = _id(session, "UMENTOR")
        for mentee in ("UMENTEEA", "UMENTEEB"):
            pairs.append(
                pairs_repo.create_pair(
                    session,
                    team_id="T0EMULATOR",
                    mentor_id=mentor,
                    mentee_id=_id(session, mentee),
                    now=now,
                    cadence="weekly",
                    meeting_weekday=weekday,
                )
            )
    return pairs


def _id(session: Session, user: str) -> int:
    person = people_repo.get_person(session, team_id="T0EMULATOR", slack_user_id=user)
    assert person is not None and person.id is not None
    return person.id


def test_a_mentor_with_two_mentees_gets_both_prompts_on_the_meeting_day(
    harness: Harness,
) -> None:
    pairs = two_mentees(harness)
    harness.tick(MON)
    harness.tick(TUE)
    prompts = [(c, d) for c, k, d in posted(harness) if k == "meeting_prompt"]
    assert len(prompts) == 2
    assert len({c for c, _ in prompts}) == 2  # each in its own pair's group DM
    with harness.db.begin() as session:
        rows = session.exec(select(Delivery).where(Delivery.kind == "meeting_prompt")).all()
        sent = {r.pair_id for r in rows if r.status == "sent" and r.occurrence == TUE.date()}
    assert sent == {p.id for p in pairs}


def test_a_new_cadence_keeps_the_check_ins_of_a_meeting_that_happened(harness: Harness) -> None:
    pair = harness_pair(harness, weekday=3)  # Thursday 3 December
    harness.tick(WED)
    harness.tick(THU)  # the prompt is out: the meeting happened today
    with harness.db.begin() as session:
        mentee = people_repo.get_person(session, team_id="T0EMULATOR", slack_user_id="UMENTEE")
        assert mentee is not None
        rhythm.change_cadence(
            session,
            team_id="T0EMULATOR",
            pair_id=pair.id or 0,
            person=mentee,
            cadence_name="biweekly",
            now=THU,
        )
    harness.tick(FRI)
    checkins = [c for c, k, _ in posted(harness) if k == "checkin"]
    assert sorted(checkins) == sorted(
        harness.emulator.dm_channel_of(u) for u in ("UMENTOR", "UMENTEE")
    )
    with harness.db.begin() as session:
        upcoming = session.exec(
            select(Delivery).where(Delivery.kind == "meeting_prompt", Delivery.status == "pending")
        ).all()
    # The next meeting is planned on the new rhythm: two weeks after Thursday's.
    assert [r.occurrence for r in upcoming] == [date(2026, 12, 17)]


def _checkin_to(harness: Harness, user: str) -> int:
    channel = harness.emulator.dm_channel_of(user)
    return [d for c, k, d in posted(harness) if k == "checkin" and c == channel][0]


def _usefulness(score: str) -> dict[str, Any]:
    return {
        blocks.USEFULNESS_BLOCK: {
            blocks.USEFULNESS_ACTION: {
                "type": "static_select",
                "selected_option": {"value": score},
            }
        },
        blocks.TAKEAWAY_BLOCK: {blocks.TAKEAWAY_ACTION: {"type": "plain_text_input", "value": "X"}},
    }


def _click(harness: Harness, user: str, action_id: str, value: int) -> None:
    harness.click(
        user,
        {"action_id": action_id, "value": str(value)},
        channel_id=harness.emulator.dm_channel_of(user),
    )


def test_we_met_after_we_did_not_meet_keeps_the_answers_and_says_so(harness: Harness) -> None:
    harness_pair(harness, weekday=3)
    for at in (WED, THU, FRI):
        harness.tick(at)
    checkin = _checkin_to(harness, "UMENTEE")
    _click(harness, "UMENTEE", blocks.CHECKIN_MET, checkin)  # opens the form ...
    form = list(harness.emulator.views.values())[-1]
    _click(harness, "UMENTEE", blocks.CHECKIN_MISSED, checkin)  # ... then a change of mind
    with harness.db.begin() as session:
        assert session.exec(select(Meeting)).one().outcome == "missed"
    harness.submit("UMENTEE", form, _usefulness("4"))  # and back: they did meet
    with harness.db.begin() as session:
        meeting = session.exec(select(Meeting)).one()
    assert (meeting.outcome, meeting.usefulness, meeting.takeaway) == ("met", 4, "X")
    last = harness.emulator.calls_to("chat.postMessage")[-1].args
    assert last["channel"] == harness.emulator.dm_channel_of("UMENTEE")
    assert "Check-in changed to \u201cwe met\u201d" in last["text"] and "4/5" in last["text"]


def test_a_second_we_met_form_is_not_dropped_silently(harness: Harness) -> None:
    harness_pair(harness, weekday=3)
    for at in (WED, THU, FRI):
        harness.tick(at)
    checkin = _checkin_to(harness, "UMENTOR")
    forms = []
    for _ in range(2):
        _click(harness, "UMENTOR", blocks.CHECKIN_MET, checkin)
        forms.append(list(harness.emulator.views.values())[-1])
    harness.submit("UMENTOR", forms[0], _usefulness("5"))
    harness.submit("UMENTOR", forms[0], _usefulness("5"))  # a double submit: nothing to say
    sent = len(harness.emulator.calls_to("chat.postMessage"))
    harness.submit("UMENTOR", forms[1], _usefulness("2"))
    with harness.db.begin() as session:
        assert [m.usefulness for m in session.exec(select(Meeting))] == [5]
    calls = harness.emulator.calls_to("chat.postMessage")
    assert len(calls) == sent + 1
    assert "kept your first answer" in calls[-1].args["text"]


def _methods(harness: Harness) -> list[str]:
    return [call.method for call in harness.emulator.calls]


def test_commands_and_modals_ack_before_asking_slack_about_the_person(harness: Harness) -> None:
    harness_pair(harness)
    with harness.db.begin() as session:
        for person in session.exec(select(Person)):
            person.profile_synced_at = None  # stale: ensure_person would call users.info
            session.add(person)
    harness.emulator.fail_next(method="users.info", status=429, retry_after=1)
    result = harness.command("UMENTEE", "/mentor", "pause")
    assert result.status == 200
    methods = _methods(harness)
    # The modal opened (after the ack) before users.info was asked, rate limit and all.
    assert methods.index("views.open") < methods.index("users.info")
    view = list(harness.emulator.views.values())[-1]
    with harness.db.begin() as session:
        mentee = people_repo.get_person(session, team_id="T0EMULATOR", slack_user_id="UMENTEE")
        assert mentee is not None
        mentee.profile_synced_at = None
        session.add(mentee)
    date_value = {"type": "datepicker", "selected_date": "2026-12-21"}
    values = {blocks.UNTIL_BLOCK: {blocks.UNTIL_ACTION: date_value}}
    # The form is the mentee's: their partner cannot submit it (issue 16, item 2).
    assert harness.submit("UMENTOR", view, values).json["response_action"] == "errors"
    harness.clock.advance(timedelta(minutes=2))  # past the short memory of users.info answers
    start = len(harness.emulator.calls)
    harness.submit("UMENTEE", view, values)
    after = [call.method for call in harness.emulator.calls[start:]]
    assert after.index("chat.postMessage") < after.index("users.info")
    harness.emulator.add_user("USTRANGER", name="stranger")
    stranger = harness.submit(  # a copy of the form (its own view id), never stored person
        "USTRANGER",
        {**view, "id": "VSTRANGER"},
        {blocks.UNTIL_BLOCK: {blocks.UNTIL_ACTION: date_value}},
    )
    assert stranger.json["response_action"] == "errors"
    assert (
        harness.command("USTRANGER", "/mentor", "end")
        .json["text"]
        .startswith("You don't have an active mentoring pair")
    )


def _choice_buttons(result_json: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The other person's mention -> the Choose button, from a which-pair answer."""
    return {
        block["text"]["text"]: block["accessory"]
        for block in result_json["blocks"]
        if block.get("accessory")
    }


def test_commands_with_two_mentees_ask_which_pair_or_take_an_at_name(harness: Harness) -> None:
    pair_a, pair_b = two_mentees(harness)
    harness.emulator.add_user("UOTHER", name="other")
    asked = harness.command("UMENTOR", "/mentor", "end").json
    assert "Which one do you want to end?" in asked["text"]
    buttons = _choice_buttons(asked)
    assert set(buttons) == {"With <@UMENTEEA>", "With <@UMENTEEB>"}
    assert buttons["With <@UMENTEEB>"]["value"] == str(pair_b.id)  # ids only
    views_before = len(harness.emulator.views)
    harness.click("UOTHER", buttons["With <@UMENTEEB>"], channel_id="C0GENERAL")
    assert "isn't for you" in harness.emulator.calls_to("response_url")[-1].args["text"]
    assert len(harness.emulator.views) == views_before
    harness.click("UMENTOR", buttons["With <@UMENTEEB>"], channel_id="C0GENERAL")
    end_view = list(harness.emulator.views.values())[-1]
    assert end_view["callback_id"] == blocks.END_VIEW
    assert str(pair_b.id) in end_view["private_metadata"]
    # @name picks the pair directly, and the rest of the words still count.
    harness.command("UMENTOR", "/mentor", "cadence <@UMENTEEA|umenteea> weekly friday")
    harness.command("UMENTOR", "/mentor", "cadence @umenteeb every-two-weeks")
    with harness.db.begin() as session:
        a, b = session.get(Pair, pair_a.id), session.get(Pair, pair_b.id)
        assert a is not None and b is not None
        assert (a.cadence, a.meeting_weekday) == ("weekly", 4)
        assert (b.cadence, b.meeting_weekday) == ("weekly", 1)  # words not understood: unchanged
    asked = harness.command("UMENTOR", "/mentor", "checkin").json
    harness.click("UMENTOR", _choice_buttons(asked)["With <@UMENTEEA>"], channel_id="C0GENERAL")
    checkin_view = list(harness.emulator.views.values())[-1]
    assert checkin_view["callback_id"] == blocks.CHECKIN_VIEW
    assert str(pair_a.id) in checkin_view["private_metadata"]
    # A mentee with one mentor is never asked.
    harness.command("UMENTEEA", "/mentor", "end")
    assert list(harness.emulator.views.values())[-1]["callback_id"] == blocks.END_VIEW


def test_pick_pair_reads_escaped_and_typed_mentions() -> None:
    mentor = Person(id=1, team_id="T", slack_user_id="UM", created_at=MON)
    one = Person(id=2, team_id="T", slack_user_id="UA", display_name="Ana", created_at=MON)
    two = Person(id=3, team_id="T", slack_user_id="UB", real_name="ben", created_at=MON)
    views = [
        pair_access.PairView(Pair(id=n, team_id="T", mentor_id=1, mentee_id=p.id or 0), mentor, p)
        for n, p in ((10, one), (11, two))
    ]
    assert pair_access.pick_pair(views, 1, "<@UB|ben> weekly")[0] == views[1]
    assert pair_access.pick_pair(views, 1, "weekly @ana friday") == (views[0], "weekly  friday")
    assert pair_access.pick_pair(views, 1, "weekly") == (None, "weekly")
    assert pair_access.pick_pair(views, 1, "@nobody")[0] is None
    assert pair_access.pick_pair(views[:1], 1, "")[0] == views[0]


def test_a_persons_messages_of_one_pass_go_in_separate_rounds(harness: Harness) -> None:
    two_mentees(harness)
    harness.tick(datetime(2026, 11, 28, 9, tzinfo=UTC))  # a Saturday: planned, nothing sent
    with harness.db.begin() as session:
        rows = session.exec(select(Delivery).order_by(col(Delivery.id))).all()
        prompts = [r.id or 0 for r in rows if r.kind == "meeting_prompt"]
        nudges = [r.id or 0 for r in rows if r.kind == "prepare"]
        rounds = claims.waves(session, ids=[*prompts, *nudges])
    # The two prompts share the mentor: one per round; each mentee's nudge fits beside one.
    assert len(rounds) == 2
    assert [sorted(set(r) & set(prompts)) for r in rounds] == [[p] for p in sorted(prompts)]
    assert sorted(i for r in rounds for i in r) == sorted([*prompts, *nudges])
