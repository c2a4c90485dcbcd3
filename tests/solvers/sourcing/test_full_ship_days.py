"""A site's full ship days take out only the lanes leaving it on those days.

The API counts a site's daily capacity on the day a shipment leaves. Before, a site
with one full day among the days its carriers could leave on was taken out for every
carrier (the order refused, or shipped dearer elsewhere); now only the lanes leaving
on the full day are (``SourcingProblem.full_ship_days``).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from logistics.domain import LatLon, Order, OrderLine, Promise, PromiseKind, Sku, Warehouse
from logistics.domain.carriers import Carrier, CarrierKind, RateCard, RateZone
from logistics.domain.catalog import InventoryPosition
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem
from logistics.errors import InvalidValueError
from solvers.sourcing import SourcingStatus, solve, validate

H = 3600
NOON = 1_781_092_800  # 2026-06-10T12:00:00Z


def _card(base: int) -> RateCard:
    return RateCard((RateZone(5_000_000, base, 0, 1),))


def _problem(full=frozenset()) -> SourcingProblem:
    site = Warehouse("W", LatLon(40.7, -74.0), 10, cutoffs_s=(10 * H, 18 * H))
    late = Carrier("LATE", CarrierKind.COURIER, _card(500), last_pickup_s=20 * H)  # 18:00 today
    early = Carrier("EARLY", CarrierKind.COURIER, _card(900), last_pickup_s=11 * H)  # 10:00 tmrw
    net = NetworkSnapshot.build(
        [site], [Sku("S", weight_g=100)], [late, early], [InventoryPosition("W", "S", 5)]
    )
    order = Order(
        "o1", (OrderLine("S", 1),), LatLon(40.8, -74.1), Promise(PromiseKind.STANDARD), NOON
    )
    return SourcingProblem(order, net, customer_utc_offset_s=0, full_ship_days=full)


def test_without_full_days_the_cheaper_lane_of_today_ships():
    result = solve(_problem())
    (shipment,) = result.plan.shipments
    assert (shipment.carrier_id, shipment.ships_at) == ("LATE", NOON + 6 * H)


def test_a_full_day_leaves_the_sites_lanes_of_other_days():
    problem = _problem(frozenset({("W", "2026-06-10")}))
    result = solve(problem)
    assert result.sourced, result.reason
    (shipment,) = result.plan.shipments
    assert (shipment.carrier_id, shipment.ships_at) == ("EARLY", NOON + 22 * H)
    assert validate(problem, result).ok
    # the plan of an open day does not pass on the problem whose day is full
    errors = validate(problem, solve(_problem())).errors
    assert "shipments[0]: LATE leaves W on one of its full days" in errors


def test_every_ship_day_full_is_no_capacity_for_the_day_it_would_ship():
    problem = _problem(frozenset({("W", "2026-06-10"), ("W", "2026-06-11")}))
    result = solve(problem)
    assert result.status == SourcingStatus.INFEASIBLE
    assert "W has no picking capacity left for the day it would ship" in result.reason
    notes = {n.warehouse_id: n.reason for n in result.site_notes}
    assert notes == {"W": "no picking capacity left for the day it would ship"}
    assert validate(problem, result).ok


def test_another_sites_full_day_changes_nothing():
    result = solve(_problem(frozenset({("X", "2026-06-10")})))
    assert result.plan.shipments[0].carrier_id == "LATE"


@pytest.mark.parametrize("bad", [{("W", "2026-06-10")}, frozenset({"W"}), frozenset({("W", 1)})])
def test_full_ship_days_must_be_pairs_of_text(bad):
    with pytest.raises(InvalidValueError) as err:
        replace(_problem(), full_ship_days=bad)
    assert err.value.field == "full_ship_days"
