"""No hidden figure can be worked out from the shown ones: a total minus the parts shown beside
it is never a figure about fewer than five people (issue 16, item 7)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.services.summaries.disclosure import parts_to_withhold
from bot.services.summaries.figures import PRIVACY_MINIMUM, Figure, trend

people = st.frozensets(st.integers(min_value=1, max_value=12), max_size=8)
weeks = st.lists(st.tuples(people, st.integers(min_value=0, max_value=9)), max_size=6)


@given(weeks)
def test_the_remainder_of_a_shown_total_is_about_five_people_or_nobody(
    rows: list[tuple[frozenset[int], int]],
) -> None:
    # A week's meetings are `count`, about the people `who` (no people, no meetings).
    parts = [(who, count if who else 0) for who, count in rows]
    total_people = set().union(*(who for who, _ in parts))
    total_shown = len(total_people) >= PRIVACY_MINIMUM
    shown_before = [len(who) >= PRIVACY_MINIMUM for who, _ in parts]
    hidden = parts_to_withhold(
        [(s, who) for s, (who, _) in zip(shown_before, parts, strict=True)],
        total_shown=total_shown,
        minimum=PRIVACY_MINIMUM,
    )
    assert {i for i, s in enumerate(shown_before) if not s} <= hidden  # hidden stays hidden
    if not total_shown:
        return
    behind = set().union(*(parts[i][0] for i in hidden))
    remainder = sum(parts[i][1] for i in hidden)  # total minus the shown weeks
    assert not behind or len(behind) >= PRIVACY_MINIMUM
    if behind:
        assert len(hidden) >= 2  # one hidden week alone would be the remainder itself
    else:
        assert remainder == 0  # what can be worked out is "no meetings", about nobody


def test_only_as_many_weeks_as_needed_are_hidden() -> None:
    five, three = frozenset(range(5)), frozenset({20, 21, 22})
    parts = [(True, five), (True, frozenset(range(10, 16))), (False, three), (False, frozenset())]
    assert parts_to_withhold(parts, total_shown=True, minimum=5) == {0, 2, 3}
    assert parts_to_withhold(parts, total_shown=False, minimum=5) == {2, 3}
    assert parts_to_withhold(parts[:2], total_shown=True, minimum=5) == set()


def test_a_withheld_figure_reads_as_hidden_and_has_no_trend() -> None:
    shown, withheld = Figure(8, 9), Figure(4, 9, withheld=True)
    assert withheld.text == "hidden (too few people)" and not withheld.visible
    assert trend(shown, withheld) is None and trend(withheld, shown) is None
    assert not any(ch.isdigit() for ch in withheld.text)  # cannot be read as a value
