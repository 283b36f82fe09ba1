"""The one guard every click listener goes through: ack, load the clicker, and answer NOT_YOURS
to a click that isn't theirs.

A click handler is a module-level function of a `Click`, wrapped by `on_click` and registered
against its action id: `app.action(FIND_MORE)(handle_action_find_more)`. It raises NotYours
(ours, or the service's) when the button names something the clicker may not touch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, overload

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.refusals import NotYours as ServiceNotYours
from handlers.slack.after_ack import after_ack
from handlers.slack.context import deps_in
from handlers.slack.payload import action_id, action_value, first_action, team_of, user_of
from handlers.slack.people import dm_channel, ensure_person, known_person
from handlers.slack.replies import NOT_YOURS, reply_privately
from handlers.slack.row_ids import row_id
from storage.models import Person


class NotYours(Exception):
    """The click names something that isn't the clicker's: nothing changes, they are told."""


REFUSALS = (NotYours, ServiceNotYours)


@dataclass
class Click:
    """A block action, its clicker loaded on first use."""

    deps: Deps
    body: dict[str, Any]
    client: WebClient
    respond: Respond
    _person: Person | None = field(default=None, repr=False)

    @property
    def person(self) -> Person:
        """The clicker, asked of Slack when our copy is missing or a day old."""
        if self._person is None:
            self._person = ensure_person(
                self.client, self.deps, team_of(self.body), user_of(self.body)
            )
        return self._person

    @property
    def stored_person(self) -> Person:
        """The clicker as we stored them, database only (before a views.open, whose trigger
        expires in 3 seconds); NotYours for someone never stored."""
        person = known_person(self.deps, team_of(self.body), user_of(self.body))
        if person is None:
            raise NotYours
        return person

    @property
    def team_id(self) -> str:
        return team_of(self.body)

    @property
    def action(self) -> dict[str, Any]:
        return first_action(self.body)

    @property
    def action_id(self) -> str:
        return action_id(self.body)

    @property
    def value(self) -> str:
        return action_value(self.body)

    @property
    def int_value(self) -> int:
        """The value as a row id; NotYours when it is not one (a forged or broken button)."""
        value = row_id(self.value)
        if value is None:
            raise NotYours
        return value

    @property
    def trigger_id(self) -> str:
        return str(self.body.get("trigger_id") or "")

    def tell(self, text: str) -> None:
        """A private note to the clicker: under the clicked message (which stays as it was),
        or in their DM when the click has no message to answer under (the App Home)."""
        if self.body.get("response_url"):
            reply_privately(self.respond, text)
        else:
            self.client.chat_postMessage(
                channel=dm_channel(self.client, self.deps, self.person), text=text
            )

    def later(self, work: Callable[[Click], None]) -> None:
        """Run `work` on the deferred lane (slow work after the ack), under the same guard."""
        after_ack(self.deps, self.body, self.respond, self.client, lambda: _guarded(work, self))


ClickHandler = Callable[[Click], None]
Listener = Callable[[Ack, dict[str, Any], WebClient, Respond, BoltContext], None]
Explained = tuple[type[Exception], ...]


@overload
def on_click(handler: ClickHandler, /) -> Listener: ...
@overload
def on_click(*, explained: Explained) -> Callable[[ClickHandler], Listener]: ...


def on_click(
    handler: ClickHandler | None = None, /, *, explained: Explained = ()
) -> Listener | Callable[[ClickHandler], Listener]:
    """The Bolt listener of a click handler: ack at once, then the handler under the guard.
    `explained` errors (a service's ValueError, say) are told to the clicker as their text."""

    def wrap(handler: ClickHandler) -> Listener:
        def listener(
            ack: Ack,
            body: dict[str, Any],
            client: WebClient,
            respond: Respond,
            context: BoltContext,
        ) -> None:
            ack()
            _guarded(handler, Click(deps_in(context), body, client, respond), explained)

        # Bolt reads the listener's own arguments, so no functools.wraps (it would follow
        # __wrapped__ to the handler's); the name is what Bolt's log lines call it.
        listener.__name__ = listener.__qualname__ = handler.__name__
        listener.__doc__, listener.__module__ = handler.__doc__, handler.__module__
        return listener

    return wrap if handler is None else wrap(handler)


def _guarded(handler: ClickHandler, click: Click, explained: Explained = ()) -> None:
    try:
        handler(click)
    except REFUSALS:
        click.tell(NOT_YOURS)
    except explained as error:
        click.tell(str(error).capitalize() + ".")
