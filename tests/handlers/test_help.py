"""/mentor help through the real HTTP path: the first handler test."""

from __future__ import annotations

from playground.harness import Harness


def test_mentor_help_answers_ephemerally(harness: Harness) -> None:
    result = harness.command("U1", "/mentor", "help")
    assert result.status == 200
    answer = result.json
    assert answer["response_type"] == "ephemeral"
    assert "Start with /reflect" in answer["text"]
    rendered = str(answer["blocks"])
    for command in ("/reflect", "/find-mentor", "/mentor profile", "/mentoring-summary"):
        assert command in rendered
    for benefit in ("Guidance", "Network", "Skills", "Confidence"):
        assert benefit in rendered


def test_bare_mentor_means_help(harness: Harness) -> None:
    assert "Start with /reflect" in harness.command("U1", "/mentor").json["text"]


def test_unknown_subcommand_lists_the_choices(harness: Harness) -> None:
    answer = harness.command("U1", "/mentor", "<!channel> dance").json
    assert "help" in answer["text"]
    assert "<!channel>" not in answer["text"]
    assert "&lt;!channel&gt;" in answer["text"]


def test_mentor_help_on_postgres(postgres_url: str) -> None:
    from storage.migrate import upgrade

    upgrade(postgres_url)
    with Harness(postgres_url) as running:
        answer = running.command("U1", "/mentor", "help").json
        assert "Start with /reflect" in answer["text"]
        event = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
        running.event(event, event_id="EvPG")
        running.event(event, event_id="EvPG", retry_num=1)
        from sqlmodel import func, select

        from storage.models import ProcessedEvent

        with running.db.begin() as session:
            assert session.exec(select(func.count()).select_from(ProcessedEvent)).one() == 1
