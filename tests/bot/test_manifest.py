"""`mentorbot manifest`: what Slack's own manifest schema accepts, for every mode."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource

from bot.cli import main
from bot.manifest import BOT_EVENTS, COMMANDS

SCHEMA_DIR = Path(__file__).parent / "manifest_schema"
_VERSIONED = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"


def _validator() -> jsonschema.Draft7Validator:
    """Slack's entry schema, its versioned schemas resolved to the copies kept here."""
    entry = json.loads((SCHEMA_DIR / "manifest.schema.json").read_text())
    registry: Registry[Any] = Registry().with_resources(
        (f"{_VERSIONED}{name}", Resource.from_contents(json.loads((SCHEMA_DIR / name).read_text())))
        for name in ("manifest.schema.1.0.0.json", "manifest.schema.2.0.0.json")
    )
    return jsonschema.Draft7Validator(entry, registry=registry)


@pytest.fixture
def no_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("SLACK_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MENTORBOT_ENV_FILE", str(tmp_path / "absent.env"))


def _manifest(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["manifest", *args]) == 0, capsys.readouterr().err
    loaded: dict[str, Any] = yaml.safe_load(capsys.readouterr().out)
    return loaded


@pytest.mark.parametrize(
    "args",
    [
        ("--url", "https://bot.example.com"),
        ("--socket",),
        ("--url", "https://bot.example.com", "--multi-workspace"),
    ],
    ids=["http", "socket", "multi-workspace"],
)
def test_slacks_schema_accepts_the_manifest(
    no_env: None, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    manifest = _manifest(capsys, *args)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(manifest)]
    assert errors == []


def test_the_schema_copy_does_refuse_a_broken_manifest(
    no_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """The validation above is not vacuous: the schema is really applied."""
    validator = _validator()
    good = _manifest(capsys, "--url", "https://bot.example.com")
    assert validator.is_valid(good)
    for part, key, value in [
        ("settings", "socket_mode_enabled", "yes"),
        ("features", "colour", "blue"),
        ("oauth_config", "redirect_urls", "https://one.example.com"),
    ]:
        broken = json.loads(json.dumps(good))
        broken[part][key] = value
        assert not validator.is_valid(broken), (part, key)


@pytest.mark.parametrize(
    "url",
    [
        "https://bot.example.com",
        "https://bot.example.com/",
        "https://bot.example.com/slack/events",
        "https://bot.example.com/slack/events/",
    ],
)
def test_url_with_or_without_the_events_path(
    no_env: None, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    manifest = _manifest(capsys, "--url", url)
    events = "https://bot.example.com/slack/events"
    settings = manifest["settings"]
    assert settings["interactivity"]["request_url"] == events
    assert settings["event_subscriptions"]["request_url"] == events
    assert {c["url"] for c in manifest["features"]["slash_commands"]} == {events}
    assert "redirect_urls" not in manifest["oauth_config"]


def test_a_path_prefix_is_kept(no_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = _manifest(capsys, "--url", "https://example.com/mentorbot/slack/events")
    assert manifest["settings"]["interactivity"]["request_url"] == (
        "https://example.com/mentorbot/slack/events"
    )


def test_every_command_event_and_scope(no_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = _manifest(capsys, "--url", "https://bot.example.com")
    assert {c["command"] for c in manifest["features"]["slash_commands"]} == {
        name for name, _, _ in COMMANDS
    }
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == set(BOT_EVENTS)
    assert "chat:write" in manifest["oauth_config"]["scopes"]["bot"]


def test_multi_workspace_lists_the_redirect_url(
    no_env: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_CLIENT_ID", "1.2")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "x")
    manifest = _manifest(capsys, "--url", "https://bot.example.com/slack/events")
    assert manifest["oauth_config"]["redirect_urls"] == [
        "https://bot.example.com/slack/oauth_redirect"
    ]


def test_socket_mode_has_no_urls(no_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = _manifest(capsys, "--socket")
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in json.dumps(manifest) and '"url"' not in json.dumps(manifest)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("--url", "ftp://x"),
            "mentorbot: --url 'ftp://x' is not an https:// URL; Slack sends requests only to "
            "https, e.g. https://mentorbot.example.com",
        ),
        (
            ("--url", "http://bot.example.com"),
            "mentorbot: --url 'http://bot.example.com' is not an https:// URL; Slack sends "
            "requests only to https, e.g. https://mentorbot.example.com",
        ),
        ((), "mentorbot: --url is required: the app's public https:// URL (or --socket)"),
        (
            ("--socket", "--url", "https://x"),
            "mentorbot: --url: Socket Mode needs no public URL; leave --url out",
        ),
    ],
)
def test_a_bad_url_is_one_line(
    no_env: None, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], expected: str
) -> None:
    assert main(["manifest", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == expected + "\n"
