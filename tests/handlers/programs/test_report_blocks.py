"""The program report's Block Kit: the figures as shown, hidden ones as the one word, the
program's name escaped, Block Kit limits kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.services.programs.report import ProgramReport
from bot.services.programs.report_answers import RECOMMEND, closeout, distribution, midpoint
from bot.services.summaries.figures import HIDDEN, Figure, WeekMeetings
from handlers.programs.report import blocks
from playground.blockkit_rules import check_blocks

HOSTILE = "<!channel> *Spring* & <https://evil.example|click> \u202e\x00 " + "x" * 120


def _report(name: str = "Spring", *, people: int = 12) -> ProgramReport:
    answers = [(i, "yes" if i < 7 else "no") for i in range(people)]
    return ProgramReport(
        program_id=1,
        program_name=name,
        term_starts_on=date(2026, 9, 1),
        term_ends_on=date(2026, 12, 31),
        today=date(2026, 12, 1),
        mentees=Figure(people, people),
        mentors=Figure(6, 6),
        matched=Figure(people, people),
        match_rate=Figure(1.0, people, "share"),
        pairs_active=Figure(4, 4),
        meetings_held=Figure(1234, 30),
        usefulness=Figure(4.25, 9, "average"),
        weeks=[WeekMeetings(date(2026, 11, 23), Figure(3, 2))],
        midpoint=midpoint([]),
        closeout=replace(closeout([]), recommend=distribution(answers, RECOMMEND)),
    )


def _text(message: dict[str, object]) -> str:
    return str(message["blocks"])


def test_figures_shown_and_hidden() -> None:
    message = blocks.build_report_message(_report(), files_note="The CSV is in our DM.")
    assert check_blocks(message["blocks"]) == []
    text = _text(message)
    assert "*Mentees enrolled:* 12" in text and "*Match rate:* 100%" in text
    assert "*Meetings held:* 1,234" in text and "*Average usefulness:* 4.2 / 5" in text
    assert f"*Pairs active:* {HIDDEN}" in text
    # 7 yes and 5 no: both shown; a choice nobody took is hidden, named with the one word.
    assert f"(12 answers): Yes 7 · No 5 · Maybe: {HIDDEN}" in text
    assert f"*Goal progress:* {HIDDEN}" in text and "*Answers:* " + HIDDEN in text
    assert "The CSV is in our DM." in text and "Term 01 Sep 2026 – 31 Dec 2026" in text


def test_a_program_about_few_people_shows_no_number_of_them() -> None:
    message = blocks.build_report_message(_report(people=4))
    text = _text(message)
    for label in ("Mentees enrolled", "Mentees matched", "Match rate"):
        assert f"*{label}:* {HIDDEN}" in text
    # Nobody's answers: one line for each survey, not one "hidden" per question.
    for title in ("Midpoint survey", "Close-out"):
        assert f"*{title}*\\n• {blocks.HIDDEN_ALL}" in text
    assert "Would recommend" not in text
    assert "Yes 4" not in text and "No " not in text.split("Close-out")[1]


def test_a_hostile_name_is_escaped_and_clipped() -> None:
    message = blocks.build_report_message(_report(HOSTILE))
    assert check_blocks(message["blocks"]) == []
    assert "<!channel>" not in str(message["text"]) and "<https://" not in str(message["text"])
    header = message["blocks"][0]["text"]["text"]  # plain_text: Slack does not parse it
    assert len(header) <= 150 and "\u202e" not in header and "\x00" not in header


def test_answers_without_a_report() -> None:
    refused = blocks.build_report_not_allowed_message()
    assert (
        "for team leads and admins" in refused["text"] and refused["response_type"] == "ephemeral"
    )
    unknown = blocks.build_unknown_program_message("<@U123> " + "y" * 300)
    assert "<@U123>" not in unknown["text"] and len(unknown["text"]) < 300
    assert check_blocks(unknown["blocks"]) == []
    assert "couldn't send the CSV" in blocks.files_note(uploaded=False, with_chart=False)
    assert blocks.files_note(uploaded=True, with_chart=True) == (
        "The CSV and the meetings chart are in our DM."
    )


def test_peer_pairs_have_a_line_only_when_the_program_made_some() -> None:
    assert "Peer pairs" not in _text(blocks.build_report_message(_report()))
    shown = _text(blocks.build_report_message(replace(_report(), peer_pairs=Figure(3, 6))))
    assert "*Peer pairs:* 3" in shown
    hidden = _text(blocks.build_report_message(replace(_report(), peer_pairs=Figure(2, 4))))
    assert f"*Peer pairs:* {HIDDEN}" in hidden and "Peer pairs:* 2" not in hidden
    assert "circle" not in shown.lower()  # circles have no link to a program
