"""Where the scheduler sits: an edge like handlers. It imports services, storage and Block Kit
builders; services and storage never import it; handlers use only its report (the type every
source of a pass fills in); and no import cycle runs through it, imports inside functions
included (bot/scheduler/registry.py's imports of bot/scheduler/kinds/* included too)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "storage", "playground")
REPORT = {"bot.scheduler", "bot.scheduler.report"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def _imported(path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """Every module of ours that `path` imports, at any depth of its code."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                yield child if child in modules else node.module


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {
        name: {m for m in _imported(path, modules) if m in modules}
        for name, path in modules.items()
    }
    kinds = {name for name in modules if name.startswith("bot.scheduler.kinds.")}
    graph["bot.scheduler.registry"] |= kinds  # found with importlib, not an import statement
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_services_and_storage_never_import_the_scheduler() -> None:
    for name, imports in _graph().items():
        if name.startswith(("bot.services", "storage")):
            assert not {m for m in imports if m.startswith("bot.scheduler")}, name


def test_handlers_use_only_the_scheduler_report() -> None:
    for name, imports in _graph().items():
        if name.startswith("handlers"):
            assert {m for m in imports if m.startswith("bot.scheduler")} <= REPORT, name


def test_no_import_cycle_runs_through_the_scheduler() -> None:
    through = [c for c in _cycles(_graph()) if any(m.startswith("bot.scheduler") for m in c)]
    assert through == []
