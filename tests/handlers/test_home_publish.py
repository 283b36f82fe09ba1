"""App Home: published only when it changed for that person; a rate-limited publish is retried."""

from __future__ import annotations

import pytest

from playground.harness import Harness
from storage.migrate import upgrade

HOME = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}


@pytest.fixture(autouse=True)
def _person(harness: Harness) -> None:
    harness.emulator.add_user("U1", name="ada")


def _open_home(h: Harness) -> None:
    h.event(dict(HOME))


def test_an_unchanged_home_is_not_published_again(harness: Harness) -> None:
    _open_home(harness)
    _open_home(harness)
    _open_home(harness)
    assert len(harness.emulator.ok_calls_to("views.publish")) == 1


def test_a_changed_home_is_published(harness: Harness) -> None:
    _open_home(harness)
    harness.command("U1", "/reflect")  # the Home now shows a reflection under way
    _open_home(harness)
    published = harness.emulator.ok_calls_to("views.publish")
    assert len(published) == 2
    assert published[0].args["view"] != published[1].args["view"]


def test_a_rate_limited_publish_is_retried_later_not_dropped(harness: Harness) -> None:
    # The client's own three Retry-After retries fail too; the app tries again later.
    harness.emulator.fail_next(4, method="views.publish", status=429, retry_after=0)
    _open_home(harness)
    calls = harness.emulator.calls_to("views.publish")
    assert [c.status for c in calls] == [429, 429, 429, 429, 200]
    _open_home(harness)  # published once it went through: not again
    assert len(harness.emulator.ok_calls_to("views.publish")) == 1


@pytest.mark.postgres
def test_home_hash_on_postgres(postgres_url: str) -> None:
    upgrade(postgres_url)
    with Harness(postgres_url) as running:
        running.emulator.add_user("U1", name="ada")
        _open_home(running)
        _open_home(running)
        assert len(running.emulator.ok_calls_to("views.publish")) == 1
