"""Skills: the workspace's list and the normalization that lets typed skills match."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.services import typed_text
from storage.models import Skill
from storage.repositories import skills as skills_repo
from storage.repositories.savepoints import add_if_new

MAX_SKILL_LENGTH = 64
MAX_LABEL = 75  # Skill.label

DEFAULT_SKILLS: tuple[str, ...] = (
    "Python",
    "JavaScript",
    "TypeScript",
    "Go",
    "Java",
    "SQL",
    "Data analysis",
    "Machine learning",
    "System design",
    "Cloud infrastructure",
    "Security",
    "Testing",
    "Frontend",
    "Mobile development",
    "DevOps",
    "Product management",
    "UX design",
    "Public speaking",
    "Writing",
    "Leadership",
    "People management",
    "Career growth",
    "Negotiation",
    "Giving feedback",
    "Project management",
    "Stakeholder management",
    "Hiring and interviewing",
    "Time management",
    "Sales",
    "Marketing",
)

# Other spellings and abbreviations of the very same skill; keys and values are lower-cased and
# spaced. A narrower skill (Kubernetes, React, AWS) is not a synonym of a broader one: a person
# who typed "Kubernetes" means Kubernetes, and is shown and matched as that.
SYNONYMS: dict[str, str] = {
    "js": "javascript",
    "java script": "javascript",
    "ecmascript": "javascript",
    "ts": "typescript",
    "py": "python",
    "python3": "python",
    "golang": "go",
    "nodejs": "node.js",
    "node": "node.js",
    "k8s": "kubernetes",
    "postgres": "postgresql",
    "ml": "machine learning",
    "ux": "ux design",
    "ui/ux": "ux design",
    "pm": "product management",
    "infra": "cloud infrastructure",
    "presenting": "public speaking",
    "presentations": "public speaking",
    "speaking": "public speaking",
    "managing people": "people management",
    "feedback": "giving feedback",
    "interviewing": "hiring and interviewing",
    "hiring": "hiring and interviewing",
    "architecture": "system design",
    "software architecture": "system design",
    "qa": "testing",
    "analytics": "data analysis",
    "infosec": "security",
    "appsec": "security",
}

# What Slack turns mentions and links into (<!here>, <@U1>, <#C1|x>, <https://x|y>), and the
# bare @-words people type: never a skill, and never to be echoed back as one.
_SLACK_TOKENS = re.compile(r"<[!@#][^>]*>|<(?:https?|mailto):[^>]*>|(?<![\w.])@[\w.-]+")
_REPEATED_WORDS = re.compile(r"\b(\w[\w+#.]*)(?:\s+\1\b)+", re.IGNORECASE)


@dataclass(frozen=True)
class TypedSkill:
    """A skill as someone typed it: its matching key and the words to show for it."""

    key: str
    label: str


@dataclass(frozen=True)
class SkillEntry:
    key: str
    label: str
    listed: bool


def normalize_skill(text: str) -> str:
    """The matching key of a typed skill: case, spacing and obvious synonyms folded."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"[_\-]", " ", folded)
    folded = re.sub(r"[^\w\s+#./]", "", folded)
    # Spaces are folded after punctuation goes, so "a : b" and "a b" are the same skill.
    folded = re.sub(r"\s+", " ", folded).strip(" .")[:MAX_SKILL_LENGTH].strip(" .")
    return SYNONYMS.get(folded, folded)


def clean_skill_text(text: str) -> str:
    """Typed skill text without Slack's special tokens and mentions, repeats collapsed."""
    text = _SLACK_TOKENS.sub(" ", typed_text.clean(text, strip=False))
    return _REPEATED_WORDS.sub(r"\1", text)


def typed_skills(text: str, *, known: Collection[str] = ()) -> list[TypedSkill]:
    """Skills typed as a list ("python, public speaking; sql"), distinct by key, in order.

    The one reading of typed skills for profiles, reflections, searches and admin lists. A part
    between commas that already is one of the `known` keys stays whole, so a prefilled
    "Research AND development" comes back as the one skill it was, not two.
    """
    found: dict[str, TypedSkill] = {}
    for chunk in re.split(r"[,;\n]", clean_skill_text(text)):
        parts = [chunk] if normalize_skill(chunk) in known else re.split(r"\band\b", chunk)
        for part in parts:
            label = re.sub(r"\s+", " ", part).strip(" .")[:MAX_SKILL_LENGTH].strip(" .")
            key = normalize_skill(label)
            if key and any(ch.isalnum() for ch in key):
                found.setdefault(key, TypedSkill(key, label))
    return list(found.values())


def split_skills(text: str, *, known: Collection[str] = ()) -> list[str]:
    """The keys of `typed_skills`, in order."""
    return [skill.key for skill in typed_skills(text, known=known)]


def skills_named_in(text: str, *, known: Collection[str]) -> list[str]:
    """The `known` skill keys a piece of prose names as whole words ("I'm good at SQL and
    golang" names sql and go), in the order it names them."""
    folded = unicodedata.normalize("NFKC", clean_skill_text(text)).casefold()
    folded = re.sub(r"\s+", " ", re.sub(r"[^\w\s+#./]", " ", re.sub(r"[_\-]", " ", folded)))
    spellings = [(k, k) for k in known] + [(s, k) for s, k in SYNONYMS.items() if k in known]
    found: dict[str, int] = {}
    for spelling, key in spellings:
        hit = re.search(rf"(?<![\w+#]){re.escape(spelling)}(?![\w+#])", folded)
        if hit is not None and (key not in found or hit.start() < found[key]):
            found[key] = hit.start()
    return sorted(found, key=lambda k: found[k])


def label_for(key: str, catalog: Iterable[SkillEntry]) -> str:
    for entry in catalog:
        if entry.key == key:
            return entry.label
    return key[:1].upper() + key[1:]


def ensure_default_skills(session: Session, *, team_id: str, now: datetime) -> None:
    """Give a workspace the shipped list the first time it needs one. Each skill is added in
    a savepoint: two first requests at once (two Join clicks) both seed it, and the unique
    key keeps one of each instead of failing the second."""
    if skills_repo.has_skills(session, team_id=team_id):
        return
    for label in DEFAULT_SKILLS:
        row = Skill(team_id=team_id, key=normalize_skill(label), label=label, created_at=now)
        add_if_new(session, row)


def catalog(session: Session, *, team_id: str, now: datetime) -> list[SkillEntry]:
    """The workspace's listed skills, alphabetical by label."""
    ensure_default_skills(session, team_id=team_id, now=now)
    rows = skills_repo.listed_skills(session, team_id=team_id)
    return sorted((SkillEntry(r.key, r.label, r.listed) for r in rows), key=lambda e: e.label)


def remember_typed(session: Session, *, team_id: str, key: str, label: str, now: datetime) -> None:
    """Keep a typed skill (unlisted) so matching and summaries can name it."""
    if skills_repo.skill_by_key(session, team_id=team_id, key=key) is None:
        session.add(
            Skill(
                team_id=team_id,
                key=key,
                label=typed_text.clean(label, limit=MAX_LABEL),
                listed=False,
                created_at=now,
            )
        )
        session.flush()


def labels_for(session: Session, *, team_id: str, keys: Sequence[str]) -> dict[str, str]:
    """Display labels of skill keys: the workspace's label (listed, or as first typed), else
    the key capitalized."""
    if not keys:
        return {}
    known = skills_repo.labels_of(session, team_id=team_id, keys=keys)
    return {k: known.get(k) or (k[:1].upper() + k[1:]) for k in keys}
