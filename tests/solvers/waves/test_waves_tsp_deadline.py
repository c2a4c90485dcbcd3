"""Batching and waves with the tsp router keep their time limit and stop when asked.

Each cart the search priced got OR-Tools' guided local search for 1 s: ``waves plan
examples/waves_orders.json --router tsp --time-limit 2`` took about a minute. These tests
run on a fake clock that only OR-Tools advances (by the time it is allowed), so they count
limits, never wall-clock time.
"""

from __future__ import annotations

import time

import pytest

import solvers.picking as picking
from logistics.domain.layout import WarehouseLayout
from logistics.domain.picking import PickLine, PickOrder
from logistics.errors import InvalidValueError
from solvers.picking import RouteParams, route
from solvers.picking import validate as validate_route
from solvers.waves import (
    BatchingParams,
    BatchingProblem,
    CartCapacity,
    Picker,
    WaveParams,
    WaveProblem,
    plan_waves,
    solve_batching,
    validate,
    validate_batching,
)
from solvers.waves.costs import final_route_params, search_route_params

T0 = 1000.0


class Clock:
    """``time.perf_counter`` that OR-Tools alone moves: guided local search uses all of its
    limit, a descent at most 4 ms, the first tour 1 ms. Records every call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = T0
        self.calls: list[tuple[float, str, float]] = []  # (start, search, limit)
        real = picking.ortools_tsp
        monkeypatch.setattr(time, "perf_counter", lambda: self.now)

        def fake(matrix, time_limit_s, search="guided", **_callbacks):  # noqa: ANN001, ANN003
            self.calls.append((self.now, search, time_limit_s))
            spent = {"guided": time_limit_s, "descent": min(time_limit_s, 0.004)}
            self.now += spent.get(search, 0.001)
            return real(matrix, 1.0, "first")

        monkeypatch.setattr(picking, "ortools_tsp", fake)


def _layout() -> WarehouseLayout:
    return WarehouseLayout.multi_block(aisles=6, blocks=4, slots_per_side=8)


def _orders(layout: WarehouseLayout, n: int = 16) -> tuple[PickOrder, ...]:
    ids = layout.slot_ids()
    return tuple(
        PickOrder(f"o{k}", tuple(PickLine(ids[(k * 37 + j * 53) % len(ids)]) for j in range(6)))
        for k in range(n)
    )


def _searching(clock: Clock, deadline: float) -> None:
    """Every OR-Tools search got at most the time left; none started after ``deadline``."""
    assert clock.calls
    for start, search, limit in clock.calls:
        if search != "first":
            assert start < deadline
            assert limit <= deadline - start + 1e-9, (start, search, limit)


@pytest.mark.parametrize("router", ["tsp", "auto"])
def test_batching_with_tsp_keeps_its_time_limit(monkeypatch, router):
    layout = _layout()
    prob = BatchingProblem(layout, _orders(layout), CartCapacity(items=30))
    clock = Clock(monkeypatch)
    res = solve_batching(prob, BatchingParams(time_limit_s=2.0, router=router, max_iterations=8))
    _searching(clock, T0 + 2.0)
    # OR-Tools' share ends by the deadline; past it only first tours (1 ms each) are made
    late = [c for c in clock.calls if c[0] >= T0 + 2.0]
    assert clock.now <= T0 + 2.0 + 0.001 * len(late) + 1e-9
    assert any(s == "guided" for _, s, _ in clock.calls)  # the result's carts still get GLS
    assert max(len(b.route.visits) for b in res.batches) > 12
    assert res.total_length_mm == sum(b.length_mm for b in res.batches)
    for b in res.batches:
        check = validate_route(layout, [ln.slot_id for ln in b.lines], b.route)
        assert check.ok, check.errors


def test_plan_waves_with_tsp_keeps_its_time_limit(monkeypatch):
    layout = _layout()
    orders = tuple(
        PickOrder(o.id, o.lines, arrival_s=28800 + 600 * k, cutoff_s=36000 if k % 2 else 50000)
        for k, o in enumerate(_orders(layout))
    )
    prob = WaveProblem(
        BatchingProblem(layout, orders, CartCapacity(items=30)), (Picker("a", 28800, 57600),)
    )
    clock = Clock(monkeypatch)
    params = WaveParams(BatchingParams(router="tsp", max_iterations=40), time_limit_s=5.0)
    plan = plan_waves(prob, params)
    _searching(clock, T0 + 5.0)
    check = validate(prob, plan)
    assert check.ok, check.errors


def test_a_stop_ends_the_tsp_search_with_first_tours_only(monkeypatch):
    layout = _layout()
    prob = BatchingProblem(layout, _orders(layout), CartCapacity(items=30))
    clock = Clock(monkeypatch)
    stop_after = 25

    def should_stop() -> bool:
        return len(clock.calls) >= stop_after

    params = BatchingParams(time_limit_s=60.0, router="tsp", max_iterations=10_000)
    res = solve_batching(prob, params, should_stop=should_stop)
    # no OR-Tools search once the stop was asked: no 1 s per cart for the rest of the solve
    assert {s for _, s, _ in clock.calls[stop_after:]} <= {"first"}
    assert res.iterations < 10_000
    assert clock.now < T0 + 1.0
    assert {o for b in res.batches for o in b.orders} == {o.id for o in prob.orders}


def test_exact_and_heuristic_routers_never_call_or_tools(monkeypatch):
    layout = WarehouseLayout.single_block(aisles=6, slots_per_side=8)
    prob = BatchingProblem(layout, _orders(layout, 8), CartCapacity(items=20))
    clock = Clock(monkeypatch)
    for router in ("exact", "s_shape", "auto"):
        solve_batching(prob, BatchingParams(time_limit_s=1.0, router=router, max_iterations=5))
    assert clock.calls == []


def test_route_params_for_searches_and_results(monkeypatch):
    monkeypatch.setattr(time, "perf_counter", lambda: T0)
    assert search_route_params(None) == RouteParams(tsp_search="descent")
    assert search_route_params(T0 + 0.25) == RouteParams(time_limit_s=0.25, tsp_search="descent")
    assert search_route_params(T0 + 0.001).tsp_search == "first"
    assert search_route_params(T0 + 5, lambda: True).tsp_search == "first"
    assert final_route_params(T0 + 0.5, 4) == RouteParams(time_limit_s=0.125)
    assert final_route_params(T0 + 8.0, 4) == RouteParams(time_limit_s=1.0)
    assert final_route_params(T0 + 0.01, 4).tsp_search == "first"
    assert final_route_params(T0 + 8.0, 4, lambda: True).tsp_search == "first"


@pytest.mark.parametrize("search", ["guided", "descent", "first"])
def test_every_tsp_search_reports_the_route_it_walks(search):
    layout = _layout()
    picks = layout.slot_ids()[::9]
    r = route(layout, picks, "tsp", RouteParams(time_limit_s=0.05, tsp_search=search))
    assert validate_route(layout, picks, r).ok
    assert picking.route_length_mm(layout, picks, "tsp", RouteParams(tsp_search="first")) == (
        route(layout, picks, "tsp", RouteParams(tsp_search="first")).length_mm
    )


def test_an_unknown_tsp_search_is_named():
    with pytest.raises(InvalidValueError) as e:
        RouteParams(tsp_search="gls")
    assert (e.value.field, e.value.value) == ("tsp_search", "gls")


def test_sub_carts_are_routed_within_the_plan_s_deadline(monkeypatch):
    from solvers.waves.schedule import _Splitter

    layout = _layout()
    orders = _orders(layout, 4)
    prob = WaveProblem(
        BatchingProblem(layout, orders, CartCapacity(items=30)), (Picker("a", 0, 10**6),)
    )
    (cart,) = solve_batching(prob.batching, BatchingParams(router="tsp", improve=False)).batches
    clock = Clock(monkeypatch)
    stopped = [False]
    splitter = _Splitter(prob, "tsp", T0 + 0.5, lambda: stopped[0])
    halves = [{"o0", "o1"}, {"o2", "o3"}, {"o0"}]
    for keep in halves[:2]:
        sub = splitter.sub(cart, keep)
        assert validate_route(layout, [ln.slot_id for ln in sub.lines], sub.route).ok
    _searching(clock, T0 + 0.5)
    assert [s for _, s, _ in clock.calls] == ["descent", "descent"]
    stopped[0] = True
    splitter.sub(cart, halves[2])
    assert clock.calls[-1][1] == "first"


def test_a_stop_reaches_the_guided_search_of_a_result_cart(monkeypatch):
    # was: polled only between the result's carts, so a stop waited out the guided local
    # search of the cart being routed (up to 1 s each)
    layout = _layout()
    prob = BatchingProblem(layout, _orders(layout), CartCapacity(items=30))
    real = picking.ortools_tsp
    guided = [False]  # OR-Tools is running a guided local search now
    asked = {"inside": 0, "stopped": False}

    def tsp(matrix, time_limit_s, search="guided", **callbacks):  # noqa: ANN001, ANN003
        guided[0] = search == "guided"
        try:
            return real(matrix, time_limit_s, search, **callbacks)
        finally:
            guided[0] = False

    def should_stop() -> bool:
        if guided[0] and not asked["stopped"]:
            asked["inside"] += 1
            asked["stopped"] = True
        return asked["stopped"]

    monkeypatch.setattr(picking, "ortools_tsp", tsp)
    params = BatchingParams(time_limit_s=60.0, router="tsp", max_iterations=5)
    res = solve_batching(prob, params, should_stop=should_stop)
    assert asked["inside"] == 1  # the first result cart's search polled it and ended
    assert validate_batching(prob, res).ok
    assert {o for b in res.batches for o in b.orders} == {o.id for o in prob.orders}
