"""The round's solver is optimal: the most mentees matched, then the most total fit."""

from __future__ import annotations

import random

import pytest

from bot.services.programs.solver import Assignment, Group, Instance, greedy, solve


def brute_force(instance: Instance) -> tuple[int, int]:
    """(matched, total fit) of the best assignment, by trying every one."""
    mentees = [(m, g.fits) for g in instance.groups for m in g.mentee_ids]
    left = dict(instance.capacities)
    best = (0, 0)

    def extend(index: int, matched: int, total: int) -> None:
        nonlocal best
        if index == len(mentees):
            best = max(best, (matched, total))
            return
        extend(index + 1, matched, total)  # this mentee unmatched
        for mentor, points in mentees[index][1].items():
            if left.get(mentor, 0) > 0:
                left[mentor] -= 1
                extend(index + 1, matched + 1, total + points)
                left[mentor] += 1

    extend(0, 0, 0)
    return best


def random_instance(rng: random.Random) -> Instance:
    capacities = {100 + j: rng.randint(0, 3) for j in range(rng.randint(1, 4))}
    groups, next_id = [], 1
    for _ in range(rng.randint(1, 4)):
        size = rng.randint(1, 3)
        fits = {m: rng.randint(1, 20) for m in capacities if rng.random() < 0.6}
        groups.append(Group(tuple(range(next_id, next_id + size)), fits))
        next_id += size
    return Instance(tuple(groups), capacities)


def assert_valid(instance: Instance, result: Assignment) -> None:
    allowed = {m: g.fits for g in instance.groups for m in g.mentee_ids}
    mentees = [mentee for mentee, _mentor, _fit in result.pairs]
    assert len(mentees) == len(set(mentees)), "a mentee matched twice"
    taken: dict[int, int] = {}
    for mentee, mentor, points in result.pairs:
        assert allowed[mentee][mentor] == points, "an edge that was not allowed"
        taken[mentor] = taken.get(mentor, 0) + 1
    assert all(n <= instance.capacities[m] for m, n in taken.items()), "past capacity"


@pytest.mark.parametrize("seed", range(200))
def test_solver_matches_brute_force_on_small_random_instances(seed: int) -> None:
    instance = random_instance(random.Random(seed))
    result = solve(instance)
    assert result.status == "OPTIMAL"
    assert_valid(instance, result)
    assert (result.matched, result.total_fit) == brute_force(instance)
    baseline = greedy(instance)
    assert_valid(instance, baseline)
    assert (result.matched, result.total_fit) >= (baseline.matched, baseline.total_fit)


def test_grouped_mentees_solve_like_one_node_each() -> None:
    rng = random.Random(7)
    for _ in range(100):
        instance = random_instance(rng)
        apart = Instance(
            tuple(Group((m,), g.fits) for g in instance.groups for m in g.mentee_ids),
            instance.capacities,
        )
        a, b = solve(instance), solve(apart)
        assert (a.matched, a.total_fit) == (b.matched, b.total_fit)


def test_greedy_leaves_a_mentee_unmatched_where_the_round_does_not() -> None:
    # Mentee 1 goes first and takes mentor 100, the only mentor mentee 2 fits with.
    instance = Instance(
        (Group((1,), {100: 10, 101: 9}), Group((2,), {100: 5})),
        {100: 1, 101: 1},
    )
    baseline = greedy(instance)
    assert baseline.pairs == ((1, 100, 10),)
    result = solve(instance)
    assert result.pairs == ((1, 101, 9), (2, 100, 5))
    assert result.matched == 2 > baseline.matched


def test_most_matched_comes_before_most_fit() -> None:
    # One great pair (20) or two modest ones (3 + 3): two mentees matched wins.
    instance = Instance(
        (Group((1,), {100: 20, 101: 3}), Group((2,), {100: 3})),
        {100: 1, 101: 1},
    )
    assert solve(instance).pairs == ((1, 101, 3), (2, 100, 3))


def test_nothing_to_match_is_optimal_and_empty() -> None:
    assert solve(Instance((), {})) == Assignment((), "OPTIMAL")
    assert solve(Instance((Group((1,), {}),), {100: 2})).pairs == ()
    assert solve(Instance((Group((1,), {100: 4}),), {100: 0})).pairs == ()


def test_edges_count_each_mentee_with_each_fitting_mentor() -> None:
    instance = Instance((Group((1, 2, 3), {100: 1, 101: 2}), Group((4,), {100: 1})), {})
    assert instance.edges == 7
