"""What counts as a skill is the same in a mentor profile, a reflection, a search and the admin
list: Slack's special tokens and mentions never become skills, a typed skill keeps its words,
repeats collapse. Through signed requests, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from playground.harness import Harness
from storage.models import MentorSkill, Skill
from tests.conftest import migrated_url
from tests.handlers.find_mentor_helpers import add_people, save_profile

HOSTILE_SKILLS = "<!channel>, <!here> hacking, Kubernetes, <@UMIA|mia>, @everyone, " + (
    "python " * 800
)


@pytest.fixture(params=["sqlite", "postgres"])
def h(request: pytest.FixtureRequest) -> Iterator[Harness]:
    with Harness(migrated_url(request)) as running:
        add_people(running)
        running.emulator.add_user("UOWNER01", name="olga", is_owner=True)
        yield running


def _skills(h: Harness) -> tuple[set[str], dict[str, str]]:
    with h.db.begin() as session:
        offered = set(session.exec(select(MentorSkill.skill_key)))
        labels = {s.key: s.label for s in session.exec(select(Skill))}
    return offered, labels


def test_a_profile_keeps_only_real_skills_as_typed(h: Harness) -> None:
    save_profile(h, "UMAX", ["python"], extra=HOSTILE_SKILLS)
    offered, labels = _skills(h)
    assert offered == {"python", "hacking", "kubernetes"}
    assert labels["kubernetes"] == "Kubernetes"  # not folded into "Cloud infrastructure"
    assert labels["hacking"] == "hacking"
    assert not any(word in labels for word in ("channel", "here", "everyone", "mia"))
    sent = " ".join(str(c.args) for c in h.emulator.calls)
    assert "<!channel>" not in sent and "<!here>" not in sent


def test_the_admin_list_cleans_skills_the_same_way(h: Harness) -> None:
    h.command("UOWNER01", "/mentor", "admin skills add <!channel>, python python python, gRPC")
    answer = h.emulator.calls_to("response_url")[-1].args["text"]
    assert "gRPC" in answer and "channel" not in answer
    _, labels = _skills(h)
    assert labels["grpc"] == "gRPC"
    assert "python python" not in labels and "channel" not in labels


def test_a_search_ignores_mentions_and_finds_the_typed_skill(h: Harness) -> None:
    save_profile(h, "UMAX", [], extra="Kubernetes")
    h.command("UMIA", "/find-mentor", "<!here> kubernetes kubernetes")
    answer = h.emulator.calls_to("response_url")[-1].args
    text = str(answer)
    assert "Kubernetes" in text and "max" in text.lower()
    assert "<!here>" not in text
