"""The matching round's solver: as many mentees matched as possible, then the most total fit,
no mentor past their capacity. Plain data in, plain data out.

A min-cost max-flow (OR-Tools' SimpleMinCostFlow, solve_max_flow_with_min_cost): the source
gives each group of mentees as many units as it has mentees, a group sends a unit to a mentor
it may be paired with at the cost of minus the fit, and each mentor passes on at most its
capacity to the sink. The maximum flow is the largest number of mentees matched; among those
flows the least cost is the most total fit. Mentees the fit cannot tell apart (the same wishes,
zone, team and alumni network, and no rule of their own) share one group node: any flow out of
the group splits back into distinct mentees, so the optimum is the same as with one node per
mentee, over a graph hundreds of times smaller.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow


@dataclass(frozen=True)
class Group:
    """Interchangeable mentees, and the fit (points > 0) of each mentor they may have."""

    mentee_ids: tuple[int, ...]
    fits: Mapping[int, int]


@dataclass(frozen=True)
class Instance:
    groups: Sequence[Group]
    capacities: Mapping[int, int]  # mentor id -> mentees they can take in this round

    @property
    def edges(self) -> int:
        """Mentee-mentor pairs with a positive fit, counted one by one (not by group)."""
        return sum(len(g.mentee_ids) * len(g.fits) for g in self.groups)


@dataclass(frozen=True)
class Assignment:
    pairs: tuple[tuple[int, int, int], ...]  # (mentee, mentor, fit), by mentee id
    status: str  # OR-Tools' status name; OPTIMAL when proven best

    @property
    def matched(self) -> int:
        return len(self.pairs)

    @property
    def total_fit(self) -> int:
        return sum(fit for _mentee, _mentor, fit in self.pairs)


def solve(instance: Instance) -> Assignment:
    """The optimal assignment: the most mentees matched, then the most total fit."""
    mentors = sorted(m for m, cap in instance.capacities.items() if cap > 0)
    groups = [g for g in instance.groups if g.mentee_ids and g.fits]
    node_of = {m: 2 + len(groups) + i for i, m in enumerate(mentors)}
    arcs = _Arcs()
    group_arcs: list[tuple[int, int, int, int]] = []  # (arc, group index, mentor, fit)
    for index, group in enumerate(groups):
        node, size = 2 + index, len(group.mentee_ids)
        arcs.add(0, node, size, 0)
        for mentor in sorted(group.fits):
            if mentor in node_of:
                fit = group.fits[mentor]
                arc = arcs.add(node, node_of[mentor], min(size, instance.capacities[mentor]), -fit)
                group_arcs.append((arc, index, mentor, fit))
    if not group_arcs:
        return Assignment(pairs=(), status="OPTIMAL")  # nothing to choose: trivially the best
    for mentor in mentors:
        arcs.add(node_of[mentor], 1, instance.capacities[mentor], 0)
    flow = SimpleMinCostFlow()
    ids = flow.add_arcs_with_capacity_and_unit_cost(*arcs.arrays())
    supply = sum(len(g.mentee_ids) for g in groups)
    flow.set_node_supply(0, supply)
    flow.set_node_supply(1, -supply)
    status = flow.solve_max_flow_with_min_cost()
    if status != SimpleMinCostFlow.OPTIMAL:
        return Assignment(pairs=(), status=status.name)
    flows = flow.flows(ids)
    units = [(index, mentor, fit, int(flows[arc])) for arc, index, mentor, fit in group_arcs]
    return Assignment(pairs=_split(groups, units), status=status.name)


class _Arcs:
    """Arcs in the column form OR-Tools takes them in."""

    def __init__(self) -> None:
        self.tails: list[int] = []
        self.heads: list[int] = []
        self.caps: list[int] = []
        self.costs: list[int] = []

    def add(self, tail: int, head: int, cap: int, cost: int) -> int:
        self.tails.append(tail)
        self.heads.append(head)
        self.caps.append(cap)
        self.costs.append(cost)
        return len(self.tails) - 1

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return (
            np.array(self.tails, dtype=np.int32),
            np.array(self.heads, dtype=np.int32),
            np.array(self.caps, dtype=np.int64),
            np.array(self.costs, dtype=np.int64),
        )


def _split(
    groups: Sequence[Group], units: Iterable[tuple[int, int, int, int]]
) -> tuple[tuple[int, int, int], ...]:
    """Hand each group's units (group index, mentor, fit, flow) to its mentees in id order."""
    waiting = [sorted(g.mentee_ids, reverse=True) for g in groups]
    pairs: list[tuple[int, int, int]] = []
    for index, mentor, fit, sent in units:
        for _ in range(sent):
            pairs.append((waiting[index].pop(), mentor, fit))
    return tuple(sorted(pairs))


def greedy(instance: Instance) -> Assignment:
    """The baseline: each mentee in id order takes their best mentor with room left."""
    left = dict(instance.capacities)
    by_mentee: list[tuple[int, int]] = sorted(
        (mentee, index) for index, g in enumerate(instance.groups) for mentee in g.mentee_ids
    )
    # Best first, then by id; a group's pointer only moves on, as mentors only fill up.
    ranked = [_best_first(g.fits) for g in instance.groups]
    start = [0] * len(instance.groups)
    pairs: list[tuple[int, int, int]] = []
    for mentee, index in by_mentee:
        order = ranked[index]
        while start[index] < len(order) and left.get(order[start[index]], 0) <= 0:
            start[index] += 1
        if start[index] < len(order):
            mentor = order[start[index]]
            left[mentor] -= 1
            pairs.append((mentee, mentor, instance.groups[index].fits[mentor]))
    return Assignment(pairs=tuple(sorted(pairs)), status="GREEDY")


def _best_first(fits: Mapping[int, int]) -> list[int]:
    return sorted(fits, key=lambda mentor: (-fits[mentor], mentor))
