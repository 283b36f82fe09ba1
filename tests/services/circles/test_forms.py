"""Opening a circle: seats 2-8, a topic, only mentors; the skills as the catalog reads them."""

from __future__ import annotations

import pytest

from bot.services.circles import fit, forms
from storage.engine import Database
from tests.services.circles.builders import NOW, circle_of, mentor, person
from tests.services.matching_fixtures import gaps


def _form(**changes: object) -> forms.CircleForm:
    base: dict[str, object] = {"topic": "Public speaking for engineers", "seats": "4"}
    return forms.CircleForm(**(base | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "seats", ["1", "50", "0", "9", "-3", "four", "", "2.5", "999999", "²", "٣", "４"]
)
def test_seats_outside_two_to_eight_are_refused(seats: str) -> None:
    fields, errors = forms.check_form(_form(seats=seats))
    assert fields is None and "2 to 8 seats" in errors[forms.FIELD_SEATS]


@pytest.mark.parametrize("seats", ["2", "8", " 5 "])
def test_seats_from_two_to_eight_are_kept(seats: str) -> None:
    fields, errors = forms.check_form(_form(seats=seats))
    assert errors == {} and fields is not None and fields.seats == int(seats)


@pytest.mark.parametrize("topic", ["", "   ", "\x00\u200b", "..."])
def test_a_circle_needs_a_topic(topic: str) -> None:
    fields, errors = forms.check_form(_form(topic=topic))
    assert fields is None and forms.FIELD_TOPIC in errors


def test_the_topic_is_cleaned_and_cut() -> None:
    fields, _ = forms.check_form(_form(topic="Go\x00 for   <!channel>  " + "x" * 300))
    assert fields is not None
    assert "\x00" not in fields.topic and fields.topic.startswith("Go for <!channel> x")
    assert len(fields.topic) == forms.MAX_TOPIC


def test_cadence_and_weekday_must_be_ours() -> None:
    _, errors = forms.check_form(_form(cadence="hourly", weekday="6"))
    assert set(errors) == {forms.FIELD_CADENCE, forms.FIELD_WEEKDAY}


def test_only_a_mentor_opens_a_circle(db: Database) -> None:
    with db.begin() as session:
        ana = person(session, "UANA")
        opened = forms.open_circle(session, mentor=ana, form=_form(), now=NOW)
        assert opened.circle is None and "mentor profile" in opened.errors[forms.FIELD_TOPIC]
        paused = mentor(session, "UPAUSED", ["python"], is_open=False)
        assert forms.open_circle(session, mentor=paused, form=_form(), now=NOW).circle is None


def test_a_mentor_opens_a_circle_with_listed_and_typed_skills(db: Database) -> None:
    with db.begin() as session:
        max_ = mentor(session, "UMAX", ["python"])
        form = _form(listed_skills=["Python"], extra_skills="golang, Café culture")
        opened = forms.open_circle(session, mentor=max_, form=form, now=NOW)
        assert opened.circle is not None
        assert opened.circle.skills == ("python", "go", "café culture")
        assert opened.circle.seats_left == 4 and opened.circle.mentor.slack_user_id == "UMAX"


def test_at_most_three_open_circles_per_mentor(db: Database) -> None:
    with db.begin() as session:
        max_ = mentor(session, "UMAX", ["python"])
        for _ in range(forms.MAX_OPEN_CIRCLES):
            circle_of(session, max_)
        opened = forms.open_circle(session, mentor=max_, form=_form(), now=NOW)
        assert opened.circle is None and "close one" in opened.errors[forms.FIELD_TOPIC]


def test_circles_that_fit_the_skill_gaps_rarest_skill_first(db: Database) -> None:
    with db.begin() as session:
        ana = person(session, "UANA")
        gaps(session, ana, ["sql", "python"])
        common_a = circle_of(session, mentor(session, "UM1", ["python"]), skills=("Python",))
        circle_of(session, mentor(session, "UM2", ["python"]), skills=("Python",))
        rare = circle_of(session, mentor(session, "UM3", ["sql"]), skills=("SQL",))
        circle_of(session, mentor(session, "UM4", ["go"]), skills=("Go",))  # no shared skill
        circle_of(session, ana_mentor := mentor(session, "UANA2", ["go"]), skills=("Go",))
        found = fit.circles_for(session, person=ana, wanted=["sql", "python"], now=NOW)
        ids = [m.circle.circle_id for m in found]
        assert ids[0] == rare.circle_id and common_a.circle_id in ids and len(ids) == fit.MAX_SHOWN
        assert found[0].shared == ("sql",) and "knows sql" in found[0].reason
        own = fit.circles_for(session, person=ana_mentor, wanted=["go"], now=NOW)
        assert [m.circle.mentor.slack_user_id for m in own] == ["UM4"]  # not their own
        assert fit.circles_for(session, person=ana, wanted=[], now=NOW) == []


@pytest.mark.parametrize("weekday", ["²", "٣", "-1", "5", "", "x"])
def test_a_weekday_only_a_forged_form_has_is_refused(weekday: str) -> None:
    fields, errors = forms.check_form(_form(weekday=weekday, cadence="weekly"))
    assert fields is None and forms.FIELD_WEEKDAY in errors
