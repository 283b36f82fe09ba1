"""The midpoint and close-out answers of a program, as aggregates: how many answered, the
average relationship quality, and how the answers spread over each question's choices.

Only the choices are read (never the note for the program team, never the thank-you), and
skill gaps only as counts, never as the skills' names. Each figure goes through the
summaries' rule (Figure: hidden about fewer than five people), and the choices of a question
through its complement rule (disclosure.parts_to_withhold): with the total shown, a hidden
choice cannot be worked out by subtracting the shown ones.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.services.programs import checkpoints
from bot.services.summaries import disclosure
from bot.services.summaries.figures import PRIVACY_MINIMUM, Figure


def _labelled(keys: Sequence[str], labels: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The checkpoint form's own choice keys (bot/services/programs/checkpoints.py), labelled."""
    assert len(keys) == len(labels)
    return tuple(zip(keys, labels, strict=True))


QUALITY = tuple((str(n), f"{n} of 5") for n in range(1, 6))
ON_TRACK = _labelled(checkpoints.ON_TRACK, ("On track", "Partly", "Not on track"))
PROGRESS = _labelled(checkpoints.PROGRESS, ("None", "Some", "Most", "All"))
RECOMMEND = _labelled(checkpoints.RECOMMEND, ("Yes", "Maybe", "No"))
NEXT_STEP = _labelled(checkpoints.NEXT_STEPS, ("Go on as a pair", "End"))
GAPS = (("closed", "Closed"), ("open", "Still open"))


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    answers: Figure  # how many answers (or skill gaps) chose it, and about how many people


@dataclass(frozen=True)
class Distribution:
    total: Figure
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Midpoint:
    answered: Figure
    quality: Figure  # the average relationship quality, 1-5
    quality_spread: Distribution
    on_track: Distribution


@dataclass(frozen=True)
class Closeout:
    answered: Figure
    goal_progress: Distribution
    recommend: Distribution
    next_step: Distribution
    gaps: Distribution  # skill gaps from the reflections, closed or still open


def _people(answers: Sequence[Any]) -> frozenset[int]:
    return frozenset(int(a[0]) for a in answers)


def covered(total: Figure, parts: Sequence[tuple[Figure, frozenset[int]]]) -> tuple[Figure, ...]:
    """The parts of a shown total, with the ones withheld that would give a hidden one away."""
    shown = [(figure.visible, people) for figure, people in parts]
    withheld = disclosure.parts_to_withhold(
        shown, total_shown=total.visible, minimum=PRIVACY_MINIMUM
    )
    return tuple(
        replace(figure, withheld=i in withheld and figure.visible)
        for i, (figure, _) in enumerate(parts)
    )


def distribution(
    answers: Sequence[tuple[int, str]], choices: Sequence[tuple[str, str]]
) -> Distribution:
    """(person id, choice) answers spread over the choices; answers of no listed choice (the
    question left unanswered) are not counted."""
    keys = {key for key, _ in choices}
    counted = [(person, value) for person, value in answers if value in keys]
    total = Figure(len(counted), len(_people(counted)))
    parts = []
    for key, _ in choices:
        picked = [a for a in counted if a[1] == key]
        people = _people(picked)
        parts.append((Figure(len(picked), len(people)), people))
    figures = covered(total, parts)
    labelled = zip(choices, figures, strict=True)
    return Distribution(total, tuple(Choice(k, label, f) for (k, label), f in labelled))


def _gap_count(value: str) -> int:
    try:
        keys = json.loads(value) if value else []
    except ValueError:
        return 0
    return len(keys) if isinstance(keys, list) else 0


def gaps(rows: Sequence[Any]) -> Distribution:
    """The skill gaps the close-out answers said are closed and still open, counted."""
    closed = [(int(r.person_id), _gap_count(r.gaps_closed)) for r in rows]
    still = [(int(r.person_id), _gap_count(r.gaps_open)) for r in rows]
    closed_people = frozenset(p for p, n in closed if n)
    open_people = frozenset(p for p, n in still if n)
    total = Figure(
        sum(n for _, n in closed) + sum(n for _, n in still), len(closed_people | open_people)
    )
    parts = [
        (Figure(sum(n for _, n in closed), len(closed_people)), closed_people),
        (Figure(sum(n for _, n in still), len(open_people)), open_people),
    ]
    figures = covered(total, parts)
    labelled = zip(GAPS, figures, strict=True)
    return Distribution(total, tuple(Choice(k, label, f) for (k, label), f in labelled))


def midpoint(rows: Sequence[Any]) -> Midpoint:
    """The midpoint survey's figures from its answers' choices."""
    rated = [(int(r.person_id), int(r.quality)) for r in rows if r.quality is not None]
    average = (
        Figure(sum(q for _, q in rated) / len(rated), len(_people(rated)), "average")
        if rated
        else Figure(None, 0, "average")
    )
    return Midpoint(
        answered=Figure(len(rows), len(_people(rows))),
        quality=average,
        quality_spread=distribution([(p, str(q)) for p, q in rated], QUALITY),
        on_track=distribution([(int(r.person_id), str(r.on_track)) for r in rows], ON_TRACK),
    )


def closeout(rows: Sequence[Any]) -> Closeout:
    """The close-out's figures from its answers' choices."""

    def spread(column: str, choices: Sequence[tuple[str, str]]) -> Distribution:
        return distribution([(int(r.person_id), str(getattr(r, column))) for r in rows], choices)

    return Closeout(
        answered=Figure(len(rows), len(_people(rows))),
        goal_progress=spread("goal_progress", PROGRESS),
        recommend=spread("recommend", RECOMMEND),
        next_step=spread("next_step", NEXT_STEP),
        gaps=gaps(rows),
    )
