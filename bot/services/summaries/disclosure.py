"""Which parts of a shown total must be hidden as well, so that the total minus the parts still
shown never gives away a figure about fewer than five people (the "complement" of a sum)."""

from __future__ import annotations

from collections.abc import Sequence


def parts_to_withhold(
    parts: Sequence[tuple[bool, frozenset[int]]], *, total_shown: bool, minimum: int
) -> set[int]:
    """Indexes of the parts to hide: the hidden ones, plus the fewest shown ones (smallest
    first) that make the people behind all hidden parts together `minimum` or more.

    `parts` are (shown, people described). Hidden parts about nobody (an empty week) need no
    cover: their sum is zero, which says nothing about anyone. With the total hidden there is
    nothing to subtract from."""
    hidden = {i for i, (shown, _) in enumerate(parts) if not shown}
    if not total_shown:
        return hidden
    shown = sorted((len(p), i) for i, (s, p) in enumerate(parts) if s)
    while 0 < len(_people(parts, hidden)) < minimum and shown:
        hidden.add(shown.pop(0)[1])
    return hidden


def _people(parts: Sequence[tuple[bool, frozenset[int]]], indexes: set[int]) -> set[int]:
    return set().union(*(parts[i][1] for i in indexes))
