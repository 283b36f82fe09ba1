"""The scripted journey (docs/playground/journey.txt), checked line by line against its transcript.

Reflect, find a mentor, request an intro, accept, a meeting prompt after `wait`, a check-in
answered, thanks sent: all through the real app, as `mentorbot shell --demo --script` runs it.
docs/playground/calendar.txt: a pair picks a meeting time, and the transcript shows the invite
shared in both DMs with its one-line summary (date, time, zone, recurrence).
After an intended change of wording, rewrite the transcripts with
`MENTORBOT_UPDATE_TRANSCRIPT=1 pytest tests/playground/test_journey.py` and read the diff.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
from pathlib import Path

from playground.demo_workspace import PEOPLE
from playground.harness import Harness
from playground.output import Output
from playground.render import render_blocks, render_view
from playground.session import open_playground
from playground.shell import run_script

DOCS = Path(__file__).resolve().parents[2] / "docs" / "playground"
SCRIPT = DOCS / "journey.txt"
TRANSCRIPT = DOCS / "journey.transcript"
# A pair picks a meeting time: the invite shared in both DMs with its one-line summary.
CALENDAR_SCRIPT = DOCS / "calendar.txt"
CALENDAR_TRANSCRIPT = DOCS / "calendar.transcript"
# A program from the admin's modal to its report, through enrolment, a round, both checkpoints.
PROGRAM_SCRIPT = DOCS / "program.txt"
PROGRAM_TRANSCRIPT = DOCS / "program.transcript"
# A circle from its modal to its closing: joins, a question, a check-in, a leaver, a member who
# stops answering (asked alone), and the mentor's close from the App Home.
CIRCLE_SCRIPT = DOCS / "circle.txt"
CIRCLE_TRANSCRIPT = DOCS / "circle.transcript"
# A peer pair: found both ways, asked, accepted, met, thanked; nobody is mentor or mentee.
PEER_SCRIPT = DOCS / "peer.txt"
PEER_TRANSCRIPT = DOCS / "peer.transcript"
INVITE_LINE = "📅 mentoring.ics: Tue 8 Dec 2026 09:00-09:30 Europe/Berlin, every week"
# The features the journey walks through; when one moves, the test fails until this follows.
NAMES = {person.user_id: person.name for person in PEOPLE}
FEATURES = (
    "handlers.reflection.commands",
    "handlers.matching.commands",
    "handlers.meetings.actions",
)


def _missing_features() -> list[str]:
    return [name for name in FEATURES if importlib.util.find_spec(name) is None]


def test_the_journey_transcript_line_by_line(harness: Harness) -> None:
    # A moved feature fails here instead of skipping the journey unnoticed: update FEATURES.
    assert not _missing_features(), f"the journey needs {', '.join(_missing_features())}"
    _check_transcript(harness, SCRIPT, TRANSCRIPT)


def test_the_calendar_journey_shows_the_invite_with_its_summary(harness: Harness) -> None:
    actual = _check_transcript(harness, CALENDAR_SCRIPT, CALENDAR_TRANSCRIPT)
    # Both people see the file, each with the same series: the organiser's zone and clock.
    assert [line.strip() for line in actual].count(INVITE_LINE) == 2
    shared = [f for f in harness.emulator.files if f["filename"] == "mentoring.ics"]
    assert len(shared) == 2


def test_the_program_journey_from_the_modal_to_the_report(harness: Harness) -> None:
    actual = _check_transcript(harness, PROGRAM_SCRIPT, PROGRAM_TRANSCRIPT)
    # The announcement went to the channel typed into the modal, and the round was published.
    assert any(call.method == "chat.postMessage" and call.args.get("channel") == "C0GENERAL"
               for call in harness.emulator.calls)  # fmt: skip
    assert any(line.strip().startswith(":white_check_mark: Published.") for line in actual)


def test_the_circle_journey_from_the_modal_to_its_closing(harness: Harness) -> None:
    actual = [line.strip() for line in _check_transcript(harness, CIRCLE_SCRIPT, CIRCLE_TRANSCRIPT)]
    asked = [line for line in actual if line.startswith("Your last three check-ins for")]
    assert len(asked) == 1  # Hugo alone, in his DM
    closed = "The circle has closed, so this cancels its meetings in your calendar"
    assert sum(line.startswith(closed) for line in actual) == 2  # Ben, then Ana when she looks
    cancels = [f for f in harness.emulator.files if f["filename"] == "mentoring-circle.ics"
               and b"METHOD:CANCEL" in f["content"]]  # fmt: skip
    assert len(cancels) == 4  # Chloe when she left; Ben, Ana and Hugo at the closing


def test_the_peer_journey_names_nobody_mentor_or_mentee(harness: Harness) -> None:
    actual = [line.strip() for line in _check_transcript(harness, PEER_SCRIPT, PEER_TRANSCRIPT)]
    reason = "you know Python and want to learn Go; @dev knows Go and wants Python"
    assert reason in actual
    welcome = "you each know what the other wants to learn"
    group = {c.args["channel"] for c in harness.emulator.ok_calls_to("chat.postMessage")
             if welcome in str(c.args.get("text"))}  # fmt: skip
    assert len(group) == 1
    said = [json.dumps(c.args) for c in harness.emulator.calls
            if c.ok and c.args.get("channel") in group]  # fmt: skip
    assert len(said) >= 3  # the welcome, the meeting day, the thanks
    assert not [text for text in said if re.search(r"\bmentee|\bmentor(?!bot)", text)]
    assert "@dev says thank you, @ana!" in actual


def _check_transcript(harness: Harness, script: Path, transcript: Path) -> list[str]:
    """Run the script through the real app and compare what it printed with the transcript."""
    # The script types faster than anyone can; Slack's per-channel post limit would only add
    # Retry-After waits (the app honours them), not change a line of the transcript.
    harness.emulator.set_rate_tiers(False)
    stream = io.StringIO()
    playground = open_playground(harness, Output(stream, colour=False), with_demo=True)
    try:
        code = run_script(
            playground, script.read_text(encoding="utf-8").splitlines(), playground.out
        )
    finally:
        playground.close()
    actual = stream.getvalue().splitlines()
    if os.environ.get("MENTORBOT_UPDATE_TRANSCRIPT"):
        transcript.write_text("\n".join(actual) + "\n", encoding="utf-8")
    expected = transcript.read_text(encoding="utf-8").splitlines()
    for number, (want, got) in enumerate(zip(expected, actual, strict=False), start=1):
        assert got == want, f"{transcript.name} line {number} differs"
    assert len(actual) == len(expected), "the transcript has a different number of lines"
    assert code == 0
    _every_sent_block_renders(harness)
    return actual


def _every_sent_block_renders(harness: Harness) -> None:
    """Everything the app sent on the way (messages, ephemerals, answers, modals, App Home)
    renders without a fallback, a raw mention or an HTML entity."""
    seen_types: set[str] = set()
    for call in harness.emulator.calls:
        view = call.args.get("view") if isinstance(call.args.get("view"), dict) else None
        blocks = (view or {}).get("blocks") or call.args.get("blocks")
        if not call.ok or not isinstance(blocks, list):
            continue
        seen_types.update(str(block.get("type")) for block in blocks)
        rendered = render_view(view, NAMES) if view else render_blocks(blocks, NAMES)
        for line in rendered.lines:
            assert not line.text.endswith(" block]"), (call.method, line.text)
            for raw in ("<@", "<#", "&lt;", "&gt;", "&amp;"):
                assert raw not in line.text, (call.method, line.text)
    assert {"section", "actions", "input", "context"} <= seen_types
