"""What the edge's first middleware puts in Bolt's context for every middleware and listener."""

from __future__ import annotations

from slack_bolt import BoltContext

from bot.deps import Deps

DEPS = "deps"


def deps_in(context: BoltContext) -> Deps:
    """The app's Deps, as handlers.slack.middleware.provide_deps put them in the context."""
    deps = context[DEPS]
    assert isinstance(deps, Deps)
    return deps
