"""The reflection's steps: what each asks, where "back" goes, the notes it may add, and
the Prompt (what to show next) and Undo (how to step back) that every input returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.services import typed_text
from bot.services.goals import tracking as goals_service

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


# What the dialog row holds of the goal being drafted; an Undo keeps it to put it back.
DRAFT_FIELDS = ("draft_text", "draft_measure", "draft_target_date", "asking", "excused")


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


def clean(text: str) -> tuple[str, tuple[str, ...]]:
    typed = typed_text.cleaned(text, limit=MAX_ANSWER_CHARS)
    return typed.text, (TRIMMED_NOTE,) if typed.trimmed else ()
