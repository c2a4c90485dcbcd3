"""Integer fields take any integer type but bool (``numpy.int64`` from an array or a
DataFrame too) and store a plain ``int``; bool and floats (``3.0`` too) stay refused.

Regression: only seeds took a numpy integer; every other integer field checked with
``require_int`` (``MoveBudget.max_moves``, capacities, counts, quantities, params)
raised "expected an integer" for ``numpy.int64(3)``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import numpy as np
import pytest

from logistics.domain import LatLon, Order, OrderLine, Promise, PromiseKind
from logistics.domain.carriers import RateZone
from logistics.domain.catalog import InventoryPosition, Sku
from logistics.domain.fleet import VehicleType
from logistics.domain.layout import Slot, WarehouseLayout
from logistics.domain.network import Warehouse
from logistics.domain.picking import PickLine, PickOrder
from logistics.domain.slotting import MoveBudget, PastOrder, SlotSku
from logistics.domain.sourcing import SourcingRules
from logistics.domain.stops import Stop, TimeWindow
from logistics.domain.timezones import CustomerClock
from logistics.domain.wave_selection import WaveSelectionProblem
from logistics.errors import InvalidValueError
from logistics.jobs.local import ProcessPoolBackend
from logistics.synthetic.day import DayConfig
from logistics.travel_time import SpeedProfile
from solvers.network import NetworkParams
from solvers.picking.result import RouteParams
from solvers.routing import RoutingParams
from solvers.slotting import SlottingParams
from solvers.sourcing.batch import BatchParams
from solvers.sourcing.params import SourcingParams
from solvers.wave_selection import WaveSelectionParams
from solvers.waves import CartCapacity

HERE = LatLon(-22.9, -43.2)

# (id, build(value) -> object, stored(object) -> the field as stored, field named by errors)
CASES: list[tuple[str, Callable[[Any], Any], Callable[[Any], Any], str]] = [
    ("MoveBudget.max_moves", lambda v: MoveBudget(max_moves=v), lambda o: o.max_moves, "max_moves"),
    ("SlotSku.weight_g", lambda v: SlotSku("a", weight_g=v), lambda o: o.weight_g, "weight_g"),
    (
        "SlotSku.dims_mm",
        lambda v: SlotSku("a", dims_mm=(v, 1, 1)),
        lambda o: o.dims_mm[0],
        "dims_mm[0]",
    ),
    ("PastOrder.time_s", lambda v: PastOrder("o", v, ("a",)), lambda o: o.time_s, "time_s"),
    (
        "Slot.level",
        lambda v: Slot("s", aisle=0, position_mm=10, level=v),
        lambda o: o.level,
        "level",
    ),
    (
        "Slot.max_dims_mm",
        lambda v: Slot("s", aisle=0, position_mm=10, max_dims_mm=(v, 1, 1)),
        lambda o: o.max_dims_mm[0],
        "max_dims_mm[0]",
    ),
    (
        "WarehouseLayout.aisle_x_mm",
        lambda v: WarehouseLayout((0, v), (0, 5000), (), depot_x_mm=0),
        lambda o: o.aisle_x_mm[1],
        "aisle_x_mm[1]",
    ),
    (
        "WarehouseLayout.single_block",
        lambda v: WarehouseLayout.single_block(aisles=v, slots_per_side=2),
        lambda o: len(o.aisle_x_mm),
        "aisles",
    ),
    ("Sku.volume_cm3", lambda v: Sku("a", volume_cm3=v), lambda o: o.volume_cm3, "volume_cm3"),
    (
        "InventoryPosition.on_hand",
        lambda v: InventoryPosition("w", "a", v),
        lambda o: o.on_hand,
        "on_hand",
    ),
    ("OrderLine.quantity", lambda v: OrderLine("a", v), lambda o: o.quantity, "quantity"),
    (
        "Order.created_at",
        lambda v: Order("o", (OrderLine("a", 1),), HERE, Promise(PromiseKind.NEXT_DAY), v),
        lambda o: o.created_at,
        "created_at",
    ),
    (
        "Warehouse.capacity_per_day",
        lambda v: Warehouse("w", HERE, v),
        lambda o: o.capacity_per_day,
        "capacity_per_day",
    ),
    (
        "Warehouse.cutoffs_s",
        lambda v: Warehouse("w", HERE, 9, cutoffs_s=(v,)),
        lambda o: o.cutoffs_s[0],
        "cutoffs_s[0]",
    ),
    (
        "Warehouse.utc_offset_s",
        lambda v: Warehouse("w", HERE, 9, utc_offset_s=v),
        lambda o: o.utc_offset_s,
        "utc_offset_s",
    ),
    (
        "CustomerClock.utc_offset_s",
        lambda v: CustomerClock(utc_offset_s=v),
        lambda o: o.utc_offset_s,
        "utc_offset_s",
    ),
    (
        "RateZone.transit_days",
        lambda v: RateZone(1000, 0, 0, v),
        lambda o: o.transit_days,
        "transit_days",
    ),
    (
        "VehicleType.capacity",
        lambda v: VehicleType("van", (v,)),
        lambda o: o.capacity[0],
        "capacity[0]",
    ),
    (
        "VehicleType.fixed_cost",
        lambda v: VehicleType("van", (1,), fixed_cost=v),
        lambda o: o.fixed_cost,
        "fixed_cost",
    ),
    (
        "Stop.delivery",
        lambda v: Stop("s", HERE, delivery=(v,), pickup=(0,)),
        lambda o: o.delivery[0],
        "delivery[0]",
    ),
    ("Stop.service_s", lambda v: Stop("s", HERE, service_s=v), lambda o: o.service_s, "service_s"),
    ("TimeWindow.end", lambda v: TimeWindow(0, v), lambda o: o.end, "end"),
    (
        "SourcingRules.max_shipments",
        lambda v: SourcingRules(max_shipments=v),
        lambda o: o.max_shipments,
        "max_shipments",
    ),
    (
        "SourcingRules.safety_stock_by_channel",
        lambda v: SourcingRules(safety_stock_by_channel={"web": v}),
        lambda o: o.safety_stock_by_channel[0][1],
        "safety_stock_by_channel[web]",
    ),
    ("PickLine.quantity", lambda v: PickLine("s", quantity=v), lambda o: o.quantity, "quantity"),
    (
        "PickOrder.totes",
        lambda v: PickOrder("o", (PickLine("s"),), totes=v),
        lambda o: o.totes,
        "totes",
    ),
    ("CartCapacity.items", lambda v: CartCapacity(items=v), lambda o: o.items, "cart.items"),
    (
        "WaveSelectionProblem.units",
        lambda v: WaveSelectionProblem([{0: v}], [{0: 9}], n_items=1, lb=1, ub=9),
        lambda o: o.orders[0][0][1],
        "orders[0][0].units",
    ),
    (
        "SlottingParams.orders_per_batch",
        lambda v: SlottingParams(orders_per_batch=v),
        lambda o: o.orders_per_batch,
        "orders_per_batch",
    ),
    (
        "SlottingParams.min_support",
        lambda v: SlottingParams(min_support=v),
        lambda o: o.min_support,
        "min_support",
    ),
    (
        "SourcingParams.runner_ups",
        lambda v: SourcingParams(runner_ups=v),
        lambda o: o.runner_ups,
        "runner_ups",
    ),
    (
        "BatchParams.candidates_per_order",
        lambda v: BatchParams(candidates_per_order=v),
        lambda o: o.candidates_per_order,
        "candidates_per_order",
    ),
    (
        "WaveSelectionParams.workers",
        lambda v: WaveSelectionParams(workers=v),
        lambda o: o.workers,
        "workers",
    ),
    (
        "RouteParams.exact_max_points",
        lambda v: RouteParams(exact_max_points=v),
        lambda o: o.exact_max_points,
        "exact_max_points",
    ),
    (
        "RoutingParams.solution_limit",
        lambda v: RoutingParams(solution_limit=v),
        lambda o: o.solution_limit,
        "solution_limit",
    ),
    (
        "NetworkParams.direct_limit",
        lambda v: NetworkParams(direct_limit=v),
        lambda o: o.direct_limit,
        "direct_limit",
    ),
    ("DayConfig.n_orders", lambda v: DayConfig(n_orders=v), lambda o: o.n_orders, "n_orders"),
]


def _case_ids(case: tuple) -> str:
    return case[0]


@pytest.mark.parametrize("case", CASES, ids=_case_ids)
@pytest.mark.parametrize("number", [np.int64(3), np.int32(3), np.uint8(3)], ids=repr)
def test_a_numpy_integer_is_taken_and_stored_as_an_int(case, number):
    _, build, stored, _ = case
    obj = build(number)
    value = stored(obj)
    assert value == 3 and type(value) is int
    plain = build(3)
    assert obj == plain  # equality and hashing as with a plain int
    if obj.__hash__ is not None:
        assert hash(obj) == hash(plain)


@pytest.mark.parametrize("case", CASES, ids=_case_ids)
@pytest.mark.parametrize("bad", [True, 3.0, "3"], ids=repr)
def test_bool_float_and_text_are_still_refused(case, bad):
    _, build, _, field = case
    with pytest.raises(InvalidValueError) as err:
        build(bad)
    assert err.value.field == field
    assert err.value.value is bad


def test_the_stored_int_serialises_as_json():
    budget = MoveBudget(max_moves=np.int64(40))
    assert json.loads(json.dumps(asdict(budget)))["max_moves"] == 40


def test_bounds_are_checked_on_numpy_integers_and_name_a_plain_value():
    with pytest.raises(InvalidValueError) as err:
        MoveBudget(max_moves=np.int64(-1))
    assert err.value.field == "max_moves" and type(err.value.value) is int


def test_executor_sizes_take_numpy_integers():
    backend = ProcessPoolBackend(workers=np.int64(2), max_tasks_per_child=np.int32(5))
    try:
        assert type(backend._workers) is int and type(backend.max_tasks_per_child) is int
    finally:
        backend.shutdown()
    for bad in (True, 2.0):
        with pytest.raises(InvalidValueError, match="workers"):
            ProcessPoolBackend(workers=bad)


def test_speed_profile_hours_take_numpy_integers():
    rush = SpeedProfile.from_hours(30.0, {np.int64(8): 15.0})
    assert rush == SpeedProfile.from_hours(30.0, {8: 15.0})
    with pytest.raises(InvalidValueError, match="by_hour"):
        SpeedProfile.from_hours(30.0, {8.0: 15.0})
