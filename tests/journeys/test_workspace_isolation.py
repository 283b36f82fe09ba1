"""Two workspaces install the app: nothing of one is visible from the other.

The same person (a Grid user in both workspaces, same user id) has a goal in each; each workspace
has its own mentor. Every Slack call made while serving a workspace carries that workspace's token.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.services.goals import tracking as goals_service
from playground.harness import Harness
from storage.repositories import people as people_repo
from tests.handlers import find_mentor_helpers as mentoring
from tests.handlers.test_oauth_install import KEY, _install

WORKSPACES = {
    "TA": ("xoxb-team-a", "UMAX", "goal of A: ship the API"),
    "TB": ("xoxb-team-b", "UBEA", "goal of B: learn Rust"),
}


@pytest.fixture
def installed(sqlite_url: str) -> Iterator[Harness]:
    """Both workspaces installed the app; nothing else happened yet."""
    with Harness(
        sqlite_url, bot_token=None, client_id="111.222", client_secret="shh", token_key=KEY
    ) as h:
        for team, (token, _mentor, _goal) in WORKSPACES.items():
            assert _install(h, f"code-{team}", team, token) == 200
        yield h


@pytest.fixture
def two_workspaces(installed: Harness) -> Harness:
    """Each workspace has its own mentor; the same person has a goal in each."""
    h = installed
    h.emulator.add_user("UMIA", name="mia", real_name="Mia Mentee", tz="Europe/Paris")
    h.emulator.add_user("UMAX", name="max", real_name="Max of A", tz="Europe/Berlin")
    h.emulator.add_user("UBEA", name="bea", real_name="Bea of B", tz="Europe/Berlin")
    for team, (_token, mentor, goal) in WORKSPACES.items():
        h.slack.team_id = team
        mentoring.save_profile(h, mentor, ["python"])
        _add_goal(h, team, "UMIA", goal)
    h.emulator.reset_calls()
    return h


def _add_goal(h: Harness, team: str, user: str, text: str) -> None:
    now = h.clock.now()
    with h.db.begin() as session:
        people_repo.ensure_workspace(session, team_id=team, now=now)
        person = people_repo.get_person(
            session, team_id=team, slack_user_id=user
        ) or people_repo.add_person(session, team_id=team, slack_user_id=user, now=now)
        assert person.id is not None
        goals_service.create_goal(session, team_id=team, person_id=person.id, text=text, now=now)


def _other(team: str) -> str:
    return "TB" if team == "TA" else "TA"


@pytest.mark.parametrize("team", ["TA", "TB"])
def test_find_mentor_goals_and_home_show_only_the_workspace(
    two_workspaces: Harness, team: str
) -> None:
    h = two_workspaces
    h.slack.team_id = team
    _token, mentor, goal = WORKSPACES[team]
    _other_token, other_mentor, other_goal = WORKSPACES[_other(team)]

    found = str(mentoring.find(h, "UMIA", "python"))
    assert f"<@{mentor}>" in found or mentor in found
    assert other_mentor not in found

    goals = str(h.command("UMIA", "/mentor", "goals").json)
    assert goal.split(": ")[1] in goals and other_goal.split(": ")[1] not in goals

    h.event({"type": "app_home_opened", "user": "UMIA", "channel": "D1", "tab": "home"})
    home = str(h.emulator.home_views["UMIA"])
    assert goal.split(": ")[1] in home and other_goal.split(": ")[1] not in home

    # Every Web API call made for this workspace used this workspace's token.
    callers = {c.team_id for c in h.emulator.calls if c.method != "response_url"}
    assert callers == {team}
    assert mentoring.refusals(h) == []


def test_a_summary_counts_only_its_own_workspace(installed: Harness) -> None:
    from tests.services.summary_data import CHANNEL, MEMBERS, build_workspace

    h = installed
    for uid in [*MEMBERS, "X1", "X2", "X3"]:
        h.emulator.add_user(uid, name=uid.lower(), tz="UTC")
    h.emulator.add_user("UADMIN", name="ada", tz="UTC", is_admin=True)
    h.emulator.add_channel(CHANNEL, name="team", members=[*MEMBERS, "UADMIN", "U0BOT"])
    with h.db.begin() as session:
        build_workspace(session, "TB")  # mentoring happened in B only

    def summary(team: str) -> str:
        h.slack.team_id = team
        h.emulator.reset_calls()
        h.command("UADMIN", "/mentoring-summary", "30d", channel_id=CHANNEL)
        assert {c.team_id for c in h.emulator.calls if c.method != "response_url"} == {team}
        return str(h.emulator.calls_to("response_url")[-1].args)

    assert "Meetings held:* 8" in summary("TB")
    in_a = summary("TA")
    assert "Meetings held:* 8" not in in_a and "Python" not in in_a


def test_the_scheduler_sends_each_workspace_its_own_with_its_own_token(
    installed: Harness,
) -> None:
    from tests.scheduler.helpers import harness_pair

    h = installed
    members = {"TA": ("UAMENTOR", "UAMENTEE"), "TB": ("UBMENTOR", "UBMENTEE")}
    for team, (mentor, mentee) in members.items():
        harness_pair(h, mentor=mentor, mentee=mentee, team=team)
    start = h.clock.now()
    for hours in range(0, 9 * 24, 6):  # nine days of passes: nudges, prompts, check-ins
        h.tick(start + timedelta(hours=hours))

    owner = {user: team for team, users in members.items() for user in users}
    channel_team = {}
    for call in h.emulator.ok_calls_to("conversations.open"):
        users = str(call.args["users"]).split(",")
        assert {owner[u] for u in users} == {call.team_id}, "a DM opened with another's token"
        channel_team[call.response["channel"]["id"]] = call.team_id
    sent = h.emulator.ok_calls_to("chat.postMessage")
    assert {c.team_id for c in sent} == {"TA", "TB"}
    for call in sent:
        assert channel_team[str(call.args["channel"])] == call.team_id
