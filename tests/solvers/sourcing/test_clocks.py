"""Bulk sourcing paths judge promises on each order's customer clock, like ``solve``.

A next-day order placed at 00:30 New York time on 1 July (EDT, UTC-4) is, on the
longitude guess (-74 deg -> UTC-5), still placed on 30 June at 23:30: its promise
ends a day earlier and the one-day ground courier is late. Given the order's clock
(``America/New_York``, or a fixed -04:00), batch re-optimisation, the hindsight
bound and the look-ahead unit costs must agree with the single-order solve; in
January (EST = the guess) they agree with or without the clock. Without clocks
every path gives what it gave before the clocks existed.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from logistics.domain import (
    Carrier,
    CarrierKind,
    InventoryPosition,
    LatLon,
    Order,
    OrderLine,
    Promise,
    PromiseKind,
    Sku,
    Warehouse,
)
from logistics.domain.carriers import RateCard, RateZone
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem, SourcingRules
from logistics.domain.timezones import CustomerClock
from logistics.errors import InvalidValueError
from logistics.sourcing_scenario import us_scenario
from solvers import sourcing
from solvers.sourcing import BatchParams, reoptimize_batch, unit_costs
from solvers.sourcing.clocks import clocked_problem, order_clocks
from solvers.sourcing.hindsight import hindsight_bound
from solvers.sourcing.plans import option_signature
from solvers.sourcing.result import SourcingStatus

H = 3600
NY = ZoneInfo("America/New_York")
NEWARK = LatLon(40.7357, -74.1724)
PHILADELPHIA = LatLon(39.9526, -75.1652)
BROOKLYN = LatLon(40.6782, -73.9442)
ZONE = CustomerClock(time_zone="America/New_York")
RULES = SourcingRules()


def _ny(*args: int) -> int:
    return int(dt.datetime(*args, tzinfo=NY).timestamp())


SUMMER = _ny(2026, 7, 1, 0, 30)  # 04:30Z: still 30 June 23:30 at UTC-5
WINTER = _ny(2026, 1, 15, 0, 30)  # 05:30Z: EST, the guess is right


def _carrier(cid: str, transit_days: int, base_cents: int) -> Carrier:
    card = RateCard((RateZone(200_000, base_cents, 10, transit_days),))
    return Carrier(cid, CarrierKind.COURIER, card, last_pickup_s=18 * H, delivery_by_s=21 * H)


def _site(wid: str, loc: LatLon) -> Warehouse:
    return Warehouse(wid, loc, 100, cutoffs_s=(15 * H,), time_zone="America/New_York")


SITES = (_site("EWR", NEWARK), _site("PHL", PHILADELPHIA))
SKUS = (Sku("S1", weight_g=500), Sku("S2", weight_g=700))
GROUND = (_carrier("GROUND", 1, 500),)


def _net(stock: dict[tuple[str, str], int], carriers=GROUND) -> NetworkSnapshot:
    rows = [InventoryPosition(w, k, q) for (w, k), q in stock.items()]
    return NetworkSnapshot.build(SITES, SKUS, carriers, rows)


SPLIT_NET = _net({("EWR", "S1"): 1, ("PHL", "S2"): 1})
POOL = _net({("EWR", "S1"): 1, ("EWR", "S2"): 1, ("PHL", "S2"): 1})


def _order(created: int, oid: str = "o1") -> Order:
    lines = (OrderLine("S1", 1), OrderLine("S2", 1))
    return Order(oid, lines, BROOKLYN, Promise(PromiseKind.NEXT_DAY), created)


def _split_plan(order: Order, clock: CustomerClock):
    """The order's current plan: two parcels (EWR had no S2 when it was sourced)."""
    result = sourcing.solve(clocked_problem(order, SPLIT_NET, RULES, clock))
    assert result.plan is not None and len(result.plan.shipments) == 2
    return result.plan


CLOCKS = [ZONE, CustomerClock(utc_offset_s=-4 * H)]


@pytest.mark.parametrize("clock", CLOCKS, ids=["zone", "offset"])
def test_the_guess_and_the_clock_disagree_about_the_summer_promise_day(clock):
    order = _order(SUMMER)
    on_clock = sourcing.solve(clocked_problem(order, POOL, RULES, clock))
    assert on_clock.sourced and len(on_clock.plan.shipments) == 1
    guessed = sourcing.solve(SourcingProblem(order, POOL, RULES))
    assert guessed.status == SourcingStatus.PROMISE_UNREACHABLE
    assert guessed.promise_deadline == on_clock.promise_deadline - DAY + H  # UTC-5 vs UTC-4


DAY = 86_400


@pytest.mark.parametrize("method", ["chains", "mip"])
@pytest.mark.parametrize("clock", CLOCKS, ids=["zone", "offset"])
@pytest.mark.parametrize("created", [SUMMER, WINTER], ids=["summer", "winter"])
def test_batch_consolidates_as_solve_does_on_the_customer_clock(created, clock, method):
    order = _order(created)
    current = _split_plan(order, clock)
    single = sourcing.solve(clocked_problem(order, POOL, RULES, clock)).plan
    params = BatchParams(method=method, time_limit_s=5)
    result = reoptimize_batch(POOL, RULES, [order], [current], params, clocks=[clock])
    assert option_signature(result.plans[0]) == option_signature(single)
    assert result.plans[0].total_cost == single.total_cost
    assert result.plans[0].delivers_by == single.delivers_by
    assert [m.order_id for m in result.moves] == ["o1"]


@pytest.mark.parametrize("method", ["chains", "mip"])
def test_batch_without_the_clock_keeps_the_summer_split_and_the_winter_one_moves(method):
    params = BatchParams(method=method, time_limit_s=5)
    summer = _order(SUMMER)
    kept = reoptimize_batch(POOL, RULES, [summer], [_split_plan(summer, ZONE)], params)
    assert len(kept.plans[0].shipments) == 2 and not kept.moves  # the guess: no on-time parcel
    winter = _order(WINTER)
    moved = reoptimize_batch(POOL, RULES, [winter], [_split_plan(winter, ZONE)], params)
    assert len(moved.plans[0].shipments) == 1


def test_batch_clocks_are_per_order():
    # two orders, one with its clock, one on the guess: only the clocked one consolidates
    a, b = _order(SUMMER, "a"), _order(SUMMER, "b")
    pool = _net({("EWR", "S1"): 2, ("EWR", "S2"): 2, ("PHL", "S2"): 2})
    current = [_split_plan(a, ZONE), _split_plan(b, ZONE)]
    result = reoptimize_batch(pool, RULES, [a, b], current, clocks=[ZONE, None])
    assert [len(p.shipments) for p in result.plans] == [1, 2]


@pytest.mark.parametrize("clock", CLOCKS, ids=["zone", "offset"])
@pytest.mark.parametrize("created", [SUMMER, WINTER], ids=["summer", "winter"])
def test_hindsight_counts_the_promise_as_solve_does(created, clock):
    order = _order(created)
    single = sourcing.solve(clocked_problem(order, POOL, RULES, clock)).plan
    hb = hindsight_bound(POOL, RULES, [order], 3000, 10_000, clocks=[clock])
    assert hb.misses == pytest.approx(0.0)
    assert hb.total == pytest.approx(single.total_cost)


def test_hindsight_without_the_clock_still_uses_the_guess():
    summer = hindsight_bound(POOL, RULES, [_order(SUMMER)], 3000, 10_000)
    assert summer.misses == pytest.approx(1.0)  # late on the guessed day
    winter = hindsight_bound(POOL, RULES, [_order(WINTER)], 3000, 10_000)
    assert winter.misses == pytest.approx(0.0)


# --- look-ahead: a region's unit cost on its own clock


VAN = (_carrier("VAN", 0, 400),)  # same day by 21:00 when collected at the 15:00 cut-off
LA_NET = NetworkSnapshot.build(
    SITES[:1], SKUS[:1], VAN, [InventoryPosition("EWR", "S1", 5)]
)  # fmt: skip
SAME_DAY = ((Promise(PromiseKind.SAME_DAY), 1.0),)


def _utc_midnight(y: int, m: int, d: int) -> int:
    return int(dt.datetime(y, m, d, tzinfo=dt.UTC).timestamp())


@pytest.mark.parametrize("clock", CLOCKS, ids=["zone", "offset"])
def test_unit_costs_price_a_summer_region_on_its_clock(clock):
    # 14:30 EDT makes the 15:00 cut-off; 14:30 at UTC-5 (the dataset's standard offset)
    # is 15:30 EDT, after it: the region would pay the miss penalty.
    day = _utc_midnight(2026, 7, 1)
    args = (LA_NET, [BROOKLYN], [-5 * H], SAME_DAY, 3000, 14 * H + 1800, day)
    priced = unit_costs(*args, region_clocks=[clock])
    probe = Order("p", (OrderLine("S1", 1),), BROOKLYN, SAME_DAY[0][0], _ny(2026, 7, 1, 14, 30))
    single = sourcing.solve(clocked_problem(probe, LA_NET, RULES, clock))
    assert single.sourced
    assert priced[0, 0, 0] == pytest.approx(single.plan.total_cost)
    fixed = unit_costs(*args)
    assert fixed[0, 0, 0] == pytest.approx(single.plan.total_cost + 3000)


def test_unit_costs_winter_region_agrees_with_the_standard_offset():
    day = _utc_midnight(2026, 1, 15)
    args = (LA_NET, [BROOKLYN], [-5 * H], SAME_DAY, 3000, 14 * H + 1800, day)
    np.testing.assert_array_equal(unit_costs(*args, region_clocks=[ZONE]), unit_costs(*args))


# --- no clocks: unchanged results


def _online(sc):
    """The scenario's orders sourced one by one, each taking the stock it plans."""
    fast = sourcing.SourcingParams(explain=False, runner_ups=0)
    avail, cap = sc.network.available.copy(), sc.network.capacity_left.copy()
    orders, plans = [], []
    for order in sc.orders:
        net = sc.network.with_stock(avail, cap)
        r = sourcing.solve(SourcingProblem(order, net, sc.rules), fast)
        if r.plan is None:
            continue
        for s in r.plan.shipments:
            w = net.warehouse_index[s.warehouse_id]
            cap[w] -= 1
            for ln in s.lines:
                avail[w, net.sku_index[ln.sku_id]] -= ln.quantity
        orders.append(order)
        plans.append(r.plan)
    return orders, plans


def test_no_clocks_and_empty_clocks_give_the_same_results():
    sc = us_scenario(seed=3, n_orders=60, days=1, coverage=1.15)
    orders, plans = _online(sc)
    guessed = [CustomerClock(utc_offset_s=round(o.ship_to.lon / 15) * H) for o in orders]
    for method in ("chains", "mip"):
        params = BatchParams(method=method, time_limit_s=5, workers=1)
        base = reoptimize_batch(sc.network, sc.rules, orders, plans, params)
        assert base.moves  # the batch does move orders here
        for clocks in ([None] * len(orders), [CustomerClock()] * len(orders), guessed):
            again = reoptimize_batch(sc.network, sc.rules, orders, plans, params, clocks=clocks)
            assert [option_signature(p) for p in again.plans] == [
                option_signature(p) for p in base.plans
            ]
            assert (again.cost_after, again.moves) == (base.cost_after, base.moves)
    small = [o for o in sc.orders if len(o.lines) <= 4][:15]
    hb = hindsight_bound(sc.network, sc.rules, small, 3000, 10_000)
    hb_none = hindsight_bound(sc.network, sc.rules, small, 3000, 10_000, clocks=[None] * 15)
    assert (hb.total, hb.misses, hb.columns) == (hb_none.total, hb_none.misses, hb_none.columns)
    cities = sc.us.cities[:12]
    args = (sc.network, [c.location for c in cities], [c.utc_offset_s for c in cities])
    rest = (SAME_DAY, 3000, 12 * H, _utc_midnight(2026, 6, 1))
    np.testing.assert_array_equal(
        unit_costs(*args, *rest), unit_costs(*args, *rest, region_clocks=[None] * 12)
    )


# --- bad input: typed errors naming the field and value


def test_clock_lists_must_match_the_orders():
    order = _order(SUMMER)
    current = [_split_plan(order, ZONE)]
    with pytest.raises(InvalidValueError) as e:
        reoptimize_batch(POOL, RULES, [order], current, clocks=[ZONE, ZONE])
    assert (e.value.field, e.value.value) == ("clocks", 2)
    with pytest.raises(InvalidValueError) as e:
        reoptimize_batch(POOL, RULES, [order], current, clocks=["America/New_York"])
    assert (e.value.field, e.value.value) == ("clocks[0]", "America/New_York")
    with pytest.raises(InvalidValueError) as e:
        hindsight_bound(POOL, RULES, [order], 3000, 10_000, clocks=ZONE)
    assert e.value.field == "clocks"
    with pytest.raises(InvalidValueError) as e:
        unit_costs(LA_NET, [BROOKLYN], [-5 * H], SAME_DAY, 3000, region_clocks=[])
    assert (e.value.field, e.value.value) == ("region_clocks", 0)
    assert order_clocks([order], None) == (None,)


def test_clocked_problem_carries_the_clock():
    order = _order(SUMMER)
    p = clocked_problem(order, POOL, RULES, ZONE, now=SUMMER + 60)
    assert p.customer_time_zone == "America/New_York" and p.customer_utc_offset_s is None
    assert p.now == SUMMER + 60 and p.customer_offset_s == -4 * H
    q = clocked_problem(order, POOL, RULES, CustomerClock(utc_offset_s=-4 * H))
    assert q.customer_utc_offset_s == -4 * H and q.customer_time_zone is None
    assert clocked_problem(order, POOL, RULES, None).customer_offset_s == -5 * H  # the guess
