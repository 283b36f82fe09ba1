"""The reflection dialog as a state machine, against a real (SQLite) database."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from itertools import count

import pytest
from sqlmodel import select

from bot.services.goals import smart
from bot.services.goals import tracking as goals_service
from bot.services.reflection import dialog, overview, steps
from storage.engine import Database
from storage.migrate import upgrade
from storage.models import Goal, Reflection, SkillGap
from storage.repositories import people as people_repo

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TEAM = "T1"


class Person:
    """A test double of the caller: answers and clicks with increasing message ts."""

    def __init__(self, db: Database, slack_id: str = "U1") -> None:
        self.db = db
        self._ts = count(1)
        with db.begin() as session:
            people_repo.ensure_workspace(session, team_id=TEAM, now=NOW)
            person = people_repo.add_person(session, team_id=TEAM, slack_user_id=slack_id, now=NOW)
            assert person.id is not None
            self.id = person.id

    def start(self) -> steps.Prompt:
        with self.db.begin() as session:
            return dialog.start_or_resume(session, team_id=TEAM, person_id=self.id, now=NOW)

    def say(self, text: str, ts: str | None = None) -> steps.Prompt | None:
        with self.db.begin() as session:
            return dialog.answer(
                session,
                team_id=TEAM,
                person_id=self.id,
                text=text,
                message_ts=ts or f"1700000000.{next(self._ts):06d}",
                now=NOW,
            )

    def click(self, prompt: steps.Prompt, action: str) -> steps.Prompt | None:
        with self.db.begin() as session:
            return dialog.act(
                session,
                team_id=TEAM,
                person_id=self.id,
                reflection_id=prompt.reflection_id,
                at_step=prompt.step,
                action=action,
                now=NOW,
            )

    def summary(self) -> overview.Summary | None:
        with self.db.begin() as session:
            return overview.summary(session, team_id=TEAM, person_id=self.id)


@pytest.fixture
def alice(db: Database) -> Person:
    return Person(db)


def must(prompt: steps.Prompt | None) -> steps.Prompt:
    assert prompt is not None
    return prompt


def test_the_whole_dialog(alice: Person) -> None:
    assert alice.start().step == steps.STRENGTHS
    assert must(alice.say("Explaining things")).step == steps.WEAKNESSES
    assert must(alice.say("Saying no")).step == steps.ASPIRATIONS
    assert must(alice.say("Lead a team")).step == steps.CHALLENGES
    assert must(alice.say("Too many meetings")).step == steps.GOALS
    saved = must(alice.say("give 3 talks at team meetings by March"))
    assert saved.step == steps.GOALS_MORE
    assert saved.saved_goal is not None
    assert saved.saved_goal.target_date == date(2027, 3, 31)
    skills = must(alice.click(saved, "goals_done"))
    assert skills.step == steps.SKILLS
    done = must(alice.say("JS, public speaking, Underwater basket weaving"))
    assert done.is_done
    assert done.skill_labels == ("JavaScript", "Public speaking", "Underwater basket weaving")
    summary = alice.summary()
    assert summary is not None and summary.is_done
    assert summary.answers["strengths"] == "Explaining things"
    assert [g.text for g in summary.goals] == ["give 3 talks at team meetings by March"]
    assert summary.completed_at == NOW


def test_goal_nudges_one_element_at_a_time(alice: Person) -> None:
    prompt = alice.start()
    for _ in steps.TEXT_STEPS:
        prompt = must(alice.click(prompt, "skip"))
    asked = must(alice.say("get better"))
    assert (asked.step, asked.asking) == (steps.GOAL_DETAIL, smart.SPECIFIC)
    assert asked.question == smart.nudge_question(smart.SPECIFIC)
    asked = must(alice.say("run our sprint planning on my own"))
    assert asked.asking == smart.MEASURE
    asked = must(alice.say("I run three plannings without help"))
    assert asked.asking == smart.TIME
    saved = must(alice.say("in 2 months"))
    assert saved.step == steps.GOALS_MORE
    assert saved.saved_goal is not None
    assert saved.saved_goal.text == "run our sprint planning on my own"
    assert saved.saved_goal.measure == "I run three plannings without help"
    assert saved.saved_goal.target_date == NOW.date() + timedelta(days=60)


def test_an_unhelpful_reply_is_not_asked_again(alice: Person) -> None:
    prompt = alice.start()
    for _ in steps.TEXT_STEPS:
        prompt = must(alice.click(prompt, "skip"))
    must(alice.say("give 3 talks at team meetings"))  # no date
    saved = must(alice.say("whenever I can"))
    assert saved.step == steps.GOALS_MORE
    assert saved.saved_goal is not None
    assert saved.saved_goal.target_date is None
    assert "(when: whenever I can)" in saved.saved_goal.text


def test_accept_as_is_after_one_nudge(alice: Person) -> None:
    prompt = alice.start()
    for _ in steps.TEXT_STEPS:
        prompt = must(alice.click(prompt, "skip"))
    asked = must(alice.say("get better"))
    saved = must(alice.click(asked, "accept"))
    assert saved.step == steps.GOALS_MORE
    assert saved.saved_goal is not None and saved.saved_goal.text == "get better"
    assert alice.click(asked, "accept") is None  # a second click saves nothing more
    with alice.db.begin() as session:
        assert len(list(session.exec(select(Goal)))) == 1


def test_add_another_goal_and_typing_a_goal_at_the_more_prompt(alice: Person) -> None:
    prompt = alice.start()
    for _ in steps.TEXT_STEPS:
        prompt = must(alice.click(prompt, "skip"))
    more = must(alice.say("ship the billing migration by 2027-03-31"))
    again = must(alice.click(more, "another"))
    assert again.step == steps.GOALS
    more = must(alice.say("publish our API style guide tomorrow"))
    more = must(alice.say("read 4 books on leadership this quarter"))  # typed at the "more" step
    assert more.step == steps.GOALS_MORE
    summary = alice.summary()
    assert summary is not None and len(summary.goals) == 3


def test_back_shows_the_previous_answer_and_overwrites_it(alice: Person) -> None:
    alice.start()
    must(alice.say("first try"))
    weak = must(alice.say("weakness"))
    back = must(alice.click(weak, "back"))
    assert (back.step, back.previous) == (steps.WEAKNESSES, "weakness")
    back = must(alice.click(back, "back"))
    assert (back.step, back.previous) == (steps.STRENGTHS, "first try")
    assert not back.can_back
    assert alice.click(back, "back") is None
    must(alice.say("second try"))
    summary = alice.summary()
    assert summary is not None and summary.answers["strengths"] == "second try"


def test_back_from_skills_goes_to_goals(alice: Person) -> None:
    prompt = alice.start()
    for _ in steps.TEXT_STEPS:
        prompt = must(alice.click(prompt, "skip"))
    skills = must(alice.click(prompt, "skip"))
    assert skills.step == steps.SKILLS
    assert must(alice.click(skills, "back")).step == steps.GOALS


def test_a_stale_button_changes_nothing(alice: Person) -> None:
    first = alice.start()
    must(alice.click(first, "skip"))
    assert alice.click(first, "skip") is None  # double click of the same Skip
    summary = alice.summary()
    assert summary is not None and summary.step == steps.WEAKNESSES


def test_the_same_message_twice_advances_once(alice: Person) -> None:
    alice.start()
    assert must(alice.say("strong", ts="1700000001.000100")).step == steps.WEAKNESSES
    assert alice.say("strong", ts="1700000001.000100") is None
    summary = alice.summary()
    assert summary is not None and summary.step == steps.WEAKNESSES
    assert summary.answers["weaknesses"] == ""
    # A genuinely new message that arrives out of order still counts.
    assert must(alice.say("late", ts="1700000000.000100")).step == steps.ASPIRATIONS


def test_finish_later_then_continue_days_later(alice: Person) -> None:
    prompt = alice.start()
    prompt = must(alice.say("strengths"))
    later = must(alice.click(prompt, "later"))
    assert later.paused and later.step == steps.WEAKNESSES
    resumed = must(alice.say("weakness days later"))
    assert resumed.step == steps.ASPIRATIONS and not resumed.paused


def test_restart_keeps_the_old_run(alice: Person) -> None:
    alice.start()
    must(alice.say("old strengths"))
    with alice.db.begin() as session:
        fresh = dialog.restart(session, team_id=TEAM, person_id=alice.id, now=NOW)
    assert fresh.step == steps.STRENGTHS
    with alice.db.begin() as session:
        runs = list(session.exec(select(Reflection).order_by(Reflection.id)))  # type: ignore[arg-type]
    assert [r.is_current for r in runs] == [False, True]
    assert runs[0].strengths == "old strengths"
    assert alice.summary() is not None and alice.summary().answers["strengths"] == ""  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    ["😀🎉", "日本語で答えます", "مرحبا بالعالم", "<!channel> hi <@U123> <https://evil|click>"],
)
def test_answers_are_stored_as_typed(alice: Person, text: str) -> None:
    alice.start()
    stored = must(alice.say(text))
    assert stored.stored == text
    summary = alice.summary()
    assert summary is not None and summary.answers["strengths"] == text


def test_long_answers_are_trimmed_with_a_note(alice: Person) -> None:
    alice.start()
    prompt = must(alice.say("x" * 40_000))
    assert prompt.notes == (steps.TRIMMED_NOTE,)
    summary = alice.summary()
    assert summary is not None
    assert len(summary.answers["strengths"]) == steps.MAX_ANSWER_CHARS


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_messages_do_not_advance(alice: Person, text: str) -> None:
    alice.start()
    prompt = must(alice.say(text))
    assert prompt.step == steps.STRENGTHS
    assert prompt.notes == (steps.EMPTY_NOTE,)


def test_no_dialog_no_answer(alice: Person) -> None:
    assert alice.say("hello") is None  # never started
    prompt = alice.start()
    for _ in range(5):
        prompt = must(alice.click(prompt, "skip"))
    done = must(alice.click(prompt, "skip"))
    assert done.is_done
    assert alice.say("hello again") is None  # finished


def test_someone_else_cannot_act_on_my_reflection(alice: Person, db: Database) -> None:
    mine = alice.start()
    bob = Person(db, "U2")
    assert bob.click(mine, "skip") is None
    with db.begin() as session:
        assert (
            dialog.choose_skills(
                session,
                team_id=TEAM,
                person_id=bob.id,
                reflection_id=mine.reflection_id,
                keys=["python"],
                typed="",
                now=NOW,
            )
            is None
        )
    assert bob.summary() is None
    summary = alice.summary()
    assert summary is not None and summary.step == steps.STRENGTHS


def test_choose_skills_from_the_list_and_typed(alice: Person) -> None:
    prompt = alice.start()
    with alice.db.begin() as session:
        done = dialog.choose_skills(
            session,
            team_id=TEAM,
            person_id=alice.id,
            reflection_id=prompt.reflection_id,
            keys=["python", "not-in-the-catalog", "python"],
            typed="golang; Public  Speaking",
            now=NOW,
        )
    assert done is not None and done.is_done
    assert done.skill_labels == ("Python", "Go", "Public speaking")
    with alice.db.begin() as session:
        assert len(list(session.exec(select(SkillGap)))) == 3


def test_goals_of_the_reflection_are_real_goals(alice: Person) -> None:
    prompt = alice.start()
    for _ in steps.TEXT_STEPS:
        prompt = must(alice.click(prompt, "skip"))
    must(alice.say("ship the billing migration by 2027-03-31"))
    with alice.db.begin() as session:
        listed = goals_service.list_goals(session, team_id=TEAM, person_id=alice.id)
    assert [g.progress for g in listed] == [0]


def race_the_same_message(db: Database) -> list[steps.Prompt | None]:
    """Two deliveries of one message (different event ids, same ts) at the same moment."""
    alice = Person(db)
    alice.start()
    barrier = threading.Barrier(2)
    results: list[steps.Prompt | None] = []

    def deliver() -> None:
        barrier.wait()
        results.append(alice.say("strong", ts="1700000001.000100"))

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    summary = alice.summary()
    assert summary is not None and summary.step == steps.WEAKNESSES
    return results


def test_concurrent_duplicates_advance_once_on_sqlite(db: Database) -> None:
    results = race_the_same_message(db)
    assert sorted(r is None for r in results) == [False, True]


@pytest.mark.postgres
def test_concurrent_duplicates_advance_once_on_postgres(postgres_url: str) -> None:
    upgrade(postgres_url)
    database = Database(postgres_url)
    try:
        results = race_the_same_message(database)
    finally:
        database.dispose()
    assert sorted(r is None for r in results) == [False, True]


@pytest.mark.postgres
def test_two_different_messages_racing_both_count_on_postgres(postgres_url: str) -> None:
    upgrade(postgres_url)
    database = Database(postgres_url)
    try:
        alice = Person(database)
        alice.start()
        barrier = threading.Barrier(2)

        def deliver(text: str, ts: str) -> None:
            barrier.wait()
            alice.say(text, ts=ts)

        threads = [
            threading.Thread(target=deliver, args=("one", "1700000001.000001")),
            threading.Thread(target=deliver, args=("two", "1700000001.000002")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        summary = alice.summary()
    finally:
        database.dispose()
    assert summary is not None
    # Both answers are kept, each at its own step (no lost update).
    assert summary.step == steps.ASPIRATIONS
    assert {summary.answers["strengths"], summary.answers["weaknesses"]} <= {"one", "two"}
    assert summary.answers["strengths"] and summary.answers["weaknesses"]


@pytest.mark.parametrize("word", ["skip", "Skip.", "none", "N/A"])
def test_typing_skip_skips(alice: Person, word: str) -> None:
    alice.start()
    assert must(alice.say(word)).step == steps.WEAKNESSES
    summary = alice.summary()
    assert summary is not None and summary.answers["strengths"] == ""


def test_typing_none_at_the_skills_step_adds_no_skill(alice: Person) -> None:
    prompt = alice.start()
    for _ in range(5):  # four text steps and goals
        prompt = must(alice.click(prompt, "skip"))
    assert prompt.step == steps.SKILLS
    done = must(alice.say("none"))
    assert done.is_done and done.skill_labels == ()


def test_typed_skill_gaps_keep_their_words_and_lose_mentions(alice: Person) -> None:
    prompt = alice.start()
    with alice.db.begin() as session:
        done = dialog.choose_skills(
            session,
            team_id=TEAM,
            person_id=alice.id,
            reflection_id=prompt.reflection_id,
            keys=[],
            typed="<!here> hacking; Kubernetes, <!channel>, " + "python " * 800,
            now=NOW,
        )
    assert done is not None
    assert done.skill_labels == ("hacking", "Kubernetes", "Python")
