"""Dispatch `/mentor <sub> ...` to the feature that owns <sub>."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient


@dataclass(frozen=True)
class SubcommandCall:
    """Everything a subcommand handler gets: the command body and the words after the sub."""

    body: dict[str, Any]
    args: str
    ack: Ack
    respond: Respond
    client: WebClient

    @property
    def team_id(self) -> str:
        return str(self.body.get("team_id", ""))

    @property
    def user_id(self) -> str:
        return str(self.body.get("user_id", ""))


SubcommandHandler = Callable[[SubcommandCall], None]


class SubcommandRouter:
    def __init__(self) -> None:
        self._handlers: dict[str, SubcommandHandler] = {}

    def add(self, name: str, handler: SubcommandHandler) -> None:
        self._handlers[name] = handler

    def names(self) -> list[str]:
        return sorted(self._handlers)

    def split(self, text: str) -> tuple[str, str]:
        """(subcommand, rest); multi-word subcommands such as "data export" win over "data"."""
        words = text.strip().split(None, 2)
        if len(words) >= 2 and f"{words[0].lower()} {words[1].lower()}" in self._handlers:
            return f"{words[0].lower()} {words[1].lower()}", words[2] if len(words) > 2 else ""
        if not words:
            return "help", ""
        rest = text.strip()[len(words[0]) :].strip()
        return words[0].lower(), rest

    def handler_for(self, name: str) -> SubcommandHandler | None:
        return self._handlers.get(name)
