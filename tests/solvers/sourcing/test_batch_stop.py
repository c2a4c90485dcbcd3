"""reoptimize_batch stops when asked: ``should_stop`` ends chains between split orders
and the MIP before or while it solves, with the best whole plans so far (never a
half-applied chain), and what it raises reaches the caller. Stops are counted, not timed."""

from __future__ import annotations

import numpy as np
import pytest

from logistics.domain import LatLon, Order, OrderLine, Promise, PromiseKind, Sku, Warehouse
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem, SourcingRules
from logistics.sourcing_scenario import START_UNIX, us_carriers
from solvers.sourcing import BatchParams, SourcingParams, reoptimize_batch, solve
from tests.solvers.sourcing.sourcing_cases import large_order

NYC = LatLon(40.71, -74.00)
RULES = SourcingRules(cost_per_extra_shipment=300)


def _pool() -> NetworkSnapshot:
    """Two sites, two pairs of SKUs: A holds one x and one z, B the rest but no y or w."""
    sites = (
        Warehouse("A", LatLon(40.30, -74.60), 100, utc_offset_s=-5 * 3600),
        Warehouse("B", LatLon(39.95, -75.17), 100, utc_offset_s=-5 * 3600),
    )
    skus = tuple(Sku(k, weight_g=500) for k in ("x", "y", "z", "w"))
    avail = np.array([[1, 5, 1, 5], [5, 0, 5, 0]])
    return NetworkSnapshot(sites, skus, us_carriers(), avail, np.array([100, 100]))


def _stream() -> tuple[tuple[Order, ...], list]:
    """o1 takes A's only x, so o2 (x + y) splits; o3 and o4 the same with z and w."""
    std = Promise(PromiseKind.STANDARD)
    lines = [("x",), ("x", "y"), ("z",), ("z", "w")]
    orders = tuple(
        Order(f"o{k + 1}", tuple(OrderLine(s, 1) for s in ls), NYC, std, START_UNIX + 3600 * k)
        for k, ls in enumerate(lines)
    )
    pool = _pool()
    avail = pool.available.copy()
    plans = []
    for order in orders:
        net = pool.with_stock(avail, pool.capacity_left)
        plan = solve(SourcingProblem(order, net, RULES)).plan
        plans.append(plan)
        for s in plan.shipments:
            for ln in s.lines:
                avail[net.warehouse_index[s.warehouse_id], net.sku_index[ln.sku_id]] -= 1
    assert [len(p.shipments) for p in plans] == [1, 2, 1, 2]
    return orders, plans


def _after_polls(n: int):
    """A ``should_stop`` that turns true at its ``n``-th call; ``calls`` counts them."""
    calls = [0]

    def should_stop() -> bool:
        calls[0] += 1
        return calls[0] >= n

    should_stop.calls = calls  # type: ignore[attr-defined]
    return should_stop


def test_chains_stopped_after_one_split_order_keep_its_whole_chain():
    orders, plans = _stream()
    params = BatchParams(time_limit_s=60)
    full = reoptimize_batch(_pool(), RULES, orders, plans, params)
    assert full.extra_shipments_after == 0 and len(full.moves) == 4  # both chains
    stop = _after_polls(2)  # the second split order is never tried
    part = reoptimize_batch(_pool(), RULES, orders, plans, params, should_stop=stop)
    assert stop.calls[0] == 2
    assert part.extra_shipments_after == 1 and part.candidate_orders == 1
    assert {m.order_id for m in part.moves} in ({"o1", "o2"}, {"o3", "o4"})  # a whole chain
    assert full.cost_after < part.cost_after < part.cost_before
    assert not part.optimal


@pytest.mark.parametrize("backend", ["cp-sat", "highs", "scip", "cbc"])
def test_a_mip_stopped_before_it_solves_keeps_the_current_plans(backend):
    orders, plans = _stream()
    params = BatchParams(time_limit_s=60, method="mip", backend=backend)
    full = reoptimize_batch(_pool(), RULES, orders, plans, params)
    assert full.optimal and full.extra_shipments_after == 0
    # 1: stopped before the first order's candidates; 5: after all four, before the model
    for n in (1, 5):
        stop = _after_polls(n)
        r = reoptimize_batch(_pool(), RULES, orders, plans, params, should_stop=stop)
        assert r.plans == tuple(plans) and r.moves == () and r.cost_after == r.cost_before
        assert not r.optimal and r.bound is None
        assert stop.calls[0] == n  # nothing more was generated or solved once it was true


def test_a_stop_that_never_comes_changes_nothing():
    orders, plans = _stream()
    for method in ("chains", "mip"):
        params = BatchParams(time_limit_s=60, method=method, workers=1)
        a = reoptimize_batch(_pool(), RULES, orders, plans, params)
        b = reoptimize_batch(_pool(), RULES, orders, plans, params, should_stop=lambda: False)
        assert (a.plans, a.moves, a.optimal, a.bound) == (b.plans, b.moves, b.optimal, b.bound)


@pytest.mark.parametrize("method", ["chains", "mip"])
def test_what_should_stop_raises_propagates(method):
    orders, plans = _stream()

    def should_stop() -> bool:
        raise KeyError("cancelled")

    with pytest.raises(KeyError, match="cancelled"):
        reoptimize_batch(
            _pool(), RULES, orders, plans, BatchParams(60, method=method), should_stop=should_stop
        )


@pytest.mark.parametrize("method", ["chains", "mip"])
def test_a_stop_after_the_first_progress_report_keeps_the_plans_so_far(method):
    # was: chains never reported progress, so a caller stopping on what it was told
    # (a job cancelled after its first report) could not stop them
    orders, plans = _stream()
    params = BatchParams(time_limit_s=60, method=method, workers=1)
    seen: list = []
    r = reoptimize_batch(_pool(), RULES, orders, plans, params, seen.append,
                         should_stop=lambda: bool(seen))  # fmt: skip
    assert len(seen) == 1
    if method == "chains":  # the first split order's whole chain, not the second
        assert r.candidate_orders == 1 and r.extra_shipments_after == 1
        assert {m.order_id for m in r.moves} in ({"o1", "o2"}, {"o3", "o4"})
        assert seen[0].best == r.cost_after < r.cost_before
    else:  # stopped while generating candidates: the current plans
        assert r.plans == tuple(plans) and r.moves == () and not r.optimal
        assert seen[0].best == r.cost_after == r.cost_before


def test_a_stop_reaches_the_cpsat_search_of_a_large_order():
    # was: polled only between orders, so a stop waited out a large order's CP-SAT
    # search (1.4 s here, up to its time limit)
    problem = large_order()
    plan = solve(problem, SourcingParams(time_limit_s=60)).plan
    assert len(plan.shipments) > 1  # so the chains re-solve it, by CP-SAT
    stop = _after_polls(2)  # the chains' check before the order passes; the next stops
    r = reoptimize_batch(problem.network, problem.rules, [problem.order], [plan],
                         BatchParams(time_limit_s=60), should_stop=stop)  # fmt: skip
    assert stop.calls[0] >= 2  # the order's solve polled it
    assert r.cost_after <= r.cost_before and not r.optimal
