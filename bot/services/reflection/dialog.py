"""The guided self-reflection as a state machine whose state lives in the database.

Steps: strengths -> weaknesses -> aspirations -> challenges -> goals (a loop: a goal, its SMART
questions one at a time, "add another" or "done") -> skills -> done. Every call loads the state,
applies one input and returns the Prompt to show next, so a restart of the app, or a reply days
later, continues at the same step. Answers are kept as typed, up to MAX_ANSWER_CHARS.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlmodel import Session, col, select

from bot.clock import local
from bot.services import skills as skills_service
from bot.services import typed_text
from bot.services.goals import smart
from bot.services.goals import tracking as goals_service
from storage.models import Goal, Person, Reflection, ReflectionDialog, SkillGap
from storage.repositories import pairs as pairs_repo

# Slack shows at most 3000 characters in a section; a longer answer is cut there, and the
# person is told so. 40,000-character messages are stored as their first 3000 characters.
MAX_ANSWER_CHARS = 3000

STRENGTHS, WEAKNESSES = "strengths", "weaknesses"
ASPIRATIONS, CHALLENGES = "aspirations", "challenges"
GOALS, GOAL_DETAIL, GOALS_MORE = "goals", "goal_detail", "goals_more"
SKILLS, DONE = "skills", "done"
GOAL_STEPS = (GOALS, GOAL_DETAIL, GOALS_MORE)
TEXT_STEPS = (STRENGTHS, WEAKNESSES, ASPIRATIONS, CHALLENGES)
STEPS = (*TEXT_STEPS, GOALS, GOAL_DETAIL, GOALS_MORE, SKILLS, DONE)
# Where "back" goes from each step (the goal loop counts as one step).
BACK_TO = {
    WEAKNESSES: STRENGTHS,
    ASPIRATIONS: WEAKNESSES,
    CHALLENGES: ASPIRATIONS,
    GOALS: CHALLENGES,
    GOAL_DETAIL: GOALS,  # to the goal being worked on, which is kept and shown
    GOALS_MORE: CHALLENGES,
    SKILLS: GOALS_MORE,
}
QUESTIONS = {
    STRENGTHS: "What are you good at? Think of what colleagues come to you for.",
    WEAKNESSES: "What would you like to be better at, or what holds you back?",
    ASPIRATIONS: "Where would you like to be in a year or two?",
    CHALLENGES: "What is hard for you at work right now?",
    GOALS: "What is one goal you want to work on? A sentence is enough; I'll help make it "
    "specific, measurable and time-bound.",
    GOALS_MORE: "Add another goal, or move on to the skills you want to grow?",
    SKILLS: "Which skills do you want to grow? Pick them from the list, or type them "
    "separated by commas (e.g. _python, public speaking_).",
    DONE: "That's your reflection. It stays private to you unless you choose to share it.",
}
TRIMMED_NOTE = (
    f"That was long: I kept the first {MAX_ANSWER_CHARS:,} characters. "
    "Send the rest as the answer to a later question if it matters."
)
ANSWER_NAMES = {
    STRENGTHS: "Strengths",
    WEAKNESSES: "Would like to be better at",
    ASPIRATIONS: "Aspirations",
    CHALLENGES: "Current challenges",
}
EDIT_TRIMMED_NOTE = (
    f"Your answer to “{{name}}” was long: I kept its first {MAX_ANSWER_CHARS:,} characters."
)
# Typed instead of clicking Skip ("none" at the skills step is not a skill called "none").
SKIP_WORDS = frozenset({"skip", "pass", "none", "nothing", "n/a", "no", "nope", "-"})
# Slack redelivers within about an hour; a person types far fewer than this many answers then.
RECENT_TS_KEPT = 50
CLICK_PREFIX = "click:"  # a click's action_ts among the message ts taken
EMPTY_NOTE = "I didn't get any text there. Type your answer, or use the buttons."
NOT_A_DATE = "“{date}” is not a real date, so I saved nothing with it. Which date did you mean?"


@dataclass(frozen=True)
class Prompt:
    """What to show next; the handler turns it into Block Kit (and escapes every user text)."""

    reflection_id: int
    step: str
    question: str
    notes: tuple[str, ...] = ()
    # The person's words we just stored, and what this step already holds (after "back").
    stored: str = ""
    previous: str = ""
    asking: str = ""  # the SMART element asked about in GOAL_DETAIL
    draft: str = ""
    saved_goal: goals_service.GoalView | None = None
    skill_labels: tuple[str, ...] = ()
    paused: bool = False
    # At DONE: nothing was answered (every question skipped).
    empty: bool = False
    # Set by `answer` and `act`: how to step back if this question cannot be delivered.
    undo: Undo | None = None

    @property
    def can_back(self) -> bool:
        return self.step in BACK_TO

    @property
    def can_skip(self) -> bool:
        return self.step not in (DONE, GOALS_MORE)

    @property
    def is_done(self) -> bool:
        return self.step == DONE


@dataclass(frozen=True)
class Undo:
    """The dialog as it was before one typed answer or click. A step advances only once its
    next question was delivered: if the post fails, `take_back` puts this back, so the person's
    next message answers the question they saw (a text answer stays stored for that step)."""

    reflection_id: int
    message_ts: str  # the typed message's ts, or CLICK_PREFIX + action_ts for a button
    step: str
    completed_at: datetime | None
    draft_text: str
    draft_measure: str
    draft_target_date: date | None
    asking: str
    excused: str
    goal_ids: frozenset[int]


@dataclass(frozen=True)
class Summary:
    """A person's reflection, for their own eyes (or their mentor's, when they share it)."""

    reflection_id: int
    step: str
    answers: dict[str, str]
    goals: list[goals_service.GoalView] = field(default_factory=list)
    skill_labels: list[str] = field(default_factory=list)
    completed_at: datetime | None = None

    @property
    def is_done(self) -> bool:
        return self.step == DONE

    @property
    def is_empty(self) -> bool:
        return not any(self.answers.values()) and not self.goals and not self.skill_labels


# --- loading -------------------------------------------------------------------------------


def current_reflection(session: Session, *, team_id: str, person_id: int) -> Reflection | None:
    statement = (
        select(Reflection)
        .where(
            Reflection.team_id == team_id,
            Reflection.person_id == person_id,
            Reflection.is_current == True,  # noqa: E712
        )
        .order_by(col(Reflection.id).desc())
    )
    return session.exec(statement).first()


def _dialog(session: Session, reflection: Reflection, now: datetime) -> ReflectionDialog:
    """The dialog row, locked for this unit of work so two deliveries cannot interleave."""
    statement = (
        select(ReflectionDialog)
        .where(ReflectionDialog.reflection_id == reflection.id)
        .with_for_update()
    )
    dialog = session.exec(statement).first()
    if dialog is None:
        assert reflection.id is not None
        dialog = ReflectionDialog(
            reflection_id=reflection.id, team_id=reflection.team_id, updated_at=now
        )
        session.add(dialog)
        session.flush()
    return dialog


def _locked(session: Session, reflection: Reflection, now: datetime) -> ReflectionDialog:
    """Lock the dialog, then re-read the reflection: a racing delivery may have moved it."""
    dialog = _dialog(session, reflection, now)
    session.refresh(reflection)
    return dialog


def _new_reflection(session: Session, *, team_id: str, person_id: int, now: datetime) -> Reflection:
    reflection = Reflection(team_id=team_id, person_id=person_id, started_at=now, updated_at=now)
    session.add(reflection)
    session.flush()
    _dialog(session, reflection, now)
    return reflection


# --- entry points --------------------------------------------------------------------------


def start_or_resume(session: Session, *, team_id: str, person_id: int, now: datetime) -> Prompt:
    """The current step of the person's reflection, starting one if they have none."""
    reflection = current_reflection(session, team_id=team_id, person_id=person_id)
    if reflection is None:
        reflection = _new_reflection(session, team_id=team_id, person_id=person_id, now=now)
    dialog = _dialog(session, reflection, now)
    dialog.paused = False
    session.add(dialog)
    return _prompt(session, reflection, dialog)


def restart(session: Session, *, team_id: str, person_id: int, now: datetime) -> Prompt:
    """Start over; the old run stays in the history (is_current=False), goals stay too."""
    old = current_reflection(session, team_id=team_id, person_id=person_id)
    if old is not None:
        old.is_current = False
        old.updated_at = now
        session.add(old)
        session.flush()
    reflection = _new_reflection(session, team_id=team_id, person_id=person_id, now=now)
    return _prompt(session, reflection, _dialog(session, reflection, now))


def restart_if_current(
    session: Session, *, team_id: str, person_id: int, expected_id: int, now: datetime
) -> Prompt | None:
    """Restart only when the confirmation was for the reflection that is still current
    (0: none), so a double click of "Yes, start over" restarts once."""
    current = current_reflection(session, team_id=team_id, person_id=person_id)
    if (current.id if current is not None else 0) != expected_id:
        return None
    return restart(session, team_id=team_id, person_id=person_id, now=now)


def answer(
    session: Session, *, team_id: str, person_id: int, text: str, message_ts: str, now: datetime
) -> Prompt | None:
    """Apply a typed DM message to the dialog. None when there is no dialog going on, or
    when this message (by its ts, unique in the DM) was already taken: it advances once."""
    reflection = current_reflection(session, team_id=team_id, person_id=person_id)
    if reflection is None:
        return None
    dialog = _locked(session, reflection, now)
    seen = dialog.recent_message_ts.split()
    if reflection.step == DONE or message_ts in seen:
        return None
    undo = _undo(session, reflection, dialog, message_ts)
    _remember_input(dialog, message_ts)
    dialog.paused = False
    cleaned, notes = _clean(text)
    if not cleaned:
        return _prompt(session, reflection, dialog, notes=(EMPTY_NOTE,))
    if cleaned.casefold().strip(" .!") in SKIP_WORDS:
        prompt = _skip(session, reflection, dialog, now) or _prompt(session, reflection, dialog)
    else:
        prompt = _apply(session, reflection, dialog, cleaned, notes, now)
    return replace(prompt, undo=undo)


def take_back(session: Session, *, team_id: str, person_id: int, undo: Undo, now: datetime) -> bool:
    """The answer's next question was not delivered: step back to the question the person saw.
    A text answer stays stored for that step; a goal it completed is taken back with the step
    (typed again, it is saved once). False when another message has moved the dialog since."""
    reflection = session.get(Reflection, undo.reflection_id)
    if reflection is None or reflection.team_id != team_id or reflection.person_id != person_id:
        return False
    dialog = _locked(session, reflection, now)
    seen = dialog.recent_message_ts.split()
    if not reflection.is_current or not seen or seen[-1] != undo.message_ts:
        return False
    for goal in session.exec(select(Goal).where(Goal.reflection_id == reflection.id)).all():
        if goal.id not in undo.goal_ids:
            goals_service.delete_goal(session, goal=goal)
    reflection.step, reflection.completed_at = undo.step, undo.completed_at
    dialog.draft_text, dialog.draft_measure = undo.draft_text, undo.draft_measure
    dialog.draft_target_date, dialog.asking = undo.draft_target_date, undo.asking
    dialog.excused = undo.excused
    # Slack may deliver the same message again: then it is taken as new.
    dialog.recent_message_ts = " ".join(seen[:-1])
    _touch(session, reflection, dialog, now)
    return True


def _undo(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, message_ts: str
) -> Undo:
    assert reflection.id is not None
    goal_ids = session.exec(select(Goal.id).where(Goal.reflection_id == reflection.id)).all()
    return Undo(
        reflection_id=reflection.id,
        message_ts=message_ts,
        step=reflection.step,
        completed_at=reflection.completed_at,
        draft_text=dialog.draft_text,
        draft_measure=dialog.draft_measure,
        draft_target_date=dialog.draft_target_date,
        asking=dialog.asking,
        excused=dialog.excused,
        goal_ids=frozenset(g for g in goal_ids if g is not None),
    )


def act(
    session: Session,
    *,
    team_id: str,
    person_id: int,
    reflection_id: int,
    at_step: str,
    action: str,
    now: datetime,
    click_ts: str = "",
) -> Prompt | None:
    """A button: skip, back, later, accept (goal as is), another (goal), goals_done.

    `at_step` is the step the button was shown at; a button from an older step, a second click,
    or someone else's reflection changes nothing (None). With `click_ts` (the click's
    action_ts) the prompt carries an Undo, as a typed answer's does.
    """
    reflection = session.get(Reflection, reflection_id)
    if reflection is None or reflection.team_id != team_id or reflection.person_id != person_id:
        return None
    dialog = _locked(session, reflection, now)
    handler = _ACTIONS.get(action)
    if not reflection.is_current or reflection.step != at_step or handler is None:
        return None
    undo = _undo(session, reflection, dialog, f"{CLICK_PREFIX}{click_ts}") if click_ts else None
    if undo is not None:
        _remember_input(dialog, undo.message_ts)
    prompt = handler(session, reflection, dialog, now)
    return replace(prompt, undo=undo) if prompt is not None else None


def _remember_input(dialog: ReflectionDialog, token: str) -> None:
    """The last inputs taken (typed message ts, clicks), newest last; take_back checks it."""
    seen = dialog.recent_message_ts.split()
    dialog.recent_message_ts = " ".join([*seen, token][-RECENT_TS_KEPT:])


def choose_skills(
    session: Session,
    *,
    team_id: str,
    person_id: int,
    reflection_id: int,
    keys: list[str],
    typed: str,
    now: datetime,
) -> Prompt | None:
    """Skill gaps from the list (keys) and typed text; finishes the reflection."""
    reflection = session.get(Reflection, reflection_id)
    if (
        reflection is None
        or reflection.team_id != team_id
        or reflection.person_id != person_id
        or not reflection.is_current
    ):
        return None
    dialog = _dialog(session, reflection, now)
    _save_skills(session, reflection, keys, typed, now)
    return _move(session, reflection, dialog, DONE, now)


# --- editing later ------------------------------------------------------------------------


@dataclass(frozen=True)
class EditForm:
    """The person's current reflection as the edit modal shows it."""

    reflection_id: int
    answers: dict[str, str]
    skill_keys: list[str]
    catalog: list[skills_service.SkillEntry]


@dataclass(frozen=True)
class EditResult:
    """After a save: `changed` is False when the submission matched what was stored."""

    changed: bool
    summary: Summary
    notes: tuple[str, ...] = ()


def edit_form(
    session: Session, *, team_id: str, person_id: int, reflection_id: int, now: datetime
) -> EditForm | None:
    """The form for editing the person's current reflection. `reflection_id` (from a button)
    must be theirs, else None; an older run of theirs opens the current one."""
    if _owned(session, team_id=team_id, person_id=person_id, reflection_id=reflection_id) is None:
        return None
    reflection = current_reflection(session, team_id=team_id, person_id=person_id)
    if reflection is None or reflection.id is None:
        return None
    return EditForm(
        reflection_id=reflection.id,
        answers={step: str(getattr(reflection, step)) for step in TEXT_STEPS},
        skill_keys=_gap_keys(session, reflection),
        catalog=skills_service.catalog(session, team_id=team_id, now=now),
    )


def save_edit(
    session: Session,
    *,
    team_id: str,
    person_id: int,
    reflection_id: int,
    answers: dict[str, str],
    keys: list[str],
    typed: str,
    now: datetime,
) -> EditResult | None:
    """Update the current reflection in place: the four answers (trimmed to MAX_ANSWER_CHARS)
    and the skill gaps (replaced). None when it is not the person's current reflection;
    a submission equal to what is stored (a double submit) writes nothing."""
    reflection = _owned(
        session, team_id=team_id, person_id=person_id, reflection_id=reflection_id, lock=True
    )
    if reflection is None or not reflection.is_current:
        return None
    cleaned, notes = _clean_answers(answers)
    current_keys = _gap_keys(session, reflection)
    typed_skills = skills_service.typed_skills(typed, known=current_keys)
    wanted = _wanted_skills(session, reflection, keys, [s.key for s in typed_skills], now)
    changed = set(wanted) != set(current_keys) or any(
        getattr(reflection, step) != text for step, text in cleaned.items()
    )
    if changed:
        for step, text in cleaned.items():
            setattr(reflection, step, text)
        _remember_typed(session, reflection, typed_skills, now)
        _set_gaps(session, reflection, wanted, now)
        reflection.updated_at = now
        session.add(reflection)
        session.flush()
    found = summary(session, team_id=team_id, person_id=person_id)
    assert found is not None
    return EditResult(changed=changed, summary=found, notes=notes)


def _owned(
    session: Session, *, team_id: str, person_id: int, reflection_id: int, lock: bool = False
) -> Reflection | None:
    """The reflection re-read from the database, only if it belongs to this person."""
    statement = select(Reflection).where(Reflection.id == reflection_id)
    if lock:  # two submits of one modal on PostgreSQL: the second waits, then sees the first
        statement = statement.with_for_update().execution_options(populate_existing=True)
    reflection = session.exec(statement).first()
    if reflection is None or reflection.team_id != team_id or reflection.person_id != person_id:
        return None
    return reflection


def _clean_answers(answers: dict[str, str]) -> tuple[dict[str, str], tuple[str, ...]]:
    cleaned: dict[str, str] = {}
    notes: list[str] = []
    for step in TEXT_STEPS:
        cleaned[step], trimmed = _clean(answers.get(step) or "")
        if trimmed:
            notes.append(EDIT_TRIMMED_NOTE.format(name=ANSWER_NAMES[step]))
    return cleaned, tuple(notes)


# --- the steps -----------------------------------------------------------------------------


def _apply(
    session: Session,
    reflection: Reflection,
    dialog: ReflectionDialog,
    text: str,
    notes: tuple[str, ...],
    now: datetime,
) -> Prompt:
    step = reflection.step
    if step in TEXT_STEPS:
        setattr(reflection, step, text)
        return _move(session, reflection, dialog, _next_text_step(step), now, notes, stored=text)
    unreal = smart.impossible_date(text) if step in GOAL_STEPS else None
    if unreal is not None:  # nothing is stored with a date that does not exist
        reflection.step = GOALS if step == GOALS_MORE else step
        _touch(session, reflection, dialog, now)
        note = NOT_A_DATE.format(date=unreal)
        return _prompt(session, reflection, dialog, notes=(*notes, note))
    if step in (GOALS, GOALS_MORE):
        _start_draft(dialog, text, _today(session, reflection, now))
        return _check_draft(session, reflection, dialog, now, notes, stored=text)
    if step == GOAL_DETAIL:
        _answer_nudge(dialog, text, _today(session, reflection, now))
        return _check_draft(session, reflection, dialog, now, notes, stored=text)
    # SKILLS
    _save_skills(session, reflection, [], text, now)
    return _move(session, reflection, dialog, DONE, now, notes, stored=text)


def _next_text_step(step: str) -> str:
    return STEPS[STEPS.index(step) + 1]


def _start_draft(dialog: ReflectionDialog, text: str, today: date) -> None:
    dialog.draft_text = text
    dialog.draft_measure = ""
    dialog.draft_target_date = smart.find_target_date(text, today=today)
    dialog.asking = ""
    dialog.excused = ""


def _answer_nudge(dialog: ReflectionDialog, reply: str, today: date) -> None:
    """Fold the reply to a SMART question into the draft; that element is never asked again."""
    element = dialog.asking
    found = smart.find_target_date(reply, today=today)
    if element == smart.SPECIFIC:
        # A restated goal replaces the vague one; a detail is added to it.
        specific = smart.is_specific(reply)
        dialog.draft_text = reply if specific else f"{dialog.draft_text} ({reply})"
    elif element == smart.MEASURE:
        dialog.draft_measure = reply
    elif element == smart.TIME and found is None:
        dialog.draft_text = f"{dialog.draft_text} (when: {reply})"
    if found is not None and dialog.draft_target_date is None:
        dialog.draft_target_date = found
    dialog.excused = ",".join(sorted({*_excused(dialog), element} - {""}))
    dialog.asking = ""


def _excused(dialog: ReflectionDialog) -> set[str]:
    return {e for e in dialog.excused.split(",") if e}


def _check_draft(
    session: Session,
    reflection: Reflection,
    dialog: ReflectionDialog,
    now: datetime,
    notes: tuple[str, ...] = (),
    stored: str = "",
) -> Prompt:
    check = smart.check_goal(
        dialog.draft_text,
        today=_today(session, reflection, now),
        measure=dialog.draft_measure,
        target_date=dialog.draft_target_date,
        excused=frozenset(_excused(dialog)),
    )
    if check.missing is None:
        return _save_draft(session, reflection, dialog, now, notes, stored)
    dialog.asking = check.missing
    dialog.draft_target_date = check.target_date
    reflection.step = GOAL_DETAIL
    _touch(session, reflection, dialog, now)
    return _prompt(session, reflection, dialog, notes=notes, stored=stored)


def _save_draft(
    session: Session,
    reflection: Reflection,
    dialog: ReflectionDialog,
    now: datetime,
    notes: tuple[str, ...] = (),
    stored: str = "",
) -> Prompt:
    assert reflection.id is not None
    saved = goals_service.create_goal(
        session,
        team_id=reflection.team_id,
        person_id=reflection.person_id,
        reflection_id=reflection.id,
        text=dialog.draft_text,
        measure=dialog.draft_measure,
        target_date=dialog.draft_target_date,
        now=now,
    )
    _start_draft(dialog, "", _today(session, reflection, now))
    reflection.step = GOALS_MORE
    _touch(session, reflection, dialog, now)
    return _prompt(session, reflection, dialog, notes=notes, stored=stored, saved_goal=saved)


def _save_skills(
    session: Session, reflection: Reflection, keys: list[str], typed: str, now: datetime
) -> None:
    """Add the chosen and typed skills to the reflection's skill gaps."""
    typed_skills = skills_service.typed_skills(typed)
    wanted = _wanted_skills(session, reflection, keys, [s.key for s in typed_skills], now)
    _remember_typed(session, reflection, typed_skills, now)
    _set_gaps(session, reflection, [*_gap_keys(session, reflection), *wanted], now)


def _wanted_skills(
    session: Session, reflection: Reflection, keys: list[str], typed_keys: list[str], now: datetime
) -> list[str]:
    """Catalog keys picked from the list, then the typed ones; distinct, in order."""
    listed = {e.key for e in skills_service.catalog(session, team_id=reflection.team_id, now=now)}
    return list(dict.fromkeys([*(k for k in keys if k in listed), *typed_keys]))


def _remember_typed(
    session: Session,
    reflection: Reflection,
    typed: list[skills_service.TypedSkill],
    now: datetime,
) -> None:
    """Keep typed skills (unlisted, as typed) so matching and summaries can name them."""
    for skill in typed:
        skills_service.remember_typed(
            session, team_id=reflection.team_id, key=skill.key, label=skill.label, now=now
        )


def _gap_keys(session: Session, reflection: Reflection) -> list[str]:
    statement = select(SkillGap.skill_key).where(SkillGap.reflection_id == reflection.id)
    return list(session.exec(statement.order_by(col(SkillGap.id))))


def _set_gaps(session: Session, reflection: Reflection, keys: list[str], now: datetime) -> None:
    """Make the reflection's skill gaps exactly `keys`; rows of kept skills stay as they are."""
    assert reflection.id is not None
    wanted = list(dict.fromkeys(keys))
    rows = session.exec(select(SkillGap).where(SkillGap.reflection_id == reflection.id)).all()
    for row in rows:
        if row.skill_key not in wanted:
            session.delete(row)
    existing = {row.skill_key for row in rows}
    for key in (k for k in wanted if k not in existing):
        session.add(
            SkillGap(
                team_id=reflection.team_id,
                reflection_id=reflection.id,
                person_id=reflection.person_id,
                skill_key=key,
                created_at=now,
            )
        )
    session.flush()


# --- button actions ------------------------------------------------------------------------


def _skip(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, now: datetime
) -> Prompt | None:
    step = reflection.step
    if step in TEXT_STEPS:
        return _move(session, reflection, dialog, _next_text_step(step), now)
    if step == GOALS:
        return _move(session, reflection, dialog, SKILLS, now)
    if step == GOAL_DETAIL:
        return _accept(session, reflection, dialog, now)
    if step == SKILLS:
        return _move(session, reflection, dialog, DONE, now)
    return None


def _back(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, now: datetime
) -> Prompt | None:
    target = BACK_TO.get(reflection.step)
    if target is None:
        return None
    if target == GOALS_MORE and not _reflection_goals(session, reflection):
        target = GOALS
    if reflection.step == GOAL_DETAIL:
        dialog.asking = ""  # back to the goal itself: it stays, shown, to keep or retype
    else:
        _start_draft(dialog, "", _today(session, reflection, now))
    return _move(session, reflection, dialog, target, now)


def _later(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, now: datetime
) -> Prompt:
    dialog.paused = True
    _touch(session, reflection, dialog, now)
    return _prompt(session, reflection, dialog)


def _accept(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, now: datetime
) -> Prompt | None:
    # At GOALS only after "back" from coaching, where the goal being worked on is kept.
    if reflection.step not in (GOAL_DETAIL, GOALS) or not dialog.draft_text:
        return None
    return _save_draft(session, reflection, dialog, now)


def _another(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, now: datetime
) -> Prompt:
    return _move(session, reflection, dialog, GOALS, now)


def _goals_done(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, now: datetime
) -> Prompt:
    return _move(session, reflection, dialog, SKILLS, now)


_ACTIONS = {
    "skip": _skip,
    "back": _back,
    "later": _later,
    "accept": _accept,
    "another": _another,
    "goals_done": _goals_done,
}


# --- moving and describing -----------------------------------------------------------------


def _move(
    session: Session,
    reflection: Reflection,
    dialog: ReflectionDialog,
    step: str,
    now: datetime,
    notes: tuple[str, ...] = (),
    stored: str = "",
) -> Prompt:
    reflection.step = step
    if step == DONE and reflection.completed_at is None:
        reflection.completed_at = now
    _touch(session, reflection, dialog, now)
    return _prompt(session, reflection, dialog, notes=notes, stored=stored)


def _touch(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, now: datetime
) -> None:
    reflection.updated_at = now
    dialog.updated_at = now
    session.add(reflection)
    session.add(dialog)
    session.flush()


def _prompt(
    session: Session,
    reflection: Reflection,
    dialog: ReflectionDialog,
    *,
    notes: tuple[str, ...] = (),
    stored: str = "",
    saved_goal: goals_service.GoalView | None = None,
) -> Prompt:
    assert reflection.id is not None
    step = reflection.step
    question = smart.nudge_question(dialog.asking) if step == GOAL_DETAIL else QUESTIONS[step]
    previous = str(getattr(reflection, step)) if step in TEXT_STEPS else ""
    if step == GOALS:
        previous = dialog.draft_text
    return Prompt(
        reflection_id=reflection.id,
        step=step,
        question=question,
        notes=notes,
        stored=stored,
        previous=previous,
        asking=dialog.asking if step == GOAL_DETAIL else "",
        draft=dialog.draft_text if step == GOAL_DETAIL else "",
        saved_goal=saved_goal,
        skill_labels=tuple(_skill_labels(session, reflection)) if step == DONE else (),
        paused=dialog.paused,
        empty=step == DONE and _is_empty(session, reflection),
    )


def _is_empty(session: Session, reflection: Reflection) -> bool:
    """Nothing answered: every text empty, no goal and no skill in this run."""
    if any(getattr(reflection, step) for step in TEXT_STEPS):
        return False
    goal = session.exec(select(Goal.id).where(Goal.reflection_id == reflection.id)).first()
    return goal is None and not _gap_keys(session, reflection)


def summary(session: Session, *, team_id: str, person_id: int) -> Summary | None:
    """The person's current reflection, or None when they never started one."""
    reflection = current_reflection(session, team_id=team_id, person_id=person_id)
    if reflection is None:
        return None
    assert reflection.id is not None
    return Summary(
        reflection_id=reflection.id,
        step=reflection.step,
        answers={step: str(getattr(reflection, step)) for step in TEXT_STEPS},
        goals=_reflection_goals(session, reflection),
        skill_labels=_skill_labels(session, reflection),
        completed_at=reflection.completed_at,
    )


def chosen_skill_keys(
    session: Session, *, team_id: str, person_id: int, reflection_id: int
) -> list[str] | None:
    """The skill keys already chosen in this reflection (None if it is not the person's)."""
    reflection = session.get(Reflection, reflection_id)
    if reflection is None or reflection.team_id != team_id or reflection.person_id != person_id:
        return None
    statement = select(SkillGap.skill_key).where(SkillGap.reflection_id == reflection_id)
    return list(session.exec(statement.order_by(col(SkillGap.id))))


def _reflection_goals(session: Session, reflection: Reflection) -> list[goals_service.GoalView]:
    goals = goals_service.list_goals(
        session, team_id=reflection.team_id, person_id=reflection.person_id
    )
    ids = set(session.exec(select(Goal.id).where(Goal.reflection_id == reflection.id)))
    return [g for g in goals if g.id in ids]


def _skill_labels(session: Session, reflection: Reflection) -> list[str]:
    keys = list(
        session.exec(
            select(SkillGap.skill_key)
            .where(SkillGap.reflection_id == reflection.id)
            .order_by(col(SkillGap.id))
        )
    )
    labels = skills_service.labels_for(session, team_id=reflection.team_id, keys=keys)
    return [labels[key] for key in keys]


def _today(session: Session, reflection: Reflection, now: datetime) -> date:
    """The person's calendar date, for reading "by Friday" the way they mean it."""
    person = session.get(Person, reflection.person_id)
    return local(now, person.tz if person else None).date()


def _clean(text: str) -> tuple[str, tuple[str, ...]]:
    typed = typed_text.cleaned(text, limit=MAX_ANSWER_CHARS)
    return typed.text, (TRIMMED_NOTE,) if typed.trimmed else ()


@dataclass(frozen=True)
class ShareTarget:
    channel_id: str
    summary: Summary


def share_target(
    session: Session, *, team_id: str, person_id: int, pair_id: int
) -> ShareTarget | None:
    """Where the person may share their reflection: a live pair they are in, with a group DM."""
    live = pairs_repo.live_pairs_of(session, team_id=team_id, person_id=person_id)
    pair = next((p for p in live if p.id == pair_id), None)
    found = summary(session, team_id=team_id, person_id=person_id)
    if pair is None or not pair.group_channel_id or found is None or found.is_empty:
        return None
    return ShareTarget(channel_id=pair.group_channel_id, summary=found)
