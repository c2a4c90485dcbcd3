"""Bulk sourcing paths offer pickup-point lanes to the orders whose customers accept them.

A two-line order ships in two parcels (each site held one of its SKUs when it was
sourced). Once one site holds both, batch re-optimisation moves it into one parcel,
and the single-order solve would send that parcel to a pickup point near the
customer, at half the home-delivery price, when the customer accepts one. Batch
re-optimisation and the hindsight bound must offer the same lanes: given
``accept_pickup_points`` they agree with the single-order solve; without it the
customer is taken not to accept one, as ``SourcingProblem`` does by default.
"""

from __future__ import annotations

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
from logistics.errors import InvalidValueError
from solvers import sourcing
from solvers.sourcing import BatchParams, reoptimize_batch
from solvers.sourcing.clocks import order_pickup_points
from solvers.sourcing.hindsight import hindsight_bound
from solvers.sourcing.plans import option_signature

H = 3600
NEWARK = LatLon(40.7357, -74.1724)
PHILADELPHIA = LatLon(39.9526, -75.1652)
BROOKLYN = LatLon(40.6782, -73.9442)
LOCKER = LatLon(40.6800, -73.9500)  # ~530 m from the customer
CREATED = 1_779_976_800  # 2026-05-28 10:00 EDT, a Thursday
RULES = SourcingRules()


def _card(base_cents: int) -> RateCard:
    return RateCard((RateZone(200_000, base_cents, 10, 1),))


HOME = Carrier("HOME", CarrierKind.COURIER, _card(800), last_pickup_s=18 * H)
PICKUP = Carrier(
    "LOCKER",
    CarrierKind.PICKUP_POINT,
    _card(400),
    last_pickup_s=18 * H,
    radius_m=2_000,
    points=(LOCKER,),
)
SITES = (
    Warehouse("EWR", NEWARK, 100, cutoffs_s=(15 * H,), time_zone="America/New_York"),
    Warehouse("PHL", PHILADELPHIA, 100, cutoffs_s=(15 * H,), time_zone="America/New_York"),
)
SKUS = (Sku("S1", weight_g=500), Sku("S2", weight_g=700))


def _net(stock: dict[tuple[str, str], int]) -> NetworkSnapshot:
    rows = [InventoryPosition(w, k, q) for (w, k), q in stock.items()]
    return NetworkSnapshot.build(SITES, SKUS, (HOME, PICKUP), rows)


SPLIT_NET = _net({("EWR", "S1"): 1, ("PHL", "S2"): 1})
POOL = _net({("EWR", "S1"): 1, ("EWR", "S2"): 1, ("PHL", "S2"): 1})


def _order(oid: str = "o1") -> Order:
    lines = (OrderLine("S1", 1), OrderLine("S2", 1))
    return Order(oid, lines, BROOKLYN, Promise(PromiseKind.NEXT_DAY), CREATED)


def _solve(order: Order, net: NetworkSnapshot, accept: bool):
    result = sourcing.solve(SourcingProblem(order, net, RULES, accept_pickup_point=accept))
    assert result.plan is not None
    return result.plan


def _carriers(plan) -> list[str]:
    return [s.carrier_id for s in plan.shipments]


def test_the_single_order_solve_sends_an_accepting_customer_to_the_locker():
    order = _order()
    assert _carriers(_solve(order, POOL, True)) == ["LOCKER"]
    assert _carriers(_solve(order, POOL, False)) == ["HOME"]
    assert _solve(order, POOL, True).total_cost < _solve(order, POOL, False).total_cost


@pytest.mark.parametrize("method", ["chains", "mip"])
def test_batch_consolidates_to_the_locker_as_solve_does(method):
    order = _order()
    current = _solve(order, SPLIT_NET, True)
    assert len(current.shipments) == 2
    single = _solve(order, POOL, True)
    params = BatchParams(method=method, time_limit_s=5)
    result = reoptimize_batch(POOL, RULES, [order], [current], params, accept_pickup_points=[True])
    assert option_signature(result.plans[0]) == option_signature(single)
    assert result.plans[0].total_cost == single.total_cost
    assert _carriers(result.plans[0]) == ["LOCKER"]


@pytest.mark.parametrize("method", ["chains", "mip"])
def test_batch_without_acceptance_ships_home_as_solve_does(method):
    order = _order()
    current = _solve(order, SPLIT_NET, False)
    params = BatchParams(method=method, time_limit_s=5)
    result = reoptimize_batch(POOL, RULES, [order], [current], params)
    assert _carriers(result.plans[0]) == ["HOME"]
    assert result.plans[0].total_cost == _solve(order, POOL, False).total_cost


def test_batch_acceptance_is_per_order():
    a, b = _order("a"), _order("b")
    pool = _net({("EWR", "S1"): 2, ("EWR", "S2"): 2, ("PHL", "S2"): 2})
    current = [_solve(a, SPLIT_NET, True), _solve(b, SPLIT_NET, False)]
    result = reoptimize_batch(pool, RULES, [a, b], current, accept_pickup_points=[True, False])
    assert [_carriers(p) for p in result.plans] == [["LOCKER"], ["HOME"]]


@pytest.mark.parametrize("accept", [True, False])
def test_hindsight_prices_the_lanes_solve_has(accept):
    order = _order()
    single = _solve(order, POOL, accept)
    hb = hindsight_bound(POOL, RULES, [order], 3000, 10_000, accept_pickup_points=[accept])
    assert hb.misses == pytest.approx(0.0)
    assert hb.total == pytest.approx(single.total_cost)


def test_hindsight_without_acceptance_prices_home_delivery():
    hb = hindsight_bound(POOL, RULES, [_order()], 3000, 10_000)
    assert hb.total == pytest.approx(_solve(_order(), POOL, False).total_cost)


@pytest.mark.parametrize(
    ("accept", "field", "value"),
    [
        ([True, False], "accept_pickup_points", 2),
        ([], "accept_pickup_points", 0),
        (True, "accept_pickup_points", True),
        (["yes"], "accept_pickup_points[0]", "yes"),
        ([1], "accept_pickup_points[0]", 1),
    ],
)
def test_bad_acceptance_lists_name_the_argument(accept, field, value):
    with pytest.raises(InvalidValueError) as err:
        order_pickup_points([_order()], accept)
    assert err.value.field == field and err.value.value == value
    with pytest.raises(InvalidValueError):
        reoptimize_batch(POOL, RULES, [_order()], [_solve(_order(), POOL, False)],
                         accept_pickup_points=accept)  # fmt: skip
