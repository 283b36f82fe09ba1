"""A deterministic SMART checker for goals: specific, measurable, time-bound.

Plain rules, no model and no network, so the same goal always gets the same answer.
The dialog asks about one missing element at a time, in the order of MISSING_ORDER.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

SPECIFIC = "specific"
MEASURE = "measure"
TIME = "time"
MISSING_ORDER = (SPECIFIC, MEASURE, TIME)

# Words that say nothing about *what* the goal is: "get better", "improve my skills".
_VAGUE_WORDS = frozenset(
    """
    a an the my me myself i im i'm to at in on of for and or with as be become being get getting
    got better best good great well more much most some bit lot lots really very quite just
    improve improving improved grow growing growth develop developing learn learning work working
    do doing things thing stuff something anything everything overall general generally career
    skills skill person engineer developer leader manager communicator professional job role
    want would like should could will can try trying keep way ways new it this that be
    confident confidence comfortable effective productive efficient
    level up next step steps myself time
    """.split()
)
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "couple": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}

_MEASURE_WORDS = re.compile(
    r"%|\bpercent\b|\b(?:times?|pass|passed|certifi\w*|complete|completed|finish|finished|ship|"
    r"shipped|launch|launched|publish|published|present|presented|deliver|delivered|score|"
    r"at least|per (?:day|week|month)|each (?:day|week|month)|every (?:day|week|month)|"
    r"hours?|books?|courses?|talks?|prs?|pull requests?|reviews|posts?|articles?|sessions?|"
    r"demos?|interviews?|tickets?|releases?|promotion|promoted|grade|rating|weekly|daily)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_WORD_NUMBER = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b", re.I)


@dataclass(frozen=True)
class SmartCheck:
    """What a goal has and lacks; `missing` is the next element to ask about, or None."""

    specific: bool
    measurable: bool
    time_bound: bool
    target_date: date | None
    missing: str | None

    @property
    def is_smart(self) -> bool:
        return self.missing is None


def check_goal(
    text: str,
    *,
    today: date,
    measure: str = "",
    target_date: date | None = None,
    excused: frozenset[str] = frozenset(),
) -> SmartCheck:
    """Check a goal; `excused` elements were already asked about once and are not asked again."""
    found_date = target_date or find_target_date(text, today=today)
    without_time = _strip_time_phrases(text)
    specific = is_specific(without_time)
    measurable = bool(measure.strip()) or has_measure(without_time)
    time_bound = found_date is not None
    present = {SPECIFIC: specific, MEASURE: measurable, TIME: time_bound}
    missing = next(
        (element for element in MISSING_ORDER if not present[element] and element not in excused),
        None,
    )
    return SmartCheck(specific, measurable, time_bound, found_date, missing)


def is_specific(text: str) -> bool:
    """At least two words that say what the goal is about (not "get better at things")."""
    words = re.findall(r"[^\W\d_][\w'+#.-]*", text.lower())
    content = [w for w in words if w.strip(".'") not in _VAGUE_WORDS and len(w) > 1]
    return len(content) >= 2


def has_measure(text: str) -> bool:
    """A number, a percentage or an observable outcome (ship, present, pass, 3 talks...)."""
    return bool(_NUMBER.search(text) or _WORD_NUMBER.search(text) or _MEASURE_WORDS.search(text))


# --- time frames --------------------------------------------------------------------------

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_RELATIVE = re.compile(
    r"\b(?:in|within|over the next|for the next|next)\s+(?:(\d+)|(an?|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|eleven|twelve|couple(?: of)?))\s+(day|week|month|year)s?\b",
    re.I,
)
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\.?(?:,?\s+(\d{{4}}))?\b", re.I
)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I
)
_MONTH_ONLY = re.compile(
    rf"\b(?:by|before|until|till|in|during|end of|by the end of)\s+({_MONTH_NAMES})\.?"
    rf"(?:\s+(\d{{4}}))?\b",
    re.I,
)
_QUARTER = re.compile(r"\b(?:by|before|in|during|end of)?\s*q([1-4])(?:\s+(\d{4}))?\b", re.I)
_PERIOD = re.compile(
    r"\b(?:by |before |until )?(?:the )?(this|next|end of(?: the)?(?: this| next)?)\s+"
    r"(week|month|quarter|year)\b",
    re.I,
)
_WEEKDAY = re.compile(
    r"\b(?:by|before|until|on|next|this)\s+(monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)\b",
    re.I,
)
_SHORT = re.compile(r"\b(tomorrow|eoy|year[- ]end|end of year|eom|eow)\b", re.I)
_TIME_PHRASES = (_ISO, _RELATIVE, _DAY_MONTH, _MONTH_DAY, _MONTH_ONLY, _QUARTER, _PERIOD)


def find_target_date(text: str, *, today: date) -> date | None:
    """The date a goal's time frame points at, on or after `today`, or None.

    Understands "2027-03-31", "by 31 March", "March 31, 2027", "by June", "in 6 weeks",
    "within a month", "next quarter", "end of the year", "Q3", "by Friday", "tomorrow".
    """
    for finder in (_iso, _day_month, _month_day, _relative, _month_only, _quarter, _period):
        found = finder(text, today)
        if found is not None:
            return found
    return _weekday_or_short(text, today)


def impossible_date(text: str) -> str | None:
    """The date as typed when the text names a day that does not exist ("31 February 2027",
    "2027-13-45", "April 31"), else None. Without a year, a day that exists in a leap year
    (29 February) is possible."""
    for pattern, parts in ((_ISO, (1, 2, 3)), (_DAY_MONTH, (3, 2, 1)), (_MONTH_DAY, (3, 1, 2))):
        for match in pattern.finditer(text):
            year, month, day = (match.group(i) for i in parts)
            month_number = int(month) if month.isdigit() else _MONTHS[month.lower()]
            if not _exists(int(year) if year else 2028, month_number, int(day)):
                return match.group(0).strip()
    return None


def _exists(year: int, month: int, day: int) -> bool:
    return _safe_date(year, month, day) is not None


def _strip_time_phrases(text: str) -> str:
    for pattern in (*_TIME_PHRASES, _WEEKDAY, _SHORT):
        text = pattern.sub(" ", text)
    return re.sub(r"\b(?:by|before|until|till)\s*(?=$|[.,;!])", " ", text)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _future(year: int | None, month: int, day: int | None, today: date) -> date | None:
    """The date with that month/day, next year when it has already passed and no year was given."""
    for candidate_year in [year] if year else [today.year, today.year + 1]:
        last = calendar.monthrange(candidate_year, month)[1]
        found = _safe_date(candidate_year, month, day or last)
        if found is not None and (year or found >= today):
            return found
    return None


def _iso(text: str, today: date) -> date | None:  # noqa: ARG001 - same shape as the others
    match = _ISO.search(text)
    return _safe_date(*(int(g) for g in match.groups())) if match else None


def _day_month(text: str, today: date) -> date | None:
    match = _DAY_MONTH.search(text)
    if not match:
        return None
    year = int(match.group(3)) if match.group(3) else None
    return _future(year, _MONTHS[match.group(2).lower()], int(match.group(1)), today)


def _month_day(text: str, today: date) -> date | None:
    match = _MONTH_DAY.search(text)
    if not match:
        return None
    year = int(match.group(3)) if match.group(3) else None
    return _future(year, _MONTHS[match.group(1).lower()], int(match.group(2)), today)


def _month_only(text: str, today: date) -> date | None:
    match = _MONTH_ONLY.search(text)
    if not match:
        return None
    year = int(match.group(2)) if match.group(2) else None
    return _future(year, _MONTHS[match.group(1).lower()], None, today)


def _relative(text: str, today: date) -> date | None:
    match = _RELATIVE.search(text)
    if not match:
        return None
    digits, word, unit = match.groups()
    count = int(digits) if digits else _NUMBER_WORDS[word.split()[0].lower()]
    return today + timedelta(days=count * _UNIT_DAYS[unit.lower()])


def _quarter(text: str, today: date) -> date | None:
    match = _QUARTER.search(text)
    if not match:
        return None
    quarter = int(match.group(1))
    year = int(match.group(2)) if match.group(2) else None
    return _future(year, quarter * 3, None, today)


def _period(text: str, today: date) -> date | None:
    match = _PERIOD.search(text)
    if not match:
        return None
    which, unit = match.group(1).lower(), match.group(2).lower()
    shift = 1 if "next" in which else 0
    if unit == "week":
        return today + timedelta(days=(6 - today.weekday()) + 7 * shift)
    if unit == "month":
        month_index = today.month - 1 + shift
        year, month = today.year + month_index // 12, month_index % 12 + 1
        return date(year, month, calendar.monthrange(year, month)[1])
    if unit == "quarter":
        quarter_index = (today.month - 1) // 3 + shift
        year, quarter = today.year + quarter_index // 4, quarter_index % 4
        month = quarter * 3 + 3
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(today.year + shift, 12, 31)


def _weekday_or_short(text: str, today: date) -> date | None:
    match = _WEEKDAY.search(text)
    if match:
        ahead = (_WEEKDAYS[match.group(1).lower()] - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    match = _SHORT.search(text)
    if not match:
        return None
    word = match.group(1).lower()
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word == "eom":
        return date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    if word == "eow":
        return today + timedelta(days=6 - today.weekday())
    return date(today.year, 12, 31)


def nudge_question(element: str) -> str:
    """The one question asked about a missing element."""
    return {
        SPECIFIC: "What exactly do you want to be able to do? Name the skill, project or "
        "situation, e.g. _run our sprint planning on my own_ rather than _get better_.",
        MEASURE: "How will you know you got there? A number or something people can see, "
        "e.g. _3 talks_, _ship the feature_, _pass the AWS exam_.",
        TIME: "By when? A date or a time frame, e.g. _by 31 March_, _in 6 weeks_, "
        "_by the end of the quarter_.",
    }[element]
