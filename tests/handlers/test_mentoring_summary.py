"""/mentoring-summary and its "Post to channel" button through signed HTTP and the emulator."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Any

import pytest

from handlers.blocks.summary import POST_ACTION_ID
from playground.harness import Harness
from storage.models import RoleGrant, SummaryPost
from tests.services.summary_data import CHANNEL, DIVORCE, MEMBERS, build_workspace

ADMIN, LEAD, MEMBER, OUTSIDER = "UADMIN", "U01", "U02", "X1"


@pytest.fixture
def workspace(harness: Harness) -> Harness:
    """The hand-built data set, in the emulator's workspace, with C1 and its members."""
    emulator = harness.emulator
    for uid in [*MEMBERS, "X1", "X2", "X3", "UNEW"]:
        emulator.add_user(uid, name=uid.lower(), tz="UTC")
    emulator.add_user("U13", name="u13", tz="UTC", deleted=True)
    emulator.add_user("UBOT", name="ubot", tz="UTC", is_bot=True)
    emulator.add_user(ADMIN, name="ada", tz="UTC", is_admin=True)
    emulator.add_channel(
        CHANNEL, name="team", members=[*MEMBERS, "U13", "UBOT", "UNEW", ADMIN, emulator.bot_user_id]
    )
    with harness.db.begin() as session:
        builder = build_workspace(session, emulator.team_id)
        session.add(
            RoleGrant(
                team_id=emulator.team_id,
                person_id=builder.people[LEAD],
                role="lead",
                created_at=harness.clock.now(),
            )
        )
    return harness


def _summary(
    harness: Harness, user: str, text: str = "30d", channel: str = CHANNEL
) -> dict[str, Any]:
    before = len(harness.emulator.calls_to("response_url"))
    result = harness.command(user, "/mentoring-summary", text, channel_id=channel)
    assert result.status == 200
    responses = harness.emulator.calls_to("response_url")
    assert len(responses) == before + 1, "exactly one answer"
    answer = responses[-1].args
    assert answer["response_type"] == "ephemeral"
    return answer


def _button(answer: dict[str, Any]) -> dict[str, Any]:
    for block in answer["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == POST_ACTION_ID:
                return dict(element)
    raise AssertionError("no Post to channel button")


def test_admin_sees_the_figures_privately(workspace: Harness) -> None:
    answer = _summary(workspace, ADMIN)
    text = str(answer["blocks"])
    # U01..U12, UNEW and the admin: not U13 (left), UBOT (a bot) or the app itself.
    assert "Members counted:* 14" in text
    assert "People with a mentor:* 5" in text
    assert "Meetings held:* 8  _(+4 vs previous period)_" in text
    assert "Average usefulness:* 4.0 / 5" in text
    assert "Check-ins answered:* 47%  _(+28 pts vs previous period)_" in text
    assert "Mentors among them:* hidden (too few people)" in text
    assert "Goals completed:* hidden (too few people)" in text
    assert "*Python*: asked for by 5 · offered by 5 mentors" in text
    assert "PRIVATE" not in text
    # SQL (2 askers) and what people typed ("coping with my divorce") are never named.
    assert "SQL" not in text and DIVORCE not in str(answer) and "Other skills" not in text
    assert _button(answer)["text"]["text"] == "Post to channel"
    # Nothing went to the channel: the preview is private.
    assert workspace.emulator.calls_to("chat.postMessage") == []


def test_a_lead_in_the_channel_sees_it(workspace: Harness) -> None:
    assert "Members counted" in str(_summary(workspace, LEAD, "7d")["blocks"])


def test_a_lead_outside_the_channel_is_refused(workspace: Harness) -> None:
    with workspace.db.begin() as session:
        from storage.repositories import people as people_repo

        outsider = people_repo.get_person(
            session, team_id=workspace.emulator.team_id, slack_user_id=OUTSIDER
        )
        assert outsider is not None and outsider.id is not None
        session.add(
            RoleGrant(
                team_id=outsider.team_id,
                person_id=outsider.id,
                role="lead",
                created_at=workspace.clock.now(),
            )
        )
    assert "channels they are in" in _summary(workspace, OUTSIDER)["text"]


def test_anyone_else_is_refused_and_nothing_is_read(workspace: Harness) -> None:
    answer = _summary(workspace, MEMBER)
    assert "for team leads and admins" in answer["text"]
    assert "blocks" in answer and "Members" not in str(answer["blocks"])
    assert workspace.emulator.calls_to("conversations.members") == []


def test_unknown_period_lists_the_choices(workspace: Harness) -> None:
    result = workspace.command(ADMIN, "/mentoring-summary", "yesterday", channel_id=CHANNEL)
    answer = result.json
    assert answer["response_type"] == "ephemeral"
    assert "`yesterday`" in answer["text"]
    for key in ("`7d`", "`30d`", "`90d`"):
        assert key in answer["text"]
    # Only the check of someone new (the admin is not stored yet), before the ack.
    assert [c.args["user"] for c in workspace.emulator.calls_to("users.info")] == [ADMIN]
    assert workspace.emulator.calls_to("conversations.members") == []


def test_in_a_dm_it_says_where_to_run_it(workspace: Harness) -> None:
    dm = workspace.emulator.dm_channel_of(ADMIN)
    assert "not in a direct message" in _summary(workspace, ADMIN, channel=dm)["text"]


def test_in_a_group_dm_it_says_where_to_run_it_without_asking_slack(workspace: Harness) -> None:
    # conversations.info on a group DM needs mpim:read, which the manifest does not ask for.
    emulator = workspace.emulator
    emulator.add_user("UPAL", name="pal")
    group = emulator.channel_info(_open_group_dm(workspace, [ADMIN, "UPAL"]))
    before = len(emulator.calls_to("response_url"))
    workspace.command(
        ADMIN, "/mentoring-summary", "30d", channel_id=group["id"], channel_name=group["name"]
    )
    answer = emulator.calls_to("response_url")[before:]
    assert [a.args["text"] for a in answer if "not in a direct message" in a.args["text"]]
    assert emulator.calls_to("conversations.info") == []


def _open_group_dm(harness: Harness, users: list[str]) -> str:
    opened = harness.app.client.conversations_open(users=users)
    return str(opened["channel"]["id"])


def test_in_a_channel_without_the_bot_it_says_to_invite_it(workspace: Harness) -> None:
    workspace.emulator.add_channel("CPUB", name="public", members=[ADMIN])
    workspace.emulator.add_channel("CPRIV", name="secret", members=[ADMIN], is_private=True)
    for channel in ("CPUB", "CPRIV"):
        assert "/invite @mentorbot" in _summary(workspace, ADMIN, channel=channel)["text"]
    assert workspace.emulator.calls_to("conversations.members") == []


def test_ten_thousand_members_are_paged_and_cached(workspace: Harness) -> None:
    emulator = workspace.emulator
    crowd = [f"UC{i:06d}" for i in range(10_000)]
    emulator.add_channel("CBIG", name="everyone", members=[*crowd, ADMIN, emulator.bot_user_id])
    text = str(_summary(workspace, ADMIN, channel="CBIG")["blocks"])
    assert "Members counted:* 10,001" in text  # the crowd and the admin; not the bot
    pages = emulator.calls_to("conversations.members")
    assert len(pages) == 11 and all(call.ok for call in pages)
    _summary(workspace, ADMIN, "7d", channel="CBIG")
    assert len(emulator.calls_to("conversations.members")) == 11  # cached for a few minutes
    workspace.clock.advance(timedelta(minutes=6))
    _summary(workspace, ADMIN, channel="CBIG")
    assert len(emulator.calls_to("conversations.members")) == 22


def test_a_member_list_failing_half_way_gives_an_error_not_figures(workspace: Harness) -> None:
    emulator = workspace.emulator
    emulator.add_channel(
        "CBIG", name="everyone", members=[*(f"UC{i:05d}" for i in range(2500)), ADMIN, "U0BOT"]
    )
    emulator.fail_next(
        method="conversations.members", status=200, error="fetch_members_failed", after=1
    )
    answer = _summary(workspace, ADMIN, channel="CBIG")
    assert "couldn't read this channel's member list" in answer["text"]
    assert "fetch_members_failed" in answer["text"]
    assert "Members counted" not in str(answer["blocks"])
    assert [c.ok for c in emulator.calls_to("conversations.members")] == [True, False]
    # Nothing partial was kept: the next run reads every page again and answers.
    assert "Members counted:* 2,501" in str(_summary(workspace, ADMIN, channel="CBIG")["blocks"])


def _click(harness: Harness, user: str, button: dict[str, Any]) -> None:
    harness.click(
        user,
        {"action_id": button["action_id"], "value": button["value"], "type": "button"},
        channel_id=CHANNEL,
    )


def test_post_to_channel_posts_once_with_the_chart(workspace: Harness) -> None:
    pytest.importorskip("matplotlib")
    button = _button(_summary(workspace, ADMIN))
    _click(workspace, ADMIN, button)
    posts = workspace.emulator.calls_to("chat.postMessage")
    assert len(posts) == 1 and posts[0].ok and posts[0].args["channel"] == CHANNEL
    assert "Shared by <@UADMIN>" in str(posts[0].args["blocks"])
    assert "PRIVATE" not in str(posts[0].args)
    assert DIVORCE not in str(posts[0].args) and "SQL" not in str(posts[0].args)
    assert "*Python*: asked for by 5" in str(posts[0].args["blocks"])
    [chart] = workspace.emulator.files
    assert chart["channel_id"] == CHANNEL and chart["content"].startswith(b"\x89PNG")
    note = workspace.emulator.calls_to("response_url")[-1].args
    assert note["replace_original"] in (True, "true") and "Posted to <#C1>" in note["text"]
    _click(workspace, ADMIN, button)  # a double click
    assert len(workspace.emulator.calls_to("chat.postMessage")) == 1
    assert "already posted" in workspace.emulator.calls_to("response_url")[-1].args["text"]
    with workspace.db.begin() as session:
        from sqlmodel import select

        assert [p.state for p in session.exec(select(SummaryPost))] == ["sent"]


def test_post_without_matplotlib_still_posts_the_figures(
    workspace: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    for name in ("matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, name, None)
    _click(workspace, ADMIN, _button(_summary(workspace, ADMIN)))
    [post] = workspace.emulator.calls_to("chat.postMessage")
    assert "Meetings held" in str(post.args["blocks"]) and "chart" not in str(post.args["blocks"])
    assert workspace.emulator.files == []
    assert workspace.emulator.calls_to("files.getUploadURLExternal") == []


def test_the_role_is_checked_again_on_click(workspace: Harness) -> None:
    button = _button(_summary(workspace, LEAD))
    with workspace.db.begin() as session:
        from sqlmodel import delete

        session.execute(delete(RoleGrant))
    _click(workspace, LEAD, button)
    assert workspace.emulator.calls_to("chat.postMessage") == []
    assert (
        "for team leads and admins" in workspace.emulator.calls_to("response_url")[-1].args["text"]
    )


def test_a_forged_button_from_a_member_posts_nothing(workspace: Harness) -> None:
    button = _button(_summary(workspace, ADMIN))
    _click(workspace, MEMBER, button)
    assert workspace.emulator.calls_to("chat.postMessage") == []


def test_a_slack_error_on_the_way_is_answered_politely(workspace: Harness) -> None:
    workspace.emulator.fail_next(method="conversations.info", status=200, error="fatal_error")
    answer = _summary(workspace, ADMIN)
    assert "`fatal_error`" in answer["text"] and "Members" not in str(answer["blocks"])
