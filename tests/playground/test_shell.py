"""`mentorbot shell` end to end: the real app, the emulator, signed requests, typed commands.

Test-only listeners (a `/mentor widgets` subcommand, `pg_*` actions and a `pg_form` modal) give
the playground every kind of message, control and modal field to work with, whatever features
are merged; they go through exactly the same HTTP path as the app's own listeners.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import Ack, App, Respond, Say
from slack_sdk import WebClient

from bot.cli import main
from handlers.slack.subcommands import SubcommandCall, mentor_subcommands
from playground import demo_workspace
from playground.harness import Harness
from playground.output import Output
from playground.session import Playground, counted, open_playground
from playground.shell import is_comment, run_script
from playground.signed_client import HttpResult
from storage.models import MentorProfile, Pair, Person

LEVELS = [
    {"text": {"type": "plain_text", "text": "Beginner"}, "value": "1"},
    {"text": {"type": "plain_text", "text": "Expert"}, "value": "3"},
]
FORM = {
    "type": "modal",
    "callback_id": "pg_form",
    "title": {"type": "plain_text", "text": "Widget form"},
    "submit": {"type": "plain_text", "text": "Save"},
    "blocks": [
        {
            "type": "input",
            "block_id": "title",
            "label": {"type": "plain_text", "text": "Title"},
            "element": {"type": "plain_text_input", "action_id": "v"},
        },
        {
            "type": "input",
            "block_id": "level",
            "label": {"type": "plain_text", "text": "Level"},
            "element": {"type": "static_select", "action_id": "v", "options": LEVELS},
        },
        {
            "type": "input",
            "block_id": "when",
            "optional": True,
            "label": {"type": "plain_text", "text": "When"},
            "element": {"type": "datepicker", "action_id": "v"},
        },
    ],
}


def _widgets(call: SubcommandCall) -> None:
    call.ack()
    channel = call.client.conversations_open(users=call.user_id)["channel"]["id"]
    select = {
        "type": "static_select",
        "action_id": "pg_pick",
        "placeholder": {"type": "plain_text", "text": "Level"},
        "options": LEVELS,
    }
    call.client.chat_postMessage(
        channel=channel,
        text="Widgets",
        blocks=[
            {"type": "header", "text": {"type": "plain_text", "text": "Widgets"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": "For <@U0BEN> &amp; you"}},
            {
                "type": "actions",
                "block_id": "w",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "pg_open",
                        "value": "42",
                        "text": {"type": "plain_text", "text": "Open form"},
                    },
                    select,
                    {
                        "type": "button",
                        "action_id": "pg_boom",
                        "text": {"type": "plain_text", "text": "Boom"},
                    },
                ],
            },
        ],
    )
    call.client.chat_postEphemeral(
        channel=call.body["channel_id"], user=call.user_id, text="Only you see this"
    )
    call.respond(text="Widgets sent to your DM")


def _add_listeners(app: App) -> None:
    @app.action("pg_open")
    def handle_open(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        assert body["actions"][0]["value"] == "42"
        assert body.get("message", {"text": "Widgets"})["text"] == "Widgets"
        client.views_open(trigger_id=body["trigger_id"], view=FORM)

    @app.action("pg_pick")
    def handle_pick(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        respond(text=f"You picked {body['actions'][0]['selected_option']['value']}")

    @app.view("pg_form")
    def handle_form(
        ack: Ack, view: dict[str, Any], body: dict[str, Any], client: WebClient
    ) -> None:
        values = view["state"]["values"]
        title = values["title"]["v"]["value"]
        if title == "bad":
            ack(response_action="errors", errors={"title": "Pick another title"})
            return
        ack()
        level = values["level"]["v"]["selected_option"]["value"]
        when = values["when"]["v"]["selected_date"]
        channel = client.conversations_open(users=body["user"]["id"])["channel"]["id"]
        client.chat_postMessage(channel=channel, text=f"Saved {title} at level {level} on {when}")

    @app.event("app_home_opened")
    def handle_home(event: dict[str, Any], client: WebClient) -> None:
        home = {
            "type": "home",
            "blocks": [
                {"type": "header", "text": {"type": "plain_text", "text": "Widget home"}},
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": "pg_open",
                            "value": "42",
                            "text": {"type": "plain_text", "text": "Open form"},
                        }
                    ],
                },
            ],
        }
        client.views_publish(user_id=event["user"], view=home)

    @app.event("message", matchers=[lambda body: body["event"].get("text") == "pg ping"])
    def handle_ping(say: Say) -> None:
        say("pong")

    @app.action("pg_boom")
    def handle_boom(ack: Ack) -> None:
        ack()
        raise RuntimeError("kaboom")

    # Ours first, so a feature's own listener for the same event cannot shadow them.
    listeners = app._listeners
    ours = listeners[-6:]
    del listeners[-6:]
    listeners[:0] = ours


@pytest.fixture
def harness(sqlite_url: str) -> Iterator[Harness]:
    with Harness(sqlite_url) as running:
        mentor_subcommands(running.app).add("widgets", _widgets)
        _add_listeners(running.app)
        yield running


class Typist:
    """Answers modal fields from a list, like a script would."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        return self.answers.pop(0) if self.answers else None


@pytest.fixture
def session(harness: Harness) -> Iterator[tuple[Playground, io.StringIO]]:
    stream = io.StringIO()
    playground = open_playground(harness, Output(stream, colour=False), with_demo=True)
    yield playground, stream
    playground.close()


def _run(pg: Playground, stream: io.StringIO, line: str, ask: Typist | None = None) -> list[str]:
    stream.seek(0)
    stream.truncate()
    ok = pg.run_line(line, ask or Typist())
    lines = stream.getvalue().splitlines()
    assert "Traceback" not in stream.getvalue()
    return [f"ok={ok}", *lines]


# --- bad input: one line, never a traceback, the session goes on ------------------------------


@pytest.mark.parametrize(
    ("line", "explanation"),
    [
        ("", "  ! empty line: type a command, or `help` for the list"),
        (
            "/nope",
            "  ! /nope is not a command of this app; try /reflect, /find-mentor, /mentor, "
            "/mentoring-summary",
        ),
        ("click 99", "  ! nothing to click: no buttons were shown yet"),
        ("as @nobody", "  ! nobody called @nobody here; `people` lists who is"),
        ("wait banana", "  ! wait how long? e.g. `wait 3d`, `wait 2h`, `wait 1w 2d`"),
        ("submit", "  ! no modal is open"),
        ("channel #nowhere", "  ! there is no #nowhere here"),
    ],
)
def test_bad_input_is_one_line_and_the_session_goes_on(
    session: tuple[Playground, io.StringIO], line: str, explanation: str
) -> None:
    pg, stream = session
    assert _run(pg, stream, line) == ["ok=False", explanation]
    assert _run(pg, stream, "/mentor help")[:3] == [
        "ok=True",
        "  mentorbot, only to you:",
        "    == Find a mentor, grow with one ==",
    ]


def test_click_beyond_the_buttons_shown(session: tuple[Playground, io.StringIO]) -> None:
    pg, stream = session
    _run(pg, stream, "/mentor widgets")
    assert _run(pg, stream, "click 99") == [
        "ok=False",
        "  ! there is no button 99; the last shown are 1-3",
    ]
    assert _run(pg, stream, "click Nope") == [
        "ok=False",
        "  ! no button labelled 'Nope'; click one by number",
    ]
    assert _run(pg, stream, "click 2") == [
        "ok=False",
        "  ! 'Level ▾ (Beginner / Expert)' needs a choice: click 2 <number or label>",
    ]


def test_an_empty_required_modal_field_is_explained_and_asked_again(
    session: tuple[Playground, io.StringIO],
) -> None:
    pg, stream = session
    _run(pg, stream, "/mentor widgets")
    typist = Typist("", "Pairing", "1", "")
    out = _run(pg, stream, "click Open form", typist)
    assert out[0] == "ok=False"  # the empty answer counts as a failed input in a script
    assert "  ! 'Title' is required" in out
    assert typist.prompts[:2] == ["    Title: ", "    Title: "]
    assert "  mentorbot in your DM:" in out
    assert "    Saved Pairing at level 1 on None" in out


def test_status_errors_are_explained(session: tuple[Playground, io.StringIO]) -> None:
    pg, _stream = session
    with pytest.raises(Exception, match="no listener for a DM message"):
        pg._check_status(HttpResult(404, "", {}), "a DM message")
    with pytest.raises(Exception, match="HTTP 500"):
        pg._check_status(HttpResult(500, "", {}), "the click")


# --- what the bot sent -----------------------------------------------------------------------


def test_a_command_shows_dm_ephemeral_and_response(
    session: tuple[Playground, io.StringIO],
) -> None:
    pg, stream = session
    assert _run(pg, stream, "/mentor widgets") == [
        "ok=True",
        "  mentorbot in your DM:",
        "    == Widgets ==",
        "    For @ben & you",
        "    [1] Open form   [2] Level ▾ (Beginner / Expert)   [3] Boom",
        "  mentorbot, only to you, in #general:",
        "    Only you see this",
        "  mentorbot, only to you:",
        "    Widgets sent to your DM",
    ]


def test_switching_user_forgets_the_buttons_shown(
    session: tuple[Playground, io.StringIO],
) -> None:
    pg, stream = session
    assert _run(pg, stream, "as @Ben") == ["ok=True", "  you are now @ben"]
    assert "  mentorbot in your DM:" in _run(pg, stream, "/mentor widgets")
    _run(pg, stream, "as @ana")
    assert _run(pg, stream, "click 1") == [
        "ok=False",
        "  ! nothing to click: no buttons were shown yet",
    ]


def test_a_menu_choice_is_sent_and_the_response_url_answer_shown(
    session: tuple[Playground, io.StringIO],
) -> None:
    pg, stream = session
    _run(pg, stream, "/mentor widgets")
    assert _run(pg, stream, "click 2 Expert") == [
        "ok=True",
        "  mentorbot, only to you:",
        "    You picked 3",
    ]


def test_modal_errors_from_the_app_are_shown_and_the_field_asked_again(
    session: tuple[Playground, io.StringIO],
) -> None:
    pg, stream = session
    _run(pg, stream, "/mentor widgets")
    typist = Typist("bad", "2", "2026-12-07", "good")
    out = _run(pg, stream, "click 1", typist)
    assert out == [
        "ok=True",
        "  [modal] Widget form",
        "    Title: [text]",
        "    Level: choose ▾ (Beginner / Expert)",
        "    When (optional): date: YYYY-MM-DD",
        "    (Save)   (Cancel)",
        "    1) Beginner",
        "    2) Expert",
        "  ! Title: Pick another title",
        "  (modal submitted and closed)",
        "  mentorbot in your DM:",
        "    Saved good at level 3 on 2026-12-07",
    ]
    assert typist.prompts == [
        "    Title: ",
        "    Level (a number): ",
        "    When (YYYY-MM-DD; optional; '-' clears): ",
        "    Title: ",
    ]
    assert pg.modals == []


def test_cancel_closes_the_modal(session: tuple[Playground, io.StringIO]) -> None:
    pg, stream = session
    _run(pg, stream, "/mentor widgets")
    out = _run(pg, stream, "click 1", Typist("cancel"))
    assert out[-1] == "  (modal closed)"
    assert pg.modals == []


def test_home_shows_the_app_home_with_its_buttons(
    session: tuple[Playground, io.StringIO],
) -> None:
    pg, stream = session
    assert _run(pg, stream, "home") == [
        "ok=True",
        "  == App Home ==",
        "    == Widget home ==",
        "    [1] Open form",
    ]
    out = _run(pg, stream, "click 1", Typist("from home", "1", "-"))
    assert "    Saved from home at level 1 on None" in out


def test_plain_text_goes_to_the_dm(session: tuple[Playground, io.StringIO]) -> None:
    pg, stream = session
    assert _run(pg, stream, "pg ping") == ["ok=True", "  mentorbot in your DM:", "    pong"]
    assert _run(pg, stream, "say pg ping") == ["ok=True", "  mentorbot in your DM:", "    pong"]
    assert _run(pg, stream, "say") == ["ok=False", "  ! say what? e.g. `say help`"]


def test_slash_commands_run_in_the_chosen_channel(
    session: tuple[Playground, io.StringIO],
) -> None:
    pg, stream = session
    assert _run(pg, stream, "channel dm") == ["ok=True", "  slash commands now run in your DM"]
    assert "  mentorbot, only to you, in your DM:" in _run(pg, stream, "/mentor widgets")
    assert _run(pg, stream, "channel #python") == [
        "ok=True",
        "  slash commands now run in #python",
    ]
    assert _run(pg, stream, "channel #team-design") == [
        "ok=False",
        "  ! @ana is not in #team-design",
    ]


def test_a_listener_that_raises_is_one_line(session: tuple[Playground, io.StringIO]) -> None:
    pg, stream = session
    _run(pg, stream, "/mentor widgets")
    out = _run(pg, stream, "click Boom")
    assert out[0] == "ok=False"  # what the app sent (its apology, on main) comes first
    assert out[-1] == "  ! the app failed (listener failed: RuntimeError: kaboom)"
    assert _run(pg, stream, "time")[0] == "ok=True"


# --- time ------------------------------------------------------------------------------------


def test_wait_runs_an_hourly_pass_and_moves_the_clock(
    session: tuple[Playground, io.StringIO],
) -> None:
    pg, stream = session
    # What the passes send depends on the merged features; the clock and the count do not.
    out = _run(pg, stream, "wait 1d 2h")
    assert out[0] == "ok=True"
    assert out[-1].startswith(
        "  it is now Wed 02 Dec 2026 12:00 for @ana (Europe/Berlin), 11:00 UTC (26 scheduler passes"
    )
    assert pg.harness.clock.now().isoformat() == "2026-12-02T11:00:00+00:00"
    out = _run(pg, stream, "wait until 2026-12-07 10:00")
    assert out[-1].startswith(
        "  it is now Mon 07 Dec 2026 10:00 for @ana (Europe/Berlin), 09:00 UTC "
        "(118 scheduler passes"
    )
    assert _run(pg, stream, "wait until 2026-12-01 10:00") == [
        "ok=False",
        "  ! that is not in the future; it is Mon 07 Dec 2026 10:00 for @ana (Europe/Berlin), "
        "09:00 UTC",
    ]
    assert _run(pg, stream, "wait 400d") == ["ok=False", "  ! wait at most a year at a time"]


def test_wait_counts_in_words(session: tuple[Playground, io.StringIO]) -> None:
    pg, stream = session
    out = _run(pg, stream, "wait 1h")
    assert out[-1].endswith("(1 scheduler pass)") or "(1 scheduler pass;" in out[-1]
    assert not any("(s)" in line for line in out)
    assert counted(1, "message") == "1 message" and counted(9, "message") == "9 messages"


# --- the demo workspace and the database -----------------------------------------------------


def test_demo_seeds_people_mentors_pairs_in_the_database(
    session: tuple[Playground, io.StringIO],
) -> None:
    pg, _stream = session
    from sqlmodel import func, select

    with pg.harness.db.begin() as s:
        assert s.exec(select(func.count()).select_from(Person)).one() == 20
        assert s.exec(select(func.count()).select_from(MentorProfile)).one() == 7
        pairs = s.exec(select(Pair)).all()
    assert len(pairs) == len(demo_workspace.PAIRS) == 3
    assert all(pair.group_channel_id and pair.group_channel_id.startswith("G") for pair in pairs)
    teams = {p.team for p in demo_workspace.PEOPLE}
    assert len(teams) == 3 and len({p.tz for p in demo_workspace.PEOPLE}) >= 5


# --- script mode and the command line --------------------------------------------------------


def test_run_script_echoes_commands_and_answers(
    session: tuple[Playground, io.StringIO],
) -> None:
    pg, stream = session
    lines = [
        "# a comment",
        "/mentor widgets",
        "",
        "click Open form",
        "Ship",
        "# the level",
        "2",
        "",
    ]
    assert run_script(pg, lines, pg.out) == 0
    transcript = stream.getvalue().splitlines()
    assert transcript[0] == "ana> /mentor widgets"
    assert "ana> click Open form" in transcript
    assert "    Title: Ship" in transcript
    assert "    Level (a number): 2" in transcript
    assert "    When (YYYY-MM-DD; optional; '-' clears): " in transcript
    assert transcript[-1] == "    Saved Ship at level 3 on None"


def test_a_channel_typed_in_a_script_is_an_answer_not_a_comment() -> None:
    # A modal's channel field is answered with `#general`; a comment has a space after `#`.
    assert is_comment("# the level") and is_comment("  #") and is_comment("#\tnote")
    assert not is_comment("#general") and not is_comment("  #team-design")


def test_run_script_exit_code_is_1_when_a_command_failed(
    session: tuple[Playground, io.StringIO], capsys: pytest.CaptureFixture[str]
) -> None:
    pg, _stream = session
    assert run_script(pg, ["/mentor help", "click 99", "time"], pg.out) == 1
    assert capsys.readouterr().err == "mentorbot shell: 1 command(s) failed (line 2)\n"


def test_cli_script_and_kept_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTORBOT_ENV_FILE", str(tmp_path / "none.env"))
    script = tmp_path / "journey.txt"
    script.write_text("/mentor help\nas @ben\ntime\n")
    database = tmp_path / "kept.db"
    args = ["shell", "--demo", "--db", str(database), "--script", str(script)]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "ana> /mentor help"
    assert "ben> time" in out
    assert database.exists()
    assert main(args) == 0  # the kept database already has the demo: nothing is doubled
    from storage.engine import Database

    db = Database(f"sqlite:///{database}")
    with db.begin() as s:
        assert len(s.exec(__import__("sqlmodel").select(Person)).all()) == 20
    db.dispose()
    script.write_text("/mentor help\n/nope\n")
    assert main(["shell", "--script", str(script)]) == 1
    assert main(["shell", "--script", str(tmp_path / "missing.txt")]) == 2


def test_cli_refuses_unusable_databases_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTORBOT_ENV_FILE", str(tmp_path / "none.env"))
    script = tmp_path / "s.txt"
    script.write_text("time\n")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all, just text" * 10)
    assert main(["shell", "--db", str(garbage), "--script", str(script)]) == 2
    assert capsys.readouterr().err == (
        f"mentorbot shell: --db {garbage}: not a usable SQLite database (file is not a database)\n"
    )
    missing = tmp_path / "nowhere" / "x.db"
    assert main(["shell", "--db", str(missing), "--script", str(script)]) == 2
    assert (
        capsys.readouterr().err == f"mentorbot shell: --db {missing}: its folder does not exist\n"
    )
