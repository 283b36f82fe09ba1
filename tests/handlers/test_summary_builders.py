"""The summary's skills section, no Slack: only what the service let through is named."""

from __future__ import annotations

from datetime import date

from bot.services.summaries.figures import ChannelSummary, Figure, PeriodFigures, SkillDemand
from bot.services.summaries.periods import windows
from handlers.summaries.blocks import build_posted_summary, build_summary_preview


def _summary(skills: list[SkillDemand], other: Figure) -> ChannelSummary:
    current, previous = windows("30d", today=date(2026, 12, 1), tz_name="UTC")
    figures = PeriodFigures(*[Figure(0, 0)] * len(PeriodFigures.__dataclass_fields__))
    return ChannelSummary(
        channel_id="C1",
        period_key="30d",
        current=current,
        previous=previous,
        members=Figure(20, 20),
        now=figures,
        before=figures,
        skills=skills,
        other_skills=other,
        weeks=[],
    )


def _text(summary: ChannelSummary) -> str:
    preview = build_summary_preview(summary, token="t")
    posted = build_posted_summary(summary, posted_by=None, with_chart=False)
    return str(preview) + str(posted)


def test_other_skills_show_as_a_count_from_five() -> None:
    go = SkillDemand("go", "Go <b>", Figure(6, 6), Figure(2, 2))
    text = _text(_summary([go], Figure(5, 5)))
    assert "*Go &lt;b&gt;*: asked for by 6" in text
    assert "• *Other skills* (typed, not in the list): asked for by 5" in text


def test_other_skills_under_five_are_left_out() -> None:
    text = _text(_summary([], Figure(4, 4)))
    assert "Other skills" not in text
    assert "No listed skill was asked for by 5 or more people yet." in text


def test_peer_pairs_have_their_own_line_hidden_under_five() -> None:
    from dataclasses import replace

    summary = _summary([], Figure(0, 0))
    shown = replace(summary, now=replace(summary.now, peer_pairs=Figure(3, 6)))
    assert "• *Peer pairs:* 3" in _text(shown)
    hidden = replace(summary, now=replace(summary.now, peer_pairs=Figure(2, 4)))
    assert "• *Peer pairs:* hidden (too few people)" in _text(hidden)


def test_circle_figures_have_their_lines_hidden_under_five() -> None:
    from dataclasses import replace

    summary = _summary([], Figure(0, 0))
    now = replace(
        summary.now,
        open_circles=Figure(2, 7),
        people_in_circles=Figure(7, 7),
        circle_meetings=Figure(3, 4),
    )
    text = _text(replace(summary, now=now))
    assert "• *Open circles:* 2" in text and "• *People in circles:* 7" in text
    assert "• *Circle meetings held:* hidden (too few people)" in text
