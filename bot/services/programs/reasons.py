"""Why a pair fits, and why a mentee has no pair, in words an admin reads at a glance."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.services.matching import ranking as matching
from bot.services.programs.fit import Fits, Key, MenteeRow, key_of, ruled_out, same_alumni

NO_WISHES = "has no skill gaps to match on yet (their reflection is not done)"
FULL = "every mentor who fits is full"
DECLINED_ALL = "declined by every fitting mentor in the last 90 days"
REMOVED = "removed from the proposal by an admin"
TRIED_ALL = "every fitting mentor was introduced already, and declined or did not answer"
TRIED_OR_FULL = "every fitting mentor was introduced already or is full"

# How one mentor who knows the skill is out of reach, as "2 <phrase>" / "1 <phrase>".
_WHY_NOT = {
    "declined": ("declined in the last 90 days", "declined in the last 90 days"),
    "asked": ("already has their request", "already have their request"),
    "paired": ("is already their mentor", "are already their mentors"),
    "manager": ("is their manager", "are their managers"),
    "paused": ("has paused mentoring", "have paused mentoring"),
    "gone": ("has left the workspace", "have left the workspace"),
    "full": ("is full", "are full"),
}


def pair_reasons(fits: Fits, mentee_id: int, mentor_id: int) -> str:
    """E.g. "knows Python and SQL, both on their list; 2 hours apart; another team"."""
    cohort = fits.cohort
    mentee, mentor = cohort.by_id[mentee_id], cohort.mentors[mentor_id]
    match = fits.matches[fits.key_of[mentee_id]][mentor_id]
    shared = [k for k in mentee.wanted if k in mentor.skills]
    text = matching.reason_for(
        shared, match.hours_apart, match.other_team, label=cohort.label
    ).replace("on your list", "on their list")
    if same_alumni(mentee.alumni, mentor.alumni):
        text += f"; same alumni network ({mentor.alumni.strip()})"
    return text


def unmatched_reasons(fits: Fits, mentees: Iterable[MenteeRow]) -> dict[int, tuple[str, str]]:
    """(code, words) per mentee; worked out once per kind of mentee no rule of their own
    concerns (thousands of mentees, a few hundred kinds)."""
    by_kind: dict[Key, tuple[str, str]] = {}
    found: dict[int, tuple[str, str]] = {}
    for mentee in mentees:
        if fits.cohort.has_rules(mentee):
            found[mentee.person_id] = unmatched_reason(fits, mentee)
            continue
        kind = key_of(mentee)
        if kind not in by_kind:
            by_kind[kind] = unmatched_reason(fits, mentee)
        found[mentee.person_id] = by_kind[kind]
    return found


def unmatched_reason(fits: Fits, mentee: MenteeRow) -> tuple[str, str]:
    """(code, words) for a mentee the round left without a mentor."""
    if not mentee.wanted:
        return "no_wishes", NO_WISHES
    cohort = fits.cohort
    found: set[int] = set()
    for skill in mentee.wanted:
        found |= cohort.knowers.get(skill, set())
    knowers = sorted(found - {mentee.person_id})
    if not knowers:
        names = [cohort.label(k) for k in mentee.wanted]
        return "nobody_knows", f"no mentor in the program knows {_either(names)}"
    out = ruled_out(cohort, mentee, knowers) if cohort.has_rules(mentee) else {}
    unavailable = _unavailable(fits)
    whys = [out.get(m) or unavailable.get(m) for m in knowers]
    if all(w is None for w in whys):
        return "full", FULL  # fitting mentors exist, and others took their places
    if all(w == "declined" for w in whys):
        return "declined_all", DECLINED_ALL
    if all(w in ("full", None) for w in whys):
        return "full", FULL
    counts: dict[str, int] = {}
    for why in whys:
        counts[why or "full"] = counts.get(why or "full", 0) + 1
    parts = [
        f"{n} {_WHY_NOT[why][0 if n == 1 else 1]}" for why, n in counts.items() if why in _WHY_NOT
    ]
    return "ruled_out", "every mentor who fits is ruled out: " + ", ".join(parts)


def _unavailable(fits: Fits) -> dict[int, str]:
    """Mentors no mentee can have in this round, and why (worked out once per round)."""
    if fits.unavailable is None:
        fits.unavailable = {}
        for mentor_id, row in fits.cohort.mentors.items():
            if row.is_deleted:
                fits.unavailable[mentor_id] = "gone"
            elif not row.is_open:
                fits.unavailable[mentor_id] = "paused"
            elif fits.cohort.slots.get(mentor_id, 0) <= 0:
                fits.unavailable[mentor_id] = "full"
    return fits.unavailable


def _either(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" or {names[-1]}"
