"""Skills: the workspace's list and the normalization that lets typed skills match."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from bot.services import typed_text
from storage.models import Skill

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

# Obvious spellings of the same skill; keys and values are already lower-cased and spaced.
SYNONYMS: dict[str, str] = {
    "js": "javascript",
    "java script": "javascript",
    "ecmascript": "javascript",
    "node": "javascript",
    "nodejs": "javascript",
    "node.js": "javascript",
    "ts": "typescript",
    "py": "python",
    "python3": "python",
    "golang": "go",
    "postgres": "sql",
    "postgresql": "sql",
    "mysql": "sql",
    "ml": "machine learning",
    "ai": "machine learning",
    "ux": "ux design",
    "ui": "ux design",
    "ui/ux": "ux design",
    "design": "ux design",
    "pm": "product management",
    "product": "product management",
    "k8s": "cloud infrastructure",
    "kubernetes": "cloud infrastructure",
    "aws": "cloud infrastructure",
    "gcp": "cloud infrastructure",
    "azure": "cloud infrastructure",
    "infra": "cloud infrastructure",
    "ci/cd": "devops",
    "sre": "devops",
    "presenting": "public speaking",
    "presentations": "public speaking",
    "speaking": "public speaking",
    "management": "people management",
    "managing people": "people management",
    "feedback": "giving feedback",
    "interviewing": "hiring and interviewing",
    "hiring": "hiring and interviewing",
    "architecture": "system design",
    "software architecture": "system design",
    "qa": "testing",
    "data science": "data analysis",
    "analytics": "data analysis",
    "react": "frontend",
    "css": "frontend",
    "ios": "mobile development",
    "android": "mobile development",
    "infosec": "security",
    "appsec": "security",
}


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


def split_skills(text: str, *, known: Collection[str] = ()) -> list[str]:
    """Skills typed as a list ("python, public speaking; sql") as distinct keys, in order.

    A part between commas that already is one of the `known` keys stays whole, so a prefilled
    "Research AND development" comes back as the one skill it was, not two.
    """
    keys: list[str] = []
    for chunk in re.split(r"[,;\n]", text):
        parts = [chunk] if normalize_skill(chunk) in known else re.split(r"\band\b", chunk)
        for part in parts:
            key = normalize_skill(part)
            if key and key not in keys:
                keys.append(key)
    return keys


def label_for(key: str, catalog: Iterable[SkillEntry]) -> str:
    for entry in catalog:
        if entry.key == key:
            return entry.label
    return key[:1].upper() + key[1:]


def ensure_default_skills(session: Session, *, team_id: str, now: datetime) -> None:
    """Give a workspace the shipped list the first time it needs one."""
    if session.exec(select(Skill.id).where(Skill.team_id == team_id).limit(1)).first():
        return
    for label in DEFAULT_SKILLS:
        session.add(Skill(team_id=team_id, key=normalize_skill(label), label=label, created_at=now))
    session.flush()


def catalog(session: Session, *, team_id: str, now: datetime) -> list[SkillEntry]:
    """The workspace's listed skills, alphabetical by label."""
    ensure_default_skills(session, team_id=team_id, now=now)
    rows = session.exec(
        select(Skill).where(Skill.team_id == team_id, Skill.listed == True)  # noqa: E712
    ).all()
    return sorted((SkillEntry(r.key, r.label, r.listed) for r in rows), key=lambda e: e.label)


def remember_typed(session: Session, *, team_id: str, key: str, label: str, now: datetime) -> None:
    """Keep a typed skill (unlisted) so matching and summaries can name it."""
    exists = session.exec(select(Skill).where(Skill.team_id == team_id, Skill.key == key)).first()
    if exists is None:
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
