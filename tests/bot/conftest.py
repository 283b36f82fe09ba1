"""Commands run in-process here set up logging as `mentorbot` does; later tests get it back."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _logging_restored() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    named = {
        name: logging.getLogger(name).level
        for name in ("slack_sdk", "slack_sdk.web.base_client", "slack_bolt", "urllib3")
    }
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, saved in named.items():
        logging.getLogger(name).setLevel(saved)
