"""Dependencies point one way: handlers -> bot.services -> storage; Slack stays at the edge."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLACK_ALLOWED = (
    "handlers/",
    "bot/app.py",
    "bot/cli/",
    "bot/socket_mode.py",  # the Socket Mode client: wiring, like server.py
    "bot/server.py",
    "bot/oauth.py",
    "bot/preflight.py",  # the start-up check of Slack: wiring, like oauth.py
    "bot/scheduler/",  # the scheduler pass is an edge like handlers: it sends
    "playground/",
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _sources(*packages: str) -> list[Path]:
    return [p for pkg in packages for p in (ROOT / pkg).rglob("*.py")]


def test_slack_only_at_the_edge() -> None:
    for path in _sources("bot", "handlers", "storage", "playground"):
        rel = path.relative_to(ROOT).as_posix()
        slack = {m for m in _imports(path) if m.split(".")[0] in ("slack_bolt", "slack_sdk")}
        if slack:
            assert rel.startswith(SLACK_ALLOWED), f"{rel} imports {sorted(slack)}"


def test_storage_imports_only_the_database_layer() -> None:
    for path in _sources("storage"):
        for module in _imports(path):
            top = module.split(".")[0]
            assert top not in ("bot", "handlers"), f"{path.name} imports {module}"


def test_services_do_not_import_handlers() -> None:
    for path in _sources("bot/services"):
        for module in _imports(path):
            assert not module.startswith("handlers"), f"{path.name} imports {module}"
