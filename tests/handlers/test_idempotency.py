"""Every event, click and modal submission of the journey, delivered twice, counts once.

Slack retries events (same event_id, X-Slack-Retry-Num), people double-click, and a modal can be
submitted from two tabs. After each first delivery the test takes the whole database and the
emulator's call log; the second delivery must store nothing and send nothing new.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from playground.harness import Harness
from playground.signed_client import HttpResult
from tests.handlers.journeys import MENTEE, run_journey
from tests.handlers.reflection_helpers import dm_event
from tests.handlers.trust_helpers import db_snapshot

# What a duplicate may still do: read, and tell the person privately that it was done already.
HARMLESS = {
    "users.info",
    "response_url",
    "chat.postEphemeral",
    "views.open",  # a second click on "Update progress" opens the form again; nothing is saved
    "views.publish",  # the Home is re-rendered from the same data (same content)
    "conversations.info",
}


@dataclass
class Twice:
    """Wraps the harness's Slack client so each delivery goes out twice, compared in between."""

    h: Harness
    problems: list[tuple[str, str, Any]] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def install(self) -> None:
        slack = self.h.slack
        event, click, submit = slack.event, slack.block_action, slack.view_submission

        def event_twice(body: dict[str, Any], **kw: Any) -> HttpResult:
            event_id = kw.pop("event_id", None) or f"EvTwice{next(self._ids):06d}"
            return self._twice(
                f"event {body.get('type')}",
                lambda: event(body, event_id=event_id, **kw),
                lambda: event(body, event_id=event_id, retry_num=1, **kw),
            )

        def click_twice(user: str, action: dict[str, Any], **kw: Any) -> HttpResult:
            again = lambda: click(user, action, **kw)  # noqa: E731 - a new trigger_id each time
            return self._twice(f"click {action.get('action_id')}", again, again)

        def submit_twice(user: str, view: dict[str, Any], values: Any) -> HttpResult:
            again = lambda: submit(user, view, values)  # noqa: E731 - the same view id: two tabs
            return self._twice(f"submit {view.get('callback_id')}", again, again)

        slack.event = event_twice  # type: ignore[method-assign]
        slack.block_action = click_twice  # type: ignore[method-assign]
        slack.view_submission = submit_twice  # type: ignore[method-assign]

    def _twice(
        self, what: str, first: Callable[[], HttpResult], second: Callable[[], HttpResult]
    ) -> HttpResult:
        result = first()
        self.h.settle()
        before, start = db_snapshot(self.h), len(self.h.emulator.calls)
        again = second()
        self.h.settle()
        self.checked.append(what)
        if again.status != 200:
            self.problems.append((what, "status", again.status))
        changed = [t for t, rows in db_snapshot(self.h).items() if rows != before[t]]
        if changed:
            self.problems.append((what, "stored again", changed))
        sent = [c.method for c in self.h.emulator.calls[start:] if c.method not in HARMLESS]
        if sent:
            self.problems.append((what, "sent again", sent))
        return result


def test_the_whole_journey_delivered_twice_stores_and_sends_once(harness: Harness) -> None:
    twice = Twice(harness)
    twice.install()
    run_journey(harness)
    kinds = {what.split()[0] for what in twice.checked}
    assert kinds == {"event", "click", "submit"} and len(twice.checked) > 25
    assert twice.problems == []
    assert [c for c in harness.emulator.calls if c.refused] == []


def test_a_dm_answer_redelivered_under_a_new_event_id_counts_once(harness: Harness) -> None:
    """Slack can deliver one message twice with different event ids: the ts decides."""
    harness.emulator.add_user(MENTEE, name="mia")
    harness.command(MENTEE, "/reflect")
    answer = dm_event(harness, MENTEE, "explaining things")
    harness.event(answer)
    before, start = db_snapshot(harness), len(harness.emulator.calls)
    harness.event(answer)  # a new event_id, the same message
    assert db_snapshot(harness) == before
    assert [c.method for c in harness.emulator.calls[start:]] == []


def test_a_form_sent_back_with_errors_can_be_submitted_again(harness: Harness) -> None:
    """Only a submission that went through is remembered; a corrected one still counts."""
    from tests.handlers.find_mentor_helpers import last_view, profile_values

    harness.emulator.add_user("UMAX", name="max")
    harness.command("UMAX", "/mentor", "profile")
    view = last_view(harness)
    refused = harness.submit("UMAX", view, profile_values(["python"], capacity="lots"))
    assert refused.json["response_action"] == "errors"
    saved = harness.submit("UMAX", view, profile_values(["python"], capacity="2"))
    assert saved.status == 200 and saved.body in ("", "{}") or "errors" not in saved.body
    from sqlmodel import select

    from storage.models import MentorProfile

    with harness.db.begin() as session:
        assert session.exec(select(MentorProfile)).one().capacity == 2
