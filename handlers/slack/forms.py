"""The guard of a modal submission that names a record in its private_metadata (a pair, a
delivery): ack-time work reads only our database (a modal is answered within 3 seconds, and
users.info may wait on a rate limit), the submitter must be stored already (and be the person
the form was opened for, when it names one), and a form that isn't theirs is refused in the
modal with NOT_YOURS. The submitter is refreshed after the ack.

A form handler is a module-level function of a `Form`, wrapped by `on_submit` and registered
against its callback id: `app.view(CHECKIN_VIEW)(handle_view_checkin)`. It acks itself (with
errors, or not) and raises NotYours when the form names something not the submitter's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.typed_text import clean
from handlers.slack.clicks import REFUSALS, NotYours
from handlers.slack.context import deps_in
from handlers.slack.origin import OPENER_KEY, Origin, read_origin
from handlers.slack.payload import private_metadata, team_of, user_of, view_values
from handlers.slack.people import ensure_person, known_person
from handlers.slack.replies import NOT_YOURS, form_refusal
from handlers.slack.row_ids import MAX_ROW_ID
from storage.models import Person

FormHandler = Callable[["Form"], None]
Listener = Callable[[Ack, dict[str, Any], WebClient, BoltContext], None]


@dataclass(frozen=True)
class Form:
    """A submitted modal, its submitter as stored, and its private_metadata (a JSON object)."""

    deps: Deps
    body: dict[str, Any]
    client: WebClient
    ack: Ack
    person: Person
    meta: dict[str, Any]

    def state(self, block_id: str, action_id: str) -> dict[str, Any]:
        """The submitted state of one input element ({} when it is absent)."""
        return dict(view_values(self.body).get(block_id, {}).get(action_id) or {})

    def text(self, block_id: str, action_id: str) -> str:
        """A typed answer, cleaned and cut to 2,000 characters."""
        return clean(self.state(block_id, action_id).get("value"), limit=2000)

    def number(self, key: str) -> int:
        """A whole number the form carries (a score, a timestamp); NotYours when it has none."""
        value = self.meta.get(key)
        if not isinstance(value, int) or isinstance(value, bool):  # JSON's true is no number
            raise NotYours
        return value

    def id(self, key: str) -> int:
        """A row id the form carries; NotYours when it carries none (forged or broken), or one
        no row can have: past PostgreSQL's integer the query fails instead of missing."""
        value = self.number(key)
        if not 0 < value <= MAX_ROW_ID:
            raise NotYours
        return value

    @property
    def origin(self) -> Origin:
        """The message the form was opened from, to replace with what was recorded."""
        return read_origin(self.meta)


def on_submit(handler: FormHandler) -> Listener:
    """The Bolt listener of a form handler, under the guard."""

    def listener(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        deps = deps_in(context)
        team_id, user_id = team_of(body), user_of(body)
        person, meta = known_person(deps, team_id, user_id), _meta(body)
        try:
            opener = meta.get(OPENER_KEY)  # a form opened for one person is theirs alone
            if person is None or (isinstance(opener, str) and opener != user_id):
                raise NotYours
            handler(Form(deps, body, client, ack, person, meta))
        except REFUSALS:
            ack(**form_refusal(body.get("view") or {}, NOT_YOURS))
            return
        ensure_person(client, deps, team_id, user_id)  # after the ack: refresh name and zone

    listener.__name__ = listener.__qualname__ = handler.__name__
    listener.__doc__, listener.__module__ = handler.__doc__, handler.__module__
    return listener


def _meta(body: dict[str, Any]) -> dict[str, Any]:
    try:
        meta = json.loads(private_metadata(body) or "{}")
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}
