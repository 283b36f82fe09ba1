"""Hostile input in every free-text field of the journey: nothing pings, links or breaks limits."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from bot.playground.harness import Harness
from tests.handlers.journeys import hostile, run_journey

# What only user input could have put there: the app itself never broadcasts or links out, and
# mentions only the real people of the workspace.
FORBIDDEN = [
    re.compile(r"<!"),
    re.compile(r"<@U123"),
    re.compile(r"<#C123"),
    re.compile(r"<https?://evil"),
    re.compile("[\u202e\u202c\u200f\x00]"),
]
SPOOFED_BOLD = "*Admin notice*"


def _mrkdwn_texts(node: Any, *, plain: bool = False) -> Iterator[tuple[str, bool]]:
    """Every text of a payload with whether Slack parses it as mrkdwn."""
    if isinstance(node, dict):
        kind = node.get("type")
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value, kind != "plain_text" and not plain
            else:
                yield from _mrkdwn_texts(value, plain=plain or kind == "plain_text_input")
    elif isinstance(node, list):
        for item in node:
            yield from _mrkdwn_texts(item, plain=plain)


def _sent_payloads(h: Harness, answers: list[Any]) -> Iterator[tuple[str, Any]]:
    for call in h.emulator.calls:
        if call.method in ("files.completeUploadExternal", "upload_url"):
            continue
        yield call.method, call.args
    for answer in answers:
        if answer.body.strip().startswith("{"):
            yield "http answer", answer.json


def test_hostile_input_everywhere_pings_and_links_nothing(harness: Harness) -> None:
    log = run_journey(harness, hostile)
    refused = [(c.method, c.response.get("error")) for c in harness.emulator.calls if c.refused]
    assert refused == []
    assert all(a.status == 200 for a in log.answers), [a.status for a in log.answers]
    problems = []
    for method, payload in _sent_payloads(harness, log.answers):
        for text, is_mrkdwn in _mrkdwn_texts(payload):
            if not is_mrkdwn:
                continue
            for pattern in FORBIDDEN:
                if pattern.search(text):
                    problems.append((method, pattern.pattern, text[:200]))
            if SPOOFED_BOLD in text:
                problems.append((method, "bold", text[:200]))
    assert problems == []
    sent = json.dumps([c.args for c in harness.emulator.calls], default=str)
    assert "Admin notice" in sent  # the text itself got through
