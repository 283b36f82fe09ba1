"""Searches as the handlers run them: ranking (in a worker process when `serve` has one), then
a freshness check of who is shown."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services import people as people_service
from bot.services.matching import searches
from handlers.slack.people import ensure_person
from storage.models import Person


def shown_and_gone(client: WebClient, deps: Deps, result: searches.SearchResult) -> bool:
    """Refresh the people about to be shown (users.info, only when a day old); True if one
    turned out deactivated, so the caller ranks again without them. The ranking read when each
    was last synced, so the fresh ones cost nothing here."""
    now = deps.clock.now()
    shown = [m.candidate for m in result.best_first]
    shown += [p.candidate for p in result.partial]
    gone = False
    for candidate in shown:
        if not people_service.profile_is_stale(candidate.synced_at, now):
            continue
        try:
            fresh = ensure_person(client, deps, result.team_id, candidate.slack_user_id)
        except SlackApiError:
            continue  # keep what we know rather than hide someone on a transient error
        gone = gone or fresh.is_deleted
    return gone


def run_search(client: WebClient, deps: Deps, person: Person, words: str) -> searches.SearchResult:
    assert person.id is not None
    result = deps.searches.start(
        team_id=person.team_id, person_id=person.id, words=words, now=deps.clock.now()
    )
    if result.search_id is not None and shown_and_gone(client, deps, result):
        return run_page(client, deps, person, result.search_id, 0, check=False)
    return result


def run_page(
    client: WebClient,
    deps: Deps,
    person: Person,
    search_id: int,
    offset: int,
    *,
    check: bool = True,
) -> searches.SearchResult:
    """A page of the person's own search (the caller checked it is theirs)."""
    assert person.id is not None
    person_id = person.id

    def ranked() -> searches.SearchResult:
        return deps.searches.page(
            team_id=person.team_id,
            person_id=person_id,
            search_id=search_id,
            offset=offset,
            now=deps.clock.now(),
        )

    result = ranked()
    if check and shown_and_gone(client, deps, result):
        result = ranked()
    return result
