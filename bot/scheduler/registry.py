"""The registry of delivery kinds: every module of bot/scheduler/kinds/, found at import.

Nothing else lists the kinds: a new module there is a new kind. tests/scheduler/test_kinds.py
holds the registry to the names the database stores, and every builder to valid Block Kit.
"""

from __future__ import annotations

import importlib
import pkgutil

from bot.scheduler import kinds
from bot.scheduler.kind import DeliveryKind


def _discover() -> dict[str, DeliveryKind]:
    found: dict[str, DeliveryKind] = {}
    for module_info in sorted(pkgutil.iter_modules(kinds.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{kinds.__name__}.{module_info.name}")
        kind = getattr(module, "KIND", None)
        if not isinstance(kind, DeliveryKind):
            raise TypeError(f"{module.__name__} declares no KIND = DeliveryKind(...)")
        if kind.name in found:
            raise ValueError(f"two declarations of the kind {kind.name!r}")
        found[kind.name] = kind
    return found


KINDS: dict[str, DeliveryKind] = _discover()  # by name, in name order
PLANNED = tuple(kind for kind in KINDS.values() if kind.planner is not None)
CIRCLE_PLANNED = tuple(kind for kind in KINDS.values() if kind.circle_planner is not None)
FIXED_DAY = tuple(name for name, kind in KINDS.items() if kind.fixed_day)


def kind_of(name: str) -> DeliveryKind:
    """The declaration of a stored kind (a KeyError names a kind nobody declared)."""
    return KINDS[name]


def label_of(name: str, default: str) -> str:
    kind = KINDS.get(name)
    return kind.label if kind is not None else default
