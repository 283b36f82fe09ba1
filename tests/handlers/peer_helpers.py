"""Two people with mirrored skills, set up for peer tests: Sam knows SQL and wants Go, Kim
knows Go and wants SQL. Kim opted in with a mentor profile; Sam offers SQL from a profile or
(with `sam_profile=False`) from the strengths of a reflection."""

from __future__ import annotations

from typing import Any

from playground.harness import Harness
from storage.models import Reflection, SkillGap
from storage.repositories import people as people_repo
from tests.handlers.find_mentor_helpers import element, find, last_view, save_profile

SAM, KIM, EVE = "USAM", "UKIM", "UEVE"


def add_peers(h: Harness, *, sam_profile: bool = True) -> None:
    h.emulator.add_user(SAM, name="sam", real_name="Sam Quill", tz="Europe/Paris")
    h.emulator.add_user(KIM, name="kim", real_name="Kim Lee", tz="Europe/Berlin")
    h.emulator.add_user(EVE, name="eve", real_name="Eve Stranger", tz="Europe/Paris")
    save_profile(h, KIM, ["go"])
    if sam_profile:
        save_profile(h, SAM, ["sql"])
    else:
        h.command(SAM, "/find-mentor", "go")  # makes the person row
    reflect_directly(h, KIM, gaps=["sql"])
    reflect_directly(h, SAM, gaps=["go"], strengths="" if sam_profile else "SQL, data modelling")


def reflect_directly(h: Harness, user: str, *, gaps: list[str], strengths: str = "") -> None:
    """A finished reflection with these gaps (the dialog itself is tested elsewhere)."""
    now = h.clock.now()
    with h.db.begin() as session:
        person = people_repo.get_person(session, team_id=h.emulator.team_id, slack_user_id=user)
        assert person is not None and person.id is not None
        reflection = Reflection(
            team_id=person.team_id,
            person_id=person.id,
            step="done",
            strengths=strengths,
            started_at=now,
            updated_at=now,
            completed_at=now,
        )
        session.add(reflection)
        session.flush()
        for key in gaps:
            session.add(
                SkillGap(
                    team_id=person.team_id,
                    reflection_id=int(reflection.id or 0),
                    person_id=person.id,
                    skill_key=key,
                    created_at=now,
                )
            )


def ask_to_pair(h: Harness, user: str = SAM, words: str = "") -> dict[str, Any]:
    """`user` runs /find-mentor and clicks Ask to pair up on the first peer; the modal."""
    from handlers.matching.peer_blocks import ASK_PEER

    answer = find(h, user, words)
    h.click(user, element(answer, ASK_PEER), channel_id="C0GENERAL")
    return last_view(h)


def readable(found: Any) -> list[str]:
    """What a person reads of a message or view: every `text` string (fallback, sections,
    buttons, fields, titles, labels), and none of the ids, values or metadata beside them."""
    if isinstance(found, list):
        return [text for item in found for text in readable(item)]
    if not isinstance(found, dict):
        return []
    texts: list[str] = []
    for key, value in found.items():
        if key == "text" and isinstance(value, str):
            texts.append(value)
        elif key not in UNREAD:
            texts += readable(value)
    return texts


# What a message carries that nobody reads: ids, button values, the app's own profile.
UNREAD = frozenset(
    {"action_id", "block_id", "value", "private_metadata", "callback_id", "bot_profile", "url"}
)


def role_words(found: Any) -> list[str]:
    """The texts of a message that say mentor or mentee (in any case)."""
    return [t for t in readable(found) if "mentor" in t.lower() or "mentee" in t.lower()]
