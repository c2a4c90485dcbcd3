"""Batching on more than three blocks stops pricing carts with Held-Karp once its search
deadline passed or a stop was asked, as it stops OR-Tools' searches for ``tsp``.

Held-Karp (``exact``, and ``auto`` on carts of up to 12 points) takes about 0.04 s a cart
of 12 points in Python (one 2-core machine), and a search iteration prices dozens of carts
with no deadline check between them. These tests run on a fake clock that only Held-Karp
(0.2 s a call) and OR-Tools (1 ms a first tour) move, so they count calls, never wall-clock
time.
"""

from __future__ import annotations

import random
import time

import pytest

import solvers.picking as picking
import solvers.waves.costs as costs
from logistics.domain.layout import WarehouseLayout
from logistics.domain.picking import PickLine, PickOrder
from solvers.picking import validate as validate_route
from solvers.waves import (
    BatchingParams,
    BatchingProblem,
    CartCapacity,
    solve_batching,
    validate_batching,
)

T0 = 1000.0
HELD_KARP_S = 0.2


class Clock:
    """``time.perf_counter`` moved by Held-Karp and OR-Tools only; records each Held-Karp
    call as ``(start, pricing)`` (``pricing``: made by the search's cart pricing)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = T0
        self.pricing = False
        self.held_karp: list[tuple[float, bool]] = []
        monkeypatch.setattr(time, "perf_counter", lambda: self.now)
        real_hk, real_tsp = picking.held_karp, picking.ortools_tsp
        real_price = costs.route_length_mm

        def held_karp(matrix, should_stop=None):  # noqa: ANN001
            self.held_karp.append((self.now, self.pricing))
            self.now += HELD_KARP_S
            return real_hk(matrix, should_stop)

        def ortools_tsp(matrix, time_limit_s, search="guided", **_callbacks):  # noqa: ANN001, ANN003
            self.now += time_limit_s if search == "guided" else 0.001
            return real_tsp(matrix, 1.0, "first")

        def price(*args, **kwargs):  # noqa: ANN002, ANN003
            self.pricing = True
            try:
                return real_price(*args, **kwargs)
            finally:
                self.pricing = False

        monkeypatch.setattr(picking, "held_karp", held_karp)
        monkeypatch.setattr(picking, "ortools_tsp", ortools_tsp)
        monkeypatch.setattr(costs, "route_length_mm", price)

    def priced(self) -> list[float]:
        return [start for start, pricing in self.held_karp if pricing]


def _problem() -> BatchingProblem:
    layout = WarehouseLayout.multi_block(aisles=6, blocks=4, slots_per_side=8)
    ids = layout.slot_ids()
    rng = random.Random(5)
    orders = tuple(
        PickOrder(f"o{k}", tuple(PickLine(ids[rng.randrange(len(ids))]) for _ in range(3)))
        for k in range(24)
    )
    return BatchingProblem(layout, orders, CartCapacity(items=12))  # carts of <= 12 points


@pytest.mark.parametrize("router", ["auto", "exact"])
def test_no_held_karp_pricing_past_the_search_deadline(monkeypatch, router):
    prob = _problem()
    clock = Clock(monkeypatch)
    res = solve_batching(prob, BatchingParams(time_limit_s=20.0, router=router))
    search_end = T0 + (0.8 if router == "auto" else 1.0) * 20.0  # auto: tsp's last fifth
    assert clock.priced()
    assert max(clock.priced()) < search_end - 0.005  # then first tours only
    assert res.iterations > 0
    for b in res.batches:  # the plan's carts are still routed exactly
        assert b.route.optimal
        assert validate_route(prob.layout, [ln.slot_id for ln in b.lines], b.route).ok


def test_a_stop_ends_held_karp_pricing(monkeypatch):
    prob = _problem()
    clock = Clock(monkeypatch)
    stop_after = 30

    def should_stop() -> bool:
        return len(clock.priced()) >= stop_after

    params = BatchingParams(time_limit_s=600.0, router="auto", max_iterations=10_000)
    res = solve_batching(prob, params, should_stop=should_stop)
    assert len(clock.priced()) == stop_after  # not one Held-Karp price once it was asked
    assert res.iterations < 10_000
    assert {o for b in res.batches for o in b.orders} == {o.id for o in prob.orders}
    # the plan's carts after the stop: Held-Karp ends at once with the first tour
    for b in res.batches:
        assert (b.route.method, b.route.optimal) == ("tsp", False)
        assert validate_route(prob.layout, [ln.slot_id for ln in b.lines], b.route).ok
    assert validate_batching(prob, res).ok


def _twelve_point_cart() -> tuple[BatchingProblem, list[str]]:
    """One order of 12 distinct pick points on 4 blocks (a Held-Karp price of 16 polls), its
    slot ids in the coster's order (the first tour depends on it)."""
    layout = WarehouseLayout.multi_block(aisles=6, blocks=4, slots_per_side=8)
    by_point: dict = {}
    for sid in random.Random(11).sample(layout.slot_ids(), len(layout.slot_ids())):
        by_point.setdefault(layout.slot(sid).point, sid)
    picks = list(by_point.values())[:12]
    pts = {sid: layout.slot(sid).point for sid in picks}
    picks.sort(key=lambda s: (pts[s].aisle, pts[s].block, pts[s].position_mm))
    order = PickOrder("o0", tuple(PickLine(s) for s in picks))
    return BatchingProblem(layout, (order,), CartCapacity(items=12)), picks


@pytest.mark.parametrize("router", ["auto", "exact"])
def test_a_stop_during_a_held_karp_price_ends_it_with_the_first_tour(router):
    # the coster priced without passing should_stop: a stop waited for the whole DP
    prob, picks = _twelve_point_cart()
    units = costs.make_units(prob)
    polls = [0]

    def stop_within_the_dp() -> bool:
        polls[0] += 1  # 1: the price's time check, 2: before the DP, 3: within it
        return polls[0] >= 3

    coster = costs.BatchCoster(prob.layout, units, router, should_stop=stop_within_the_dp)
    got = coster.length(frozenset(range(len(units))))
    assert polls[0] == 3  # ended at the poll that asked, not after 16 more
    first = picking.route(prob.layout, picks, "tsp", picking.RouteParams(tsp_search="first"))
    optimal = picking.route(prob.layout, picks, "exact")
    assert optimal.length_mm < first.length_mm  # the two prices tell apart
    assert got == first.length_mm


def test_a_held_karp_price_never_stopped_is_unchanged():
    prob, picks = _twelve_point_cart()
    units = costs.make_units(prob)
    polls = [0]

    def never() -> bool:
        polls[0] += 1
        return False

    batch = frozenset(range(len(units)))
    polled = costs.BatchCoster(prob.layout, units, "exact", should_stop=never).length(batch)
    assert polls[0] == 17  # the time check, before the DP, at 15 of its 4,095 subsets
    assert polled == costs.BatchCoster(prob.layout, units, "exact").length(batch)
    assert polled == picking.route(prob.layout, picks, "exact").length_mm


def test_a_stop_during_a_search_price_ends_that_held_karp(monkeypatch):
    # a stop asked while the search prices a cart with Held-Karp: that DP ends at its next
    # poll with no tour, and no other Held-Karp price follows
    prob = _problem()
    real_hk, real_price = picking.held_karp, costs.route_length_mm
    pricing = [False]
    priced: list[bool] = []  # per Held-Karp price: whether it ran to its tour
    stop_in = 5  # the stop is asked once the 5th Held-Karp price began

    def held_karp(matrix, should_stop=None):  # noqa: ANN001
        if not pricing[0]:
            return real_hk(matrix, should_stop)
        priced.append(False)
        tour = real_hk(matrix, should_stop)
        priced[-1] = tour is not None
        return tour

    def price(*args, **kwargs):  # noqa: ANN002, ANN003
        pricing[0] = True
        try:
            return real_price(*args, **kwargs)
        finally:
            pricing[0] = False

    monkeypatch.setattr(picking, "held_karp", held_karp)
    monkeypatch.setattr(costs, "route_length_mm", price)
    params = BatchingParams(time_limit_s=600.0, router="exact", max_iterations=10_000)
    res = solve_batching(prob, params, should_stop=lambda: len(priced) >= stop_in)
    assert priced == [True] * (stop_in - 1) + [False]
    assert validate_batching(prob, res).ok
