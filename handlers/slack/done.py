"""A form's button whose work is done (thanks sent, a pair paused or ended): it leaves the
message it was clicked on, a note in its place, every other button kept. Pure builders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Done:
    """A form's button whose work is done: `action_id` with `value` leaves its message (with the
    whole row of buttons when `row`, as after an ending) and `note` takes its place."""

    action_id: str
    value: str
    note: list[dict[str, Any]]
    row: bool = False


def without_done(blocks: list[dict[str, Any]], done: Done) -> list[dict[str, Any]]:
    """The message's blocks with the done button gone and its note where its row was; every
    other button stays. Unchanged when the button is not there."""
    result: list[dict[str, Any]] = []
    found = False
    for block in blocks:
        elements = (block.get("elements") or []) if block.get("type") == "actions" else []
        if found or not any(_is(element, done) for element in elements):
            result.append(block)
            continue
        found = True
        result.extend(done.note)
        kept = [element for element in elements if not _is(element, done)]
        if kept and not done.row:
            result.append({**block, "elements": kept})
    return result if found else blocks


def _is(element: dict[str, Any], done: Done) -> bool:
    return element.get("action_id") == done.action_id and element.get("value") == done.value
