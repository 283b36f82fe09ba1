"""Goal modals: progress updates, milestone notes, and sharing a reached goal in a channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services.goals import tracking as goals_service
from handlers.blocks import goals as blocks
from handlers.blocks import saved
from handlers.blocks.origin import read_origin
from handlers.confirm import confirm_saved
from handlers.events.home import publish_home
from handlers.interaction import team_of, user_of
from handlers.people import dm_channel
from handlers.reflection_dm import acting_person
from storage.models import Person
from storage.repositories import people as people_repo


def register(app: App, deps: Deps) -> None:
    @app.view(blocks.UPDATE_VIEW)
    def handle_view_goal_update(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        values = body["view"].get("state", {}).get("values", {})
        progress = blocks.submitted_progress(values)
        if _refused(deps, body, ack, blocks.PROGRESS_BLOCK):
            return
        if progress is None:
            ack(response_action="errors", errors={blocks.PROGRESS_BLOCK: "Pick a percentage."})
            return
        ack()
        _apply(client, deps, body, progress=progress, note=blocks.submitted_note(values))

    @app.view(blocks.MILESTONE_VIEW)
    def handle_view_goal_milestone(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        note = blocks.submitted_note(body["view"].get("state", {}).get("values", {}))
        if _refused(deps, body, ack, blocks.NOTE_BLOCK):
            return
        if not note.strip():
            ack(response_action="errors", errors={blocks.NOTE_BLOCK: "Write a few words."})
            return
        ack()
        _apply(client, deps, body, progress=None, note=note)

    @app.view(blocks.SHARE_VIEW)
    def handle_view_goal_share(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        if _refused(deps, body, ack, blocks.CHANNEL_BLOCK):
            return
        ack()
        view = body["view"]
        channel = blocks.submitted_channel(view.get("state", {}).get("values", {}))
        goal = _own_goal_view(client, deps, body)
        if goal is None or not channel or goal[1].status != goals_service.DONE:
            return
        person, shown = goal
        message = blocks.build_channel_celebration(shown, person.slack_user_id)
        try:
            client.chat_postMessage(channel=channel, text=message["text"], blocks=message["blocks"])
        except SlackApiError as error:
            text = "I couldn't post there (invite me to the channel first). Nothing was shared."
            client.chat_postMessage(channel=dm_channel(client, deps, person), text=text)
            if error.response.get("error") not in ("not_in_channel", "channel_not_found"):
                raise


NOT_YOURS = "That goal isn't yours, so nothing changed."


def _refused(deps: Deps, body: dict[str, Any], ack: Ack, block_id: str) -> bool:
    """Refuse in the modal itself when the goal it names is not the submitter's.

    Database only: the answer must reach Slack within 3 seconds.
    """
    goal_id, _ = blocks.read_goal_meta(str(body["view"].get("private_metadata") or ""))
    with deps.db.begin() as session:
        person = people_repo.get_person(session, team_id=team_of(body), slack_user_id=user_of(body))
        owns = (
            person is not None
            and person.id is not None
            and goal_id is not None
            and goals_service.own_goal(
                session, team_id=person.team_id, person_id=person.id, goal_id=goal_id
            )
            is not None
        )
    if not owns:
        ack(response_action="errors", errors={block_id: NOT_YOURS})
    return not owns


def _own_goal_view(
    client: WebClient, deps: Deps, body: dict[str, Any]
) -> tuple[Person, goals_service.GoalView] | None:
    goal_id, _ = blocks.read_goal_meta(str(body["view"].get("private_metadata") or ""))
    person = acting_person(client, deps, body)
    if goal_id is None or person.id is None:
        return None
    with deps.db.begin() as session:
        goal = goals_service.own_goal(
            session, team_id=person.team_id, person_id=person.id, goal_id=goal_id
        )
        return (person, goals_service.view_of(goal)) if goal is not None else None


def _apply(
    client: WebClient, deps: Deps, body: dict[str, Any], *, progress: int | None, note: str
) -> None:
    found = _own_goal_view(client, deps, body)
    if found is None:
        return
    person, goal = found
    assert person.id is not None
    with deps.db.begin() as session:
        if progress is None:
            change = goals_service.add_milestone(
                session,
                team_id=person.team_id,
                person_id=person.id,
                goal_id=goal.id,
                note=note,
                now=deps.clock.now(),
            )
        else:
            change = goals_service.update_progress(
                session,
                team_id=person.team_id,
                person_id=person.id,
                goal_id=goal.id,
                progress=progress,
                note=note,
                now=deps.clock.now(),
            )
        goals = goals_service.list_goals(session, team_id=person.team_id, person_id=person.id)
    if change is None:
        return
    _, meta = blocks.read_goal_meta(str(body["view"].get("private_metadata") or ""))
    notice = saved.goal_saved_notice(
        change.goal, milestone=progress is None, changed=change.changed
    )
    message = blocks.build_goals_message(goals, notice=notice)
    confirm_saved(client, deps, person, read_origin(meta), message)
    if change.celebrate:
        celebrate(client, deps, person, change.goal)


def celebrate(client: WebClient, deps: Deps, person: Person, goal: goals_service.GoalView) -> None:
    """Congratulate in the DM; a channel only hears of it if the person clicks Share."""
    message = blocks.build_celebration_message(goal)
    client.chat_postMessage(
        channel=dm_channel(client, deps, person), text=message["text"], blocks=message["blocks"]
    )
    publish_home(client, deps, person)
