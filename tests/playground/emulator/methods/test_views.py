"""views.open, views.push, views.update and views.publish."""

from __future__ import annotations

from slack_sdk import WebClient

from playground.emulator import SlackEmulator
from tests.playground.emulator.helpers import HOME, TEXT_BLOCK, FakeClock, modal, refusal


def test_views_open_push_update(client: WebClient, emulator: SlackEmulator) -> None:
    opened = client.views_open(
        trigger_id=emulator.new_trigger_id(), view=modal(external_id="goal-1", callback_id="goal")
    )["view"]
    assert opened["id"].startswith("V")
    assert opened["hash"]
    assert opened["callback_id"] == "goal"
    assert emulator.views[opened["id"]]["title"]["text"] == "Set a goal"
    pushed = client.views_push(trigger_id=emulator.new_trigger_id(), view=modal("Step 2"))["view"]
    assert pushed["id"] != opened["id"]
    updated = client.views_update(
        view_id=opened["id"], hash=opened["hash"], view=modal("Saved", external_id="goal-1")
    )
    assert updated["view"]["id"] == opened["id"]
    assert updated["view"]["hash"] != opened["hash"]
    by_external = client.views_update(
        external_id="goal-1", view=modal("Again", external_id="goal-1")
    )
    assert by_external["view"]["id"] == opened["id"]
    assert emulator.views[opened["id"]]["title"]["text"] == "Again"


def test_a_view_belongs_to_the_workspace_whose_token_opened_it(emulator: SlackEmulator) -> None:
    emulator.add_workspace("TB", token="xoxb-team-b")
    other = WebClient(token="xoxb-team-b", base_url=emulator.api_url)
    opened = other.views_open(trigger_id=emulator.new_trigger_id(), view=modal())["view"]
    assert (opened["team_id"], opened["app_installed_team_id"]) == ("TB", "TB")
    assert emulator.calls_to("views.open")[-1].team_id == "TB"


def test_views_publish(client: WebClient, emulator: SlackEmulator) -> None:
    first = client.views_publish(user_id="U1", view=HOME)["view"]
    second = client.views_publish(user_id="U1", view=HOME, hash=first["hash"])["view"]
    assert first["id"] == second["id"]
    assert emulator.home_views["U1"]["blocks"] == TEXT_BLOCK
    assert emulator.views == {}


def test_refuses_views_open_without_view_with_invalid_arguments(
    client: WebClient, emulator: SlackEmulator
) -> None:
    data = refusal(
        client.api_call,
        api_method="views.open",
        json={"trigger_id": emulator.new_trigger_id()},
    )
    assert data["error"] == "invalid_arguments"
    assert "missing required field: view" in data["response_metadata"]["messages"][0]


def test_refuses_invalid_modal_with_invalid_arguments(
    client: WebClient, emulator: SlackEmulator
) -> None:
    trigger = emulator.new_trigger_id()
    data = refusal(client.views_open, trigger_id=trigger, view=modal("x" * 25))
    assert data["error"] == "invalid_arguments"
    assert data["response_metadata"]["messages"] == [
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"
    ]
    client.views_open(trigger_id=trigger, view=modal())  # the refusal did not spend the trigger


def test_refuses_unknown_trigger_with_invalid_arguments(client: WebClient) -> None:
    data = refusal(client.views_open, trigger_id="123.456.abc", view=modal())
    assert data["error"] == "invalid_arguments"
    assert "trigger_id" in data["response_metadata"]["messages"][0]


def test_refuses_expired_trigger_with_expired_trigger_id(
    timed: SlackEmulator, clock: FakeClock
) -> None:
    client = WebClient(token=timed.token, base_url=timed.api_url)
    fresh, stale = timed.new_trigger_id(), timed.new_trigger_id()
    clock.now += 2.9
    client.views_open(trigger_id=fresh, view=modal())
    clock.now += 0.2
    assert refusal(client.views_open, trigger_id=stale, view=modal())["error"] == (
        "expired_trigger_id"
    )


def test_refuses_reused_trigger_with_exchanged_trigger_id(
    client: WebClient, emulator: SlackEmulator
) -> None:
    trigger = emulator.new_trigger_id()
    client.views_open(trigger_id=trigger, view=modal())
    assert refusal(client.views_push, trigger_id=trigger, view=modal())["error"] == (
        "exchanged_trigger_id"
    )


def test_refuses_duplicate_external_id_with_duplicate_external_id(
    client: WebClient, emulator: SlackEmulator
) -> None:
    client.views_open(trigger_id=emulator.new_trigger_id(), view=modal(external_id="x"))
    data = refusal(
        client.views_open, trigger_id=emulator.new_trigger_id(), view=modal(external_id="x")
    )
    assert data["error"] == "duplicate_external_id"


def test_refuses_update_with_stale_hash_with_hash_conflict(
    client: WebClient, emulator: SlackEmulator
) -> None:
    opened = client.views_open(trigger_id=emulator.new_trigger_id(), view=modal())["view"]
    client.views_update(view_id=opened["id"], view=modal("Newer"))
    data = refusal(client.views_update, view_id=opened["id"], hash=opened["hash"], view=modal())
    assert data["error"] == "hash_conflict"


def test_refuses_update_of_unknown_view_with_not_found(client: WebClient) -> None:
    assert refusal(client.views_update, view_id="V404", view=modal())["error"] == "not_found"


def test_refuses_update_without_view_reference_with_invalid_arguments(client: WebClient) -> None:
    data = refusal(client.api_call, api_method="views.update", json={"view": modal()})
    assert data["error"] == "invalid_arguments"


def test_refuses_publish_for_unknown_user_with_invalid_arguments(client: WebClient) -> None:
    data = refusal(client.views_publish, user_id="U404", view=HOME)
    assert data["error"] == "invalid_arguments"
    assert "user_id" in data["response_metadata"]["messages"][0]


def test_refuses_publish_of_a_modal_with_invalid_arguments(client: WebClient) -> None:
    data = refusal(client.views_publish, user_id="U1", view=modal())
    assert data["error"] == "invalid_arguments"
    assert "must be one of home" in data["response_metadata"]["messages"][0]


def test_refuses_publish_with_stale_hash_with_hash_conflict(client: WebClient) -> None:
    first = client.views_publish(user_id="U1", view=HOME)["view"]
    client.views_publish(user_id="U1", view=HOME)
    assert (
        refusal(client.views_publish, user_id="U1", view=HOME, hash=first["hash"])["error"]
        == "hash_conflict"
    )
