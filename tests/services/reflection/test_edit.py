"""Editing a reflection later: the form, saving in place, skill gaps replaced, owners only."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlmodel import col, select

from bot.services import skills as skills_service
from bot.services.reflection import dialog, editing, steps
from storage.engine import Database
from storage.migrate import upgrade
from storage.models import Goal, Reflection, Skill, SkillGap
from tests.services.reflection.test_dialog import NOW, TEAM, Person, must

LATER = NOW + timedelta(days=3)
HOSTILE = "<!channel> <@U123> <https://evil|click> 😀 日本語"


@pytest.fixture
def alice(db: Database) -> Person:
    return Person(db)


def finish(person: Person) -> int:
    """Alice's finished reflection: four answers, a goal, skill gaps python and a typed one."""
    prompt = person.start()
    for text in ("strong", "weak", "lead", "meetings"):
        prompt = must(person.say(text))
    prompt = must(person.say("give 3 talks at team meetings by March"))
    prompt = must(person.click(prompt, "goals_done"))
    done = must(person.say("Python, Research AND development"))
    assert done.is_done
    return done.reflection_id


def edit(
    person: Person,
    reflection_id: int,
    *,
    answers: dict[str, str] | None = None,
    keys: list[str] | None = None,
    typed: str = "",
    now: datetime = LATER,
) -> editing.EditResult | None:
    with person.db.begin() as session:
        return editing.save_edit(
            session,
            team_id=TEAM,
            person_id=person.id,
            reflection_id=reflection_id,
            answers=answers if answers is not None else {},
            keys=keys or [],
            typed=typed,
            now=now,
        )


def form_of(person: Person, reflection_id: int) -> editing.EditForm | None:
    with person.db.begin() as session:
        return editing.edit_form(
            session, team_id=TEAM, person_id=person.id, reflection_id=reflection_id, now=NOW
        )


def gaps(person: Person) -> list[str]:
    with person.db.begin() as session:
        statement = select(SkillGap.skill_key).where(SkillGap.person_id == person.id)
        return list(session.exec(statement.order_by(col(SkillGap.id))))


def reflections(db: Database) -> list[Reflection]:
    with db.begin() as session:
        return list(session.exec(select(Reflection).order_by(col(Reflection.id))))


ANSWERS = {
    "strengths": "explaining",
    "weaknesses": "saying no",
    "aspirations": "staff engineer",
    "challenges": "",
}


def test_the_form_holds_the_current_answers_and_skill_gaps(alice: Person) -> None:
    reflection_id = finish(alice)
    form = form_of(alice, reflection_id)
    assert form is not None
    assert form.reflection_id == reflection_id
    assert form.answers == {
        "strengths": "strong",
        "weaknesses": "weak",
        "aspirations": "lead",
        "challenges": "meetings",
    }
    assert form.skill_keys == ["python", "research and development"]
    assert "python" in {e.key for e in form.catalog}


def test_nobody_else_gets_the_form(alice: Person, db: Database) -> None:
    reflection_id = finish(alice)
    bob = Person(db, "U2")
    assert form_of(bob, reflection_id) is None
    assert form_of(bob, 999_999) is None
    bob.start()  # even with a reflection of his own, hers stays hers
    assert form_of(bob, reflection_id) is None


def test_a_button_from_an_older_run_opens_the_current_one(alice: Person) -> None:
    old_id = finish(alice)
    with alice.db.begin() as session:
        fresh = dialog.restart(session, team_id=TEAM, person_id=alice.id, now=NOW)
    form = form_of(alice, old_id)
    assert form is not None and form.reflection_id == fresh.reflection_id
    assert form.answers["strengths"] == "" and form.skill_keys == []


def test_saving_updates_the_current_reflection_in_place(alice: Person) -> None:
    reflection_id = finish(alice)
    result = edit(alice, reflection_id, answers=ANSWERS, keys=["sql"], typed="JS, Rust")
    assert result is not None and result.changed and result.notes == ()
    assert result.summary.reflection_id == reflection_id
    assert result.summary.answers == ANSWERS
    assert result.summary.skill_labels == ["SQL", "JavaScript", "Rust"]
    [run] = reflections(alice.db)
    assert (run.id, run.is_current, run.step) == (reflection_id, True, steps.DONE)
    assert run.updated_at == LATER and run.completed_at == NOW  # finished then, edited now
    assert gaps(alice) == ["sql", "javascript", "rust"]  # replaced, not added to
    with alice.db.begin() as session:
        assert [g.text for g in session.exec(select(Goal))] == [
            "give 3 talks at team meetings by March"
        ]  # goals are edited with /mentor goals
        rust = session.exec(select(Skill).where(Skill.key == "rust")).one()
        assert not rust.listed  # typed skills are remembered for matching and summaries


def test_kept_skills_keep_their_rows(alice: Person) -> None:
    reflection_id = finish(alice)
    with alice.db.begin() as session:
        before = {g.skill_key: g.id for g in session.exec(select(SkillGap))}
    edit(alice, reflection_id, keys=["python", "sql"])
    with alice.db.begin() as session:
        after = {g.skill_key: g.id for g in session.exec(select(SkillGap))}
    assert after["python"] == before["python"]
    assert set(after) == {"python", "sql"}


def test_restart_after_an_edit_still_starts_a_new_run(alice: Person) -> None:
    reflection_id = finish(alice)
    edit(alice, reflection_id, answers=ANSWERS, keys=["python"])
    with alice.db.begin() as session:
        dialog.restart(session, team_id=TEAM, person_id=alice.id, now=LATER)
    old, new = reflections(alice.db)
    assert (old.is_current, new.is_current) == (False, True)
    assert old.strengths == "explaining"  # the history keeps the edited answers
    assert edit(alice, reflection_id, answers={"strengths": "rewrite history"}) is None
    assert reflections(alice.db)[0].strengths == "explaining"


def test_a_paused_reflection_is_edited_without_moving_the_dialog(alice: Person) -> None:
    prompt = alice.start()
    prompt = must(alice.say("strong"))
    paused = must(alice.click(prompt, "later"))
    result = edit(alice, paused.reflection_id, answers={"strengths": "stronger", "weaknesses": ""})
    assert result is not None and result.changed
    resumed = alice.start()
    assert resumed.step == steps.WEAKNESSES
    assert must(alice.say("weak")).step == steps.ASPIRATIONS
    summary = alice.summary()
    assert summary is not None and summary.answers["strengths"] == "stronger"


def test_the_same_submission_twice_stores_once(alice: Person) -> None:
    reflection_id = finish(alice)
    first = edit(alice, reflection_id, answers=ANSWERS, keys=["python"], typed="go")
    assert first is not None and first.changed
    with alice.db.begin() as session:
        rows = [(g.id, g.skill_key) for g in session.exec(select(SkillGap))]
    second = edit(
        alice,
        reflection_id,
        answers=ANSWERS,
        keys=["python"],
        typed="go",
        now=LATER + timedelta(hours=1),
    )
    assert second is not None and not second.changed
    assert reflections(alice.db)[0].updated_at == LATER
    with alice.db.begin() as session:
        assert [(g.id, g.skill_key) for g in session.exec(select(SkillGap))] == rows


def test_saving_the_prefilled_form_unchanged_changes_nothing(alice: Person) -> None:
    reflection_id = finish(alice)
    form = form_of(alice, reflection_id)
    assert form is not None
    listed = {e.key for e in form.catalog}
    typed = ", ".join(k.upper() for k in form.skill_keys if k not in listed)
    result = edit(
        alice,
        reflection_id,
        answers=form.answers,
        keys=[k for k in form.skill_keys if k in listed],
        typed=typed,
    )
    assert result is not None and not result.changed  # "and" inside a kept skill is not split
    assert gaps(alice) == ["python", "research and development"]


def test_someone_else_cannot_save_over_my_reflection(alice: Person, db: Database) -> None:
    reflection_id = finish(alice)
    bob = Person(db, "U2")
    assert edit(bob, reflection_id, answers={"strengths": "hacked"}, keys=["sales"]) is None
    run = reflections(db)[0]
    assert run.strengths == "strong" and run.updated_at == NOW
    assert gaps(alice) == ["python", "research and development"]


@pytest.mark.parametrize("text", [HOSTILE, "  padded  ", "multi\nline\nanswer"])
def test_text_is_stored_as_typed(alice: Person, text: str) -> None:
    reflection_id = finish(alice)
    result = edit(alice, reflection_id, answers={"challenges": text})
    assert result is not None
    assert result.summary.answers["challenges"] == text.strip()


def test_long_answers_are_trimmed_with_a_note_naming_the_field(alice: Person) -> None:
    reflection_id = finish(alice)
    result = edit(alice, reflection_id, answers={"aspirations": "y" * 40_000, "strengths": "ok"})
    assert result is not None
    assert len(result.summary.answers["aspirations"]) == steps.MAX_ANSWER_CHARS
    assert result.notes == (steps.EDIT_TRIMMED_NOTE.format(name="Aspirations"),)


def test_list_keys_outside_the_catalog_are_ignored(alice: Person) -> None:
    reflection_id = finish(alice)
    result = edit(alice, reflection_id, keys=["python", "not-a-listed-skill", "DROP TABLE"])
    assert result is not None
    assert gaps(alice) == ["python"]


def test_split_skills_keeps_known_keys_whole() -> None:
    known = ["research and development"]
    assert skills_service.split_skills("Research and development, JS", known=known) == [
        "research and development",
        "javascript",
    ]
    assert skills_service.split_skills("Research and development") == ["research", "development"]


def race_the_same_edit(db: Database) -> list[editing.EditResult | None]:
    alice = Person(db)
    reflection_id = finish(alice)
    barrier = threading.Barrier(2)
    results: list[editing.EditResult | None] = []

    def submit() -> None:
        barrier.wait()
        results.append(edit(alice, reflection_id, answers=ANSWERS, keys=["sql"]))

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gaps(alice) == ["sql"]
    return results


def test_a_racing_double_submit_stores_once_on_sqlite(db: Database) -> None:
    results = race_the_same_edit(db)
    assert sorted(bool(r and r.changed) for r in results) == [False, True]


@pytest.mark.postgres
def test_a_racing_double_submit_stores_once_on_postgres(postgres_url: str) -> None:
    upgrade(postgres_url)
    database = Database(postgres_url)
    try:
        results = race_the_same_edit(database)
    finally:
        database.dispose()
    assert sorted(bool(r and r.changed) for r in results) == [False, True]
