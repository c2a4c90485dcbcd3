"""validate() on carts that take no time: picked at the depot, no pick time, no setup."""

from __future__ import annotations

import dataclasses

from logistics.domain.layout import Slot, WarehouseLayout
from logistics.domain.picking import PickLine, PickOrder
from solvers.waves import (
    BatchingParams,
    BatchingProblem,
    CartCapacity,
    Picker,
    WaveParams,
    WaveProblem,
    plan_waves,
    validate,
)

# "here" is where the depot meets the front cross-aisle: a cart of it is 0 mm and 0 s
LAYOUT = WarehouseLayout(
    aisle_x_mm=(0, 4000),
    cross_aisle_y_mm=(0, 10000),
    slots=(Slot("here", 0, 0), Slot("far", 1, 6000)),
    depot_x_mm=0,
    pick_time_s=0.0,
)


def test_a_cart_of_no_time_beside_a_long_one_is_no_overlap():
    # both carts start when the shift does: [0, 0] and [0, 20]. validate() sorted a
    # picker's carts by start only, so in the order [0, 20], [0, 0] it reported
    # "batches overlap at 0 s" for a feasible plan (and the CLI/API "feasible": false)
    orders = (
        PickOrder("a", (PickLine("here"),), cutoff_s=3600),
        PickOrder("b", (PickLine("far"),), cutoff_s=3600),
    )
    problem = WaveProblem(
        BatchingProblem(LAYOUT, orders, CartCapacity(items=1)), (Picker("ana", 0, 3600),)
    )
    plan = plan_waves(problem, WaveParams(BatchingParams(time_limit_s=1, max_iterations=5), 2))
    assert sorted((s.start_s, s.end_s) for s in plan.batches) == [(0, 0), (0, 20)]
    for batches in (plan.batches, plan.batches[::-1]):
        check = validate(problem, dataclasses.replace(plan, batches=batches))
        assert check.ok, check.errors
