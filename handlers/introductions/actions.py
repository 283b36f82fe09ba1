"""The mentee's Request intro (from the matches), the mentor's Accept / Not now / Decline, the
mentee's Withdraw and thanks, and the new pair's rhythm."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.services import skills
from bot.services.introductions import answering, asking, drafts, pair_setup
from bot.services.introductions.outcomes import Answer, Outcome
from bot.services.matching import peers as peer_fit
from bot.services.matching import searches
from handlers.introductions import answers
from handlers.introductions.blocks import (
    INTRO_ACCEPT,
    INTRO_DECLINE,
    INTRO_NOT_NOW,
    PAIR_CADENCE_PREFIX,
    PAIR_WEEKDAY,
    build_cadence_set_message,
    build_mentor_answered_message,
    build_mentor_full_message,
    build_request_intro_view,
    build_thanks_message,
    build_withdrawn_message,
    unavailable_text,
)
from handlers.matching.blocks import parse_ids
from handlers.slack.clicks import Click, NotYours, on_click
from handlers.slack.people import dm_channel
from handlers.slack.replies import not_open_text
from storage.models import Pair, Person
from storage.repositories import people as people_repo

ANSWERS: dict[str, Answer] = {
    INTRO_ACCEPT: "accept",
    INTRO_NOT_NOW: "not_now",
    INTRO_DECLINE: "decline",
}


@on_click
def handle_action_request_intro(click: Click) -> None:
    """The intro modal, drafted; database only before views.open (its trigger expires in 3 s)."""
    _open_request(click, peer=False)


@on_click
def handle_action_ask_peer(click: Click) -> None:
    """ "Ask to pair up": the same modal, drafted for two people who each teach the other."""
    _open_request(click, peer=True)


def _open_request(click: Click, *, peer: bool) -> None:
    ids = parse_ids(click.value, 2)
    if not ids:
        raise NotYours
    me = click.stored_person
    with click.deps.db.begin() as session:
        now = click.deps.clock.now()
        ask = _ask(session, now, me, search_id=ids[0], mentor_id=ids[1], peer=peer)
    if isinstance(ask, str):
        click.tell(unavailable_text(ask, peer=peer))
        return
    view = build_request_intro_view(
        mentor_slack_id=ask.mentor.slack_user_id,
        draft=ask.draft,
        mentor_id=ask.mentor.id or 0,
        search_id=ask.search_id,
        peer=peer,
    )
    click.client.views_open(trigger_id=click.trigger_id, view=view)


@dataclass(frozen=True)
class _Ask:
    mentor: Person
    draft: str
    search_id: int


def _ask(
    session: Session, now: datetime, me: Person, *, search_id: int, mentor_id: int, peer: bool
) -> _Ask | str:
    """The drafted request to the mentor (or peer), or why they cannot be asked; NotYours when
    the search it came from is someone else's."""
    assert me.id is not None
    search = searches.get_search(session, team_id=me.team_id, search_id=search_id)
    if search and search.person_id != me.id:
        raise NotYours
    mentor = people_repo.get_person_by_id(session, team_id=me.team_id, person_id=mentor_id)
    if mentor is None or mentor.id is None:
        return "unavailable"
    kind = "peer" if peer else "mentoring"
    blocked = asking.why_not_askable(
        session, team_id=me.team_id, mentee_id=me.id, mentor_id=mentor.id, now=now, kind=kind
    )
    if blocked is not None:
        return blocked
    wanted = searches.watch_skills(search) if search else []
    labels = skills.labels_for(session, team_id=me.team_id, keys=wanted)
    if peer:
        way = peer_fit.exchange(session, person=me, other_id=mentor.id, wanted=wanted)
        i_offer, they_offer = _labelled(session, me.team_id, way.i_offer, way.they_offer)
        draft = drafts.build_peer_draft(
            asker=me, other=mentor, i_offer=i_offer, they_offer=they_offer
        )
    else:
        draft = drafts.build_draft(
            session, mentee=me, mentor=mentor, wanted=wanted, label=lambda k: labels.get(k, k)
        )
    return _Ask(mentor, draft, search.id if search and search.id else 0)


def _labelled(session: Session, team_id: str, *keyed: tuple[str, ...]) -> tuple[list[str], ...]:
    labels = skills.labels_for(session, team_id=team_id, keys=[k for keys in keyed for k in keys])
    return tuple([labels.get(k, k) for k in keys] for keys in keyed)


def _refused(click: Click, outcome: Outcome) -> bool:
    """Explain privately why nothing changed; True when the click was refused."""
    if outcome.kind == "not_yours":
        raise NotYours
    if outcome.kind == "closed":
        click.tell(not_open_text(outcome.request.status if outcome.request else None))
    elif outcome.kind == "full":
        click.respond(**build_mentor_full_message())
    else:
        return False
    return True


def _on_request(click: Click, service: Callable[..., Outcome], **extra: Any) -> Outcome:
    """The outcome of `service` on the clicked request, in one unit of work; NotYours when the
    button names no request."""
    clicker = click.person
    ids = parse_ids(click.value, 1)
    if not ids or clicker.id is None:
        raise NotYours
    with click.deps.db.begin() as session:
        return service(
            session,
            team_id=clicker.team_id,
            request_id=ids[0],
            clicker_id=clicker.id,
            now=click.deps.clock.now(),
            **extra,
        )


@on_click
def handle_action_intro_answer(click: Click) -> None:
    answer = ANSWERS[click.action_id]
    outcome = _on_request(click, answering.answer_request, answer=answer)
    if _refused(click, outcome) or outcome.request is None:
        return
    request, mentor = outcome.request, click.person
    mentee = answers.person_of(click.deps, request.team_id, request.mentee_id)
    if outcome.kind == "accepted" and outcome.pair is not None:
        answers.after_accept(click.client, click.deps, request, outcome.pair, mentor, mentee)
    elif outcome.kind == "declined":
        answers.after_decline(click.client, click.deps, request, mentor, mentee)
    elif outcome.kind == "waiting":
        answers.after_not_now(click.client, click.deps, request, mentor, mentee)


@on_click
def handle_action_intro_withdraw(click: Click) -> None:
    outcome = _on_request(click, answering.withdraw)
    if _refused(click, outcome) or outcome.request is None:
        return
    mentor = answers.person_of(click.deps, outcome.request.team_id, outcome.request.mentor_id)
    answers.update_mentor_copy(
        click.client,
        outcome.request,
        build_mentor_answered_message("withdrawn", mentee_slack_id=click.person.slack_user_id),
    )
    click.respond(
        replace_original=True, **build_withdrawn_message(mentor_slack_id=mentor.slack_user_id)
    )


@on_click
def handle_action_intro_thank(click: Click) -> None:
    outcome = _on_request(click, answering.thank)
    if outcome.kind == "already_thanked":
        click.tell("Your thanks were already sent.")
        return
    if _refused(click, outcome) or outcome.request is None:
        return
    mentor = answers.person_of(click.deps, outcome.request.team_id, outcome.request.mentor_id)
    click.client.chat_postMessage(
        channel=dm_channel(click.client, click.deps, mentor),
        **build_thanks_message(mentee_slack_id=click.person.slack_user_id),
    )
    click.tell(f"Thanks sent to <@{mentor.slack_user_id}>.")


@on_click
def handle_action_pair_cadence(click: Click) -> None:
    """A cadence button (pair id) or the weekday menu (pair id and day) of a new pair."""
    clicker = click.person
    with click.deps.db.begin() as session:
        pair_id, cadence, weekday = _cadence_choice(session, click)
        choice = pair_setup.choose_cadence(
            session,
            team_id=clicker.team_id,
            pair_id=pair_id,
            clicker_id=clicker.id or 0,
            cadence=cadence,
            weekday=weekday,
        )
    if choice.kind in ("not_yours", "invalid"):
        raise NotYours
    if choice.kind == "closed":
        click.tell("This mentoring pair has ended, so nothing changed.")
    elif choice.pair is not None:
        click.respond(
            **build_cadence_set_message(
                cadence=choice.pair.cadence, weekday=choice.pair.meeting_weekday
            )
        )


def _cadence_choice(session: Session, click: Click) -> tuple[int, str, int]:
    """(pair id, cadence, weekday) as clicked; the pair's own for the half not clicked."""
    if click.action_id == PAIR_WEEKDAY:
        ids = parse_ids(click.value, 2)
        pair = session.get(Pair, ids[0]) if ids else None
        return (ids[0] if ids else 0), (pair.cadence if pair else ""), (ids[1] if ids else -1)
    ids = parse_ids(click.value, 1)
    pair = session.get(Pair, ids[0]) if ids else None
    cadence = click.action_id[len(PAIR_CADENCE_PREFIX) :]
    return (ids[0] if ids else 0), cadence, (pair.meeting_weekday if pair else -1)
