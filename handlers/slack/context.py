"""What the edge's first middleware (handlers.slack.middleware.ProvideDeps) puts in Bolt's
context for every middleware and listener: the app's Deps (and the edge's own state, see
handlers.slack.event_claims.Edge)."""

from __future__ import annotations

from slack_bolt import BoltContext

from bot.deps import Deps

DEPS = "deps"


def deps_in(context: BoltContext) -> Deps:
    """The app's Deps."""
    deps = context[DEPS]
    assert isinstance(deps, Deps)
    return deps
