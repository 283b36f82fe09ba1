"""`/mentor <sub> ...`: the router that hands <sub> to the feature that owns it. Each feature adds
its own subcommands (a name and a module-level handler of a SubcommandCall) when it registers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from handlers.slack.context import deps_in
from handlers.slack.help import build_help_message, build_unknown_subcommand_message

MENTOR = "/mentor"


@dataclass(frozen=True)
class SubcommandCall:
    """Everything a subcommand handler gets: the command body and the words after the sub."""

    body: dict[str, Any]
    args: str
    ack: Ack
    respond: Respond
    client: WebClient
    deps: Deps

    @property
    def team_id(self) -> str:
        return str(self.body.get("team_id", ""))

    @property
    def user_id(self) -> str:
        return str(self.body.get("user_id", ""))

    @property
    def trigger_id(self) -> str:
        return str(self.body.get("trigger_id") or "")

    def answer(self, message: dict[str, Any]) -> None:
        """Ack with an ephemeral message (its text and blocks)."""
        self.ack(
            text=message["text"],
            blocks=message.get("blocks"),
            response_type=message.get("response_type", "ephemeral"),
        )


SubcommandHandler = Callable[[SubcommandCall], None]


def handle_subcommand_help(call: SubcommandCall) -> None:
    call.answer(build_help_message())


class SubcommandRouter:
    """The subcommands of /mentor; `help` is its own."""

    def __init__(self) -> None:
        self._handlers: dict[str, SubcommandHandler] = {"help": handle_subcommand_help}

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

    def handle_command_mentor(
        self,
        ack: Ack,
        body: dict[str, Any],
        respond: Respond,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        """The /mentor listener: the subcommand's handler, or the list of known ones."""
        sub, rest = self.split(str(body.get("text") or ""))
        handler = self.handler_for(sub)
        call = SubcommandCall(body, rest, ack, respond, client, deps_in(context))
        if handler is None:
            call.answer(build_unknown_subcommand_message(sub, self.names()))
            return
        handler(call)


_ROUTERS: WeakKeyDictionary[App, SubcommandRouter] = WeakKeyDictionary()


def mentor_subcommands(app: App) -> SubcommandRouter:
    """The app's /mentor router, where each feature adds its subcommands; made, and the /mentor
    command registered, on first use."""
    router = _ROUTERS.get(app)
    if router is None:
        router = _ROUTERS[app] = SubcommandRouter()
        app.command(MENTOR)(router.handle_command_mentor)
    return router
