"""Acting as Slack towards the app, then waiting until it has finished what it started."""

from __future__ import annotations

from typing import Any

from playground.emulator import SlackEmulator
from playground.signed_client import HttpResult, SignedSlackClient


class ActsAsSlack:
    """Signed requests followed by settle(); subclasses say which client and how to wait."""

    emulator: SlackEmulator

    @property
    def slack(self) -> SignedSlackClient:
        raise NotImplementedError

    def settle(self) -> None:
        raise NotImplementedError

    def command(self, user_id: str, command: str, text: str = "", **kw: Any) -> HttpResult:
        result = self.slack.slash_command(user_id, command, text, **kw)
        self.settle()
        return result

    def click(self, user_id: str, action: dict[str, Any], **kw: Any) -> HttpResult:
        result = self.slack.block_action(user_id, action, **kw)
        self.settle()
        return result

    def submit(
        self, user_id: str, view: dict[str, Any], values: dict[str, dict[str, Any]]
    ) -> HttpResult:
        result = self.slack.view_submission(user_id, view, values)
        self.settle()
        return result

    def event(self, event: dict[str, Any], **kw: Any) -> HttpResult:
        result = self.slack.event(event, **kw)
        self.settle()
        return result

    def say(self, user_id: str, text: str, **extra: Any) -> HttpResult:
        """The person types `text` into their DM with the bot."""
        channel = self.emulator.dm_channel_of(user_id)
        result = self.slack.dm_message(user_id, text, channel_id=channel, **extra)
        self.settle()
        return result
