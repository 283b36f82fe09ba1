"""One rule for data access: every query lives in storage/repositories.

Services own the unit of work (a session from `db.begin()`), read rows through repositories
(or `session.get` by primary key), change them and `session.add` / `flush` them; they never build
or run a query. Storage imports only the database layer (and Alembic, for migrations).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# From sqlmodel a service may name the session and the model base, nothing that builds SQL.
SQLMODEL_ALLOWED = frozenset({"Session", "SQLModel"})
RUNS_SQL = frozenset({"exec", "execute", "connection", "scalar", "scalars"})
# Modules allowed to keep their queries while they move (none left).
NOT_YET_MOVED: frozenset[str] = frozenset()
STORAGE_MAY_IMPORT = frozenset({"sqlmodel", "sqlalchemy", "alembic", "storage"})


def _service_files() -> list[Path]:
    files = sorted((ROOT / "bot" / "services").rglob("*.py"))
    return [p for p in files if p.relative_to(ROOT).as_posix() not in NOT_YET_MOVED]


def _query_building(path: Path) -> list[str]:
    """What in the module builds or runs a query (imports inside functions included)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            top = node.module.split(".")[0]
            names = {alias.name for alias in node.names}
            # A service may catch the errors of its own unit of work (sqlalchemy.exc).
            database_errors = node.module == "sqlalchemy.exc"
            if (top == "sqlalchemy" and not database_errors) or (
                top == "sqlmodel" and names - SQLMODEL_ALLOWED
            ):
                found.append(f"line {node.lineno}: from {node.module} import {sorted(names)}")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {alias.name}"
                for alias in node.names
                if alias.name.split(".")[0] == "sqlalchemy"
            ]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in RUNS_SQL:
                found.append(f"line {node.lineno}: .{node.func.attr}(...)")
    return found


def test_services_hold_no_sql() -> None:
    offenders = {
        path.relative_to(ROOT).as_posix(): found
        for path in _service_files()
        if (found := _query_building(path))
    }
    assert offenders == {}, "move these queries to storage/repositories: " + repr(offenders)


def test_the_check_sees_a_query() -> None:
    sample = ROOT / "storage" / "repositories" / "reflections.py"
    assert _query_building(sample), "the check must notice select() and session.exec()"


def test_storage_imports_only_the_database_layer() -> None:
    for path in sorted((ROOT / "storage").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                allowed = top in STORAGE_MAY_IMPORT or top in sys.stdlib_module_names
                assert allowed, f"{path.relative_to(ROOT)} imports {module}"
