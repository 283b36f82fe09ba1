"""/mentor [sub]: help by default; each feature adds its subcommands here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from handlers.slack.help import build_help_message, build_unknown_subcommand_message
from handlers.slack.subcommands import SubcommandCall, SubcommandRouter


def register_subcommands(router: SubcommandRouter, deps: Deps) -> None:
    from handlers.admin import commands as admin
    from handlers.data_rights import commands as data
    from handlers.profiles import commands as profile

    router.add("help", handle_help)
    profile.register_subcommands(router, deps)
    admin.register_subcommands(router, deps)
    data.register_subcommands(router, deps)


def handle_help(call: SubcommandCall) -> None:
    call.ack(**_ack_fields(build_help_message()))


def make_handler(
    router: SubcommandRouter, _deps: Deps
) -> Callable[[Ack, dict[str, Any], Respond, WebClient], None]:
    def handle_mentor_command(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        sub, rest = router.split(str(body.get("text") or ""))
        handler = router.handler_for(sub)
        if handler is None:
            ack(**_ack_fields(build_unknown_subcommand_message(sub, router.names())))
            return
        handler(SubcommandCall(body=body, args=rest, ack=ack, respond=respond, client=client))

    return handle_mentor_command


def _ack_fields(message: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": message["text"],
        "blocks": message.get("blocks"),
        "response_type": message.get("response_type", "ephemeral"),
    }
