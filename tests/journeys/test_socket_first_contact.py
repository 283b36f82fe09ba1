"""First contact over Socket Mode: `.env.example` filled with two tokens, `serve --socket`."""

from __future__ import annotations

from pathlib import Path

from playground.emulator import SlackEmulator
from playground.socket_served import SocketServe


def test_mentor_help_over_socket_mode_from_the_example_env(tmp_path: Path) -> None:
    with (
        SlackEmulator() as emulator,
        SocketServe(emulator, tmp_path, f"sqlite:///{tmp_path / 'mentorbot.db'}") as served,
    ):
        answer = served.command("U1", "/mentor", "help")
        assert answer.status == 200, answer.body
        assert answer.json["response_type"] == "ephemeral"
        assert "Start with /reflect" in answer.json["text"]
        assert "/find-mentor" in str(answer.json["blocks"])
        assert emulator.socket_mode.protocol_errors == []
        opened = emulator.calls_to("apps.connections.open")
        assert [call.ok for call in opened] == [True]
