"""The matching queries on PostgreSQL (stricter about grouping, ordering and LIKE)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.services import network
from bot.services.matching import mentor_pool, searches
from storage.engine import Database
from storage.migrate import upgrade
from storage.models import IntroRequest
from tests.services.matching_fixtures import NOW, TEAM, gaps, mentor, person

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Database]:
    upgrade(postgres_url)
    database = Database(postgres_url)
    yield database
    database.dispose()


def test_search_pipeline_on_postgres(pg: Database) -> None:
    with pg.begin() as session:
        me = mentor(session, "UME", ["sales"], is_open=False, alumni="Uni Lyon", team="Ops")
        mentor(session, "UA", ["python", "public speaking"], team="Data", alumni="UNI LYON")
        mentor(session, "UB", ["python"], team="Ops")
        declined = mentor(session, "UC", ["python"])
        mentor(session, "UD", ["data analysis"], helps_with="DATA stories")
        gaps(session, me, ["python", "public speaking"])
        assert me.id and declined.id
        session.add(
            IntroRequest(
                team_id=TEAM,
                mentee_id=me.id,
                mentor_id=declined.id,
                status="declined",
                created_at=NOW,
                expires_at=NOW,
                answered_at=NOW - timedelta(days=1),
            )
        )
        network.replace_channels(
            session,
            team_id=TEAM,
            channels=[network.ChannelInfo("C1", "python-help", "", "", 5)],
            now=NOW,
        )
        result = searches.start_search(session, person=me, words="", now=NOW)
        assert result.from_reflection
        assert [m.candidate.slack_user_id for m in result.matches] == ["UA", "UB"]
        assert [c.channel_id for c in result.channels] == ["C1"]
        assert [a.slack_user_id for a in result.alumni] == []  # UA is already shown above
        other = searches.start_search(session, person=me, words="data visualisation", now=NOW)
        assert [p.candidate.slack_user_id for p in other.partial] == ["UD"]
        assert {s.label for s in searches.suggested_skills(session, team_id=TEAM, now=NOW)} >= {
            "Python"
        }
        nobody = person(session, "UX")
        assert nobody.id
        seeker = mentor_pool.seeker_for(session, person=nobody, wanted=["python"])
        assert mentor_pool.find_mentors(session, team_id=TEAM, seeker=seeker, now=NOW).total == 3
