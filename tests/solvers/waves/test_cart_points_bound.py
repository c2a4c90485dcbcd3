"""``most_points_per_cart``: a safe and tight bound on the pick points one cart may hold.

``check_router`` refuses ``exact`` past three blocks when a cart may hold more pick points
than Held-Karp takes; it counted every pick point of the orders unless the cart's item limit
was lower, so totes, weight or volume limits that keep every cart small were ignored."""

from __future__ import annotations

import itertools
import random

import pytest

from logistics.domain.layout import WarehouseLayout
from logistics.domain.picking import PickLine, PickOrder
from solvers.waves import BatchingProblem, CartCapacity
from solvers.waves.costs import fits, make_units, most_points_per_cart

LAYOUT = WarehouseLayout.multi_block(aisles=4, blocks=4, slots_per_side=6)


def _most_by_brute_force(problem: BatchingProblem) -> int:
    """The most distinct pick points of any set of units (orders, parts of split orders)
    that fits one cart."""
    units = make_units(problem)
    best = 0
    for r in range(1, len(units) + 1):
        for group in itertools.combinations(units, r):
            load = tuple(sum(u.load[i] for u in group) for i in range(4))
            if fits(load, problem.cart):
                best = max(best, len(frozenset().union(*(u.points for u in group))))
    return best


def _random_problem(rng: random.Random) -> BatchingProblem:
    slots = LAYOUT.slot_ids()
    limits = {
        "items": rng.choice([None, 6, 12]),
        "totes": rng.choice([None, 2, 3]),
        "volume_cm3": rng.choice([None, 2000, 5000]),
        "weight_g": rng.choice([None, 1000, 3000]),
    }
    if all(v is None for v in limits.values()):
        limits["weight_g"] = 1000
    cart = CartCapacity(**limits)
    orders = []
    for k in range(rng.randint(1, 6)):
        lines = tuple(
            PickLine(s, rng.randint(1, 2), rng.choice([0, 100, 400]), rng.choice([0, 300, 900]))
            for s in rng.sample(slots, rng.randint(1, 4))
        )
        orders.append(PickOrder(f"o{k}", lines, totes=rng.randint(1, 2), allow_split=True))
    return BatchingProblem(LAYOUT, tuple(orders), cart)


@pytest.mark.parametrize("seed", range(150))
def test_no_cart_holds_more_points_than_the_bound(seed):
    problem = _random_problem(random.Random(seed))
    assert most_points_per_cart(problem) >= _most_by_brute_force(problem)


def _slots_at_distinct_points(n: int) -> list[str]:
    by_point = {}
    for sid in LAYOUT.slot_ids():
        by_point.setdefault(LAYOUT.slot(sid).point, sid)
    return list(by_point.values())[:n]


def test_the_prefix_of_the_lightest_orders_is_not_the_bound():
    # a light order of 1 point fills a cart of 2 totes with nothing else that fits; a
    # heavy order of 10 points fills one alone: a cart may hold 10 points, not 1
    first, *many = _slots_at_distinct_points(11)
    problem = BatchingProblem(
        LAYOUT,
        (
            PickOrder("light", (PickLine(first),), totes=1),
            PickOrder("heavy", tuple(PickLine(s) for s in many), totes=2),
        ),
        CartCapacity(totes=2),
    )
    assert most_points_per_cart(problem) >= _most_by_brute_force(problem) == 10


def test_totes_weight_and_volume_limits_bound_the_points():
    slots = _slots_at_distinct_points(48)
    orders = tuple(
        PickOrder(f"o{k}", tuple(PickLine(s, weight_g=100) for s in slots[8 * k : 8 * k + 8]))
        for k in range(6)
    )
    assert most_points_per_cart(BatchingProblem(LAYOUT, orders, CartCapacity(items=100))) == 48
    for cart in (CartCapacity(totes=1), CartCapacity(weight_g=1000), CartCapacity(items=15)):
        assert most_points_per_cart(BatchingProblem(LAYOUT, orders, cart)) == 8


def test_a_split_order_counts_the_points_of_each_part():
    # 16 lines of 100 g on carts of 800 g: parts of 8 lines, never the 16 points at once
    slots = _slots_at_distinct_points(16)
    order = PickOrder("big", tuple(PickLine(s, weight_g=100) for s in slots), allow_split=True)
    problem = BatchingProblem(LAYOUT, (order,), CartCapacity(weight_g=800))
    assert 0 < most_points_per_cart(problem) <= 8
    assert most_points_per_cart(problem) >= _most_by_brute_force(problem)
