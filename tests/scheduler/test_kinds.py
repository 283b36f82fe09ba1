"""The registry of delivery kinds: one declaration per kind, in step with what the database
stores, each with a builder that renders valid Block Kit, and no kind named by a bare string
anywhere else in the code."""

from __future__ import annotations

import ast
import importlib
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from bot.scheduler import kinds
from bot.scheduler.messages import build_delivery_message
from bot.scheduler.registry import CIRCLE_PLANNED, FIXED_DAY, KINDS, PLANNED
from bot.services import meeting_dates
from bot.services.circles import rhythm
from handlers.meetings import blocks
from playground.blockkit_rules import check_blocks
from storage.engine import Database
from storage.models import Delivery
from storage.models.deliveries import KIND_LABELS
from tests.handlers.test_scheduler_blocks import _ctx
from tests.scheduler.helpers import make_pair

ROOT = Path(__file__).resolve().parents[2]
VOCABULARY = "storage/models/deliveries.py"  # the names below the scheduler (see its comment)
MONDAY = datetime(2026, 11, 30, 9, tzinfo=UTC)


def _context(kind: str, recipient: str) -> blocks.DeliveryContext:
    return replace(_ctx(kind, recipient), skill_label="Python", today=date(2026, 12, 2))


def test_every_stored_kind_has_one_declaration_and_every_declaration_is_stored() -> None:
    assert sorted(KINDS) == sorted(KIND_LABELS)
    for name, kind in KINDS.items():
        assert kind.name == name and kind.label == KIND_LABELS[name]


def test_labels_are_unique() -> None:
    labels = [kind.label for kind in KINDS.values()]
    assert len(set(labels)) == len(labels)


def test_each_kind_is_its_own_module_named_after_it() -> None:
    modules = sorted(p.stem for p in Path(kinds.__file__).parent.glob("*.py"))
    assert modules == sorted(["__init__", *KINDS])
    for name in KINDS:
        module = importlib.import_module(f"bot.scheduler.kinds.{name}")
        assert module.KIND is KINDS[name]


@pytest.mark.parametrize("name", sorted(KINDS))
@pytest.mark.parametrize("recipient", ["UE", "UM", ""])
def test_every_builder_renders_valid_block_kit_with_a_text_fallback(
    name: str, recipient: str
) -> None:
    kind = KINDS[name]
    message = kind.build(_context(name, recipient))
    assert isinstance(message["text"], str) and message["text"].strip()
    assert message["blocks"] and check_blocks(message["blocks"]) == []
    sent = build_delivery_message(_context(name, recipient))
    assert check_blocks(sent["blocks"]) == []
    assert sent["text"] == message["text"]
    footer = [b for b in sent["blocks"] if b.get("block_id") == "sched_footer"]
    assert len(footer) == (1 if kind.footer else 0)


def test_planners_and_days_agree_with_what_a_meeting_brings() -> None:
    assert [kind.name for kind in PLANNED] == ["meeting_prompt", "pulse"]
    assert [kind.name for kind in CIRCLE_PLANNED] == ["circle_prompt", "circle_pulse"]
    assert sorted(FIXED_DAY) == sorted(
        (*meeting_dates.MEETING_MESSAGES, *rhythm.CIRCLE_MEETING_MESSAGES)
    )
    for kind in KINDS.values():
        assert kind.keeps_its_day <= kind.fixed_day  # only a fixed day can be kept
        assert kind.expires is None or kind.fixed_day


def test_what_the_planners_store_is_declared(db: Database) -> None:
    pair = make_pair(db, MONDAY)
    with db.begin() as session:
        for kind in PLANNED:
            assert kind.planner is not None
            kind.planner(session, pair, MONDAY)
        stored = set(session.exec(select(Delivery.kind)).all())
    assert stored == {"meeting_prompt", "prepare", "checkin", "pulse"}
    assert stored <= set(KINDS)


# --- no kind named by a bare string outside the vocabulary ---------------------------------------


def _kind_names(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and n.value in KINDS]


def _mentions_kind(node: ast.AST) -> bool:
    return any(
        (isinstance(n, ast.Attribute) and n.attr.endswith("kind"))
        or (isinstance(n, ast.Name) and n.id.endswith("kind"))
        for n in ast.walk(node)
    )


def kind_literals(source: str) -> list[tuple[int, str]]:
    """(line, literal) of each kind named by a string where a kind is meant: compared with a
    `kind`, passed as `kind=`, as a constant, in a table of kinds, or opening a key."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Compare) and _mentions_kind(node):
            names = _kind_names(node)
        elif isinstance(node, ast.keyword) and (node.arg or "").endswith("kind"):
            names = _kind_names(node.value)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            constants = [t for t in node.targets if isinstance(t, ast.Name) and t.id.isupper()]
            names = _kind_names(node.value) if constants else []
        elif isinstance(node, ast.Set | ast.List | ast.Tuple | ast.Dict):
            elements = node.keys if isinstance(node, ast.Dict) else node.elts
            direct = [e.value for e in elements if isinstance(e, ast.Constant) and e.value in KINDS]
            names = direct if len(direct) >= 2 else []
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [k for k in KINDS if node.value.startswith(f"{k}:")]
        found += [(getattr(node, "lineno", 0), name) for name in names]
    return found


def test_the_literal_check_finds_what_the_old_tables_looked_like() -> None:
    old = """
RECURRING = frozenset({"meeting_prompt", "prepare", "checkin", "pulse"})
LABELS = {"gratitude": "gratitude reminders", "pulse": "pulse questions"}
PROMPT = "meeting_prompt"
planner = plan_meeting if kind == "meeting_prompt" else plan_pulse
for kind in ("meeting_prompt", "pulse"): pass
if row.kind == "skill_watch": pass
enqueue(session, kind="adapt_ask", key=f"adapt_ask:{person.id}")
"""
    assert len(kind_literals(old)) == 13
    homonyms = """
__tablename__ = "skill_watch"
checkin = and_(col(Meeting.source) == "checkin", held <= due_until)
source: str = Field(default="checkin", max_length=16)
TABLES = ("skill_gap", "skill_watch", "reflection")
SUBCOMMANDS = [("checkin", handle_checkin), ("pause", handle_pause)]
"""
    assert kind_literals(homonyms) == []


def test_no_kind_is_named_by_a_string_outside_the_vocabulary() -> None:
    found = []
    for package in ("bot", "handlers", "storage", "playground"):
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel == VOCABULARY or rel.startswith("storage/migrations/"):
                continue
            found += [f"{rel}:{line}: {name!r}" for line, name in kind_literals(path.read_text())]
    assert found == [], "name kinds by storage.models.deliveries' constants:\n" + "\n".join(found)
