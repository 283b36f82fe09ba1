"""team.info."""

from __future__ import annotations

from slack_sdk import WebClient

from tests.playground.emulator.helpers import refusal


def test_team_info(client: WebClient) -> None:
    team = client.team_info()["team"]
    assert team["id"] == "T0EMULATOR"
    assert team["domain"]


def test_refuses_other_team_with_team_not_found(client: WebClient) -> None:
    assert refusal(client.team_info, team="T999")["error"] == "team_not_found"
