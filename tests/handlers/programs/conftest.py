"""The programs' handler tests start from a team with an admin and people to enrol."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from playground.harness import Harness
from tests.handlers.programs.enrolment_helpers import setup_team


@pytest.fixture
def h(harness: Harness) -> Iterator[Harness]:
    yield setup_team(harness)
