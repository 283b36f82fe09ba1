"""Searches as the handlers run them: ranking, then a freshness check of who is shown."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services import searches
from handlers.people import ensure_person
from storage.models import MentorSearch, Person


def shown_and_gone(client: WebClient, deps: Deps, result: searches.SearchResult) -> bool:
    """Refresh the people about to be shown (users.info, only when a day old); True if one
    turned out deactivated, so the caller ranks again without them."""
    shown = [m.candidate for m in result.matches] + [p.candidate for p in result.partial]
    gone = False
    for candidate in shown:
        try:
            fresh = ensure_person(client, deps, result.team_id, candidate.slack_user_id)
        except SlackApiError:
            continue  # keep what we know rather than hide someone on a transient error
        gone = gone or fresh.is_deleted
    return gone


def run_search(client: WebClient, deps: Deps, person: Person, words: str) -> searches.SearchResult:
    with deps.executor.cpu_bound(), deps.db.begin() as session:
        result = searches.start_search(session, person=person, words=words, now=deps.clock.now())
        search = (
            searches.get_search(session, team_id=person.team_id, search_id=result.search_id)
            if result.search_id
            else None
        )
    if search is not None and shown_and_gone(client, deps, result):
        return run_page(client, deps, person, search, 0, check=False)
    return result


def run_page(
    client: WebClient,
    deps: Deps,
    person: Person,
    search: MentorSearch,
    offset: int,
    *,
    check: bool = True,
) -> searches.SearchResult:
    with deps.executor.cpu_bound(), deps.db.begin() as session:
        result = searches.page(
            session, search=search, person=person, offset=offset, now=deps.clock.now()
        )
    if check and shown_and_gone(client, deps, result):
        with deps.executor.cpu_bound(), deps.db.begin() as session:
            result = searches.page(
                session, search=search, person=person, offset=offset, now=deps.clock.now()
            )
    return result
