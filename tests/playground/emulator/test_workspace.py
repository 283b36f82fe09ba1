"""SlackEmulator.conversations(): who is in which conversation, as a Slack client knows it."""

from __future__ import annotations

from playground.emulator import SlackEmulator


def test_conversations_lists_channels_dms_and_group_dms_as_copies() -> None:
    with SlackEmulator() as emulator:
        emulator.add_user("U1", name="ana")
        emulator.add_user("U2", name="ben")
        emulator.add_channel("C1", name="general", members=["U1", emulator.bot_user_id])
        dm = emulator.dm_channel_of("U1")
        from slack_sdk import WebClient

        client = WebClient(token=emulator.token, base_url=emulator.api_url)
        group = client.conversations_open(users="U1,U2")["channel"]["id"]
        seen = emulator.conversations()
        assert seen["C1"] == {
            "name": "general",
            "members": ["U1", "U0BOT"],
            "is_im": False,
            "is_mpim": False,
            "user": None,
        }
        assert seen[dm]["is_im"] and seen[dm]["user"] == "U1"
        assert seen[group]["is_mpim"] and set(seen[group]["members"]) == {"U1", "U2", "U0BOT"}
        seen["C1"]["members"].append("U2")
        assert emulator.conversations()["C1"]["members"] == ["U1", "U0BOT"]
