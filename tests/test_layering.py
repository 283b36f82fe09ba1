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


# --- the import graph, imports inside functions included ---------------------------------------

PACKAGES = ("bot", "handlers", "storage", "playground")
# The domain features of handlers/ (issue 17), each handlers/<feature>/.
FEATURES = frozenset(
    {
        "reflection",
        "matching",
        "profiles",
        "introductions",
        "meetings",
        "goals",
        "summaries",
        "data_rights",
        "talk",
        "home",
        "admin",
        "accounts",
    }
)
# A feature's listener modules: another feature may use its blocks and helpers, never these.
LISTENER_MODULES = frozenset({"commands", "actions", "views", "events"})
# What wires the app together, above handlers (the scheduler pass is an edge like handlers and
# uses their builders, tests/scheduler/test_layering.py); the rest of bot/ is below them.
WIRING = ("bot.app", "bot.cli", "bot.server", "bot.scheduler", "playground")
# ... except the pass's report, which every source of a pass fills in, handlers' too.
REPORT = frozenset({"bot.scheduler", "bot.scheduler.report"})
BELOW_SERVICES = frozenset({"bot.clock"})  # what a service may import from bot/ itself


def _module_files() -> dict[str, Path]:
    """Every module of our packages, by dotted name (a package by its own name)."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py") if (ROOT / package).is_dir() else ():
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _import_graph() -> dict[str, set[str]]:
    """module -> the modules of ours it imports, anywhere in its body (functions too)."""
    files = _module_files()
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                # `from package import module` imports the module; else the names' module.
                targets = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in files else base for a in node.names
                ]
            for target in targets:
                while target and target not in files:  # `import a.b.c` of a name in a.b
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph (as a path that ends where it starts), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)) is not None:
            return found
    return None


def _in(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _feature_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "handlers" and len(parts) > 1 and parts[1] in FEATURES else None


def test_the_import_graph_has_no_cycle() -> None:
    assert _cycle(_import_graph()) is None, " -> ".join(_cycle(_import_graph()) or [])


def test_finds_a_cycle_through_an_import_inside_a_function() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle(graph) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
    # The graph itself sees what a function imports: the app factory imports handlers there.
    assert "handlers" in _import_graph()["bot.app"]


def test_nothing_below_imports_above() -> None:
    """storage <- bot.services <- handlers <- the wiring; bot's own helpers sit below handlers."""
    for module, imported in _import_graph().items():
        for target in imported:
            if _in(module, "storage"):
                assert _in(target, "storage"), f"{module} imports {target}"
            if _in(module, "bot.services"):
                assert _in(target, "bot.services", "storage", *BELOW_SERVICES), (
                    f"{module} imports {target}"
                )
            if _in(target, "handlers") and not _in(module, "handlers"):
                assert _in(module, *WIRING), f"{module} imports {target}"
            if _in(target, *WIRING) and not _in(module, *WIRING) and target not in REPORT:
                raise AssertionError(f"{module} imports the wiring ({target})")


def test_the_slack_edge_imports_no_feature() -> None:
    for module, imported in _import_graph().items():
        if _in(module, "handlers.slack"):
            outside = {t for t in imported if _in(t, "handlers") and not _in(t, "handlers.slack")}
            assert not outside, f"{module} imports {sorted(outside)}"


def test_a_feature_imports_no_other_features_listeners() -> None:
    """handlers/<feature> may use another feature's blocks and helpers, not its listeners."""
    for module, imported in _import_graph().items():
        mine = _feature_of(module)
        if mine is None:
            continue
        for target in imported:
            theirs = _feature_of(target)
            if theirs is None or theirs == mine:
                continue
            tail = target.split(".")[2:]
            assert tail and not _is_listener_module(tail[0]), f"{module} imports {target}"


def _is_listener_module(name: str) -> bool:
    """commands, actions, views, events, or one of several (checkin_actions, say)."""
    return name in LISTENER_MODULES or name.rpartition("_")[2] in LISTENER_MODULES


def test_feature_packages_import_nothing_of_ours_when_loaded() -> None:
    """A feature's __init__ imports its listeners inside register(app) only: loading the
    package (as importing any of its modules does) runs nothing of another feature."""
    for name, path in _module_files().items():
        if _feature_of(name) is None or name.count(".") != 1:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        ours = [
            n.module if isinstance(n, ast.ImportFrom) else n.names[0].name
            for n in top
            if (n.module if isinstance(n, ast.ImportFrom) else n.names[0].name or "").split(".")[0]
            in PACKAGES
        ]
        assert not ours, f"{name} imports {ours} when loaded"
