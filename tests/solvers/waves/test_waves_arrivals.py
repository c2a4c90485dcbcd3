"""Wave plans with orders arriving at different times: one late order strands no cart."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

from logistics.domain.layout import WarehouseLayout
from logistics.domain.picking import PickLine, PickOrder
from solvers.picking import route
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

ROOT = Path(__file__).resolve().parents[3]
LAYOUT = WarehouseLayout.single_block(aisles=6, slots_per_side=10, depot="center")
IDS = LAYOUT.slot_ids()
PARAMS = WaveParams(BatchingParams(time_limit_s=2, max_iterations=30, seed=1), 4)


def _order(k: int, arrival: int, cutoff: int | None, **kw) -> PickOrder:
    lines = (PickLine(IDS[(7 * k) % len(IDS)]), PickLine(IDS[(7 * k + 3) % len(IDS)]))
    return PickOrder(f"o{k}", lines, arrival_s=arrival, cutoff_s=cutoff, **kw)


def _cart_of(plan, oid: str):
    return next(s for s in plan.batches if oid in s.batch.orders)


def _problem(orders, pickers, cart=None) -> WaveProblem:
    cart = cart or CartCapacity(items=100)  # every order fits one cart: batching mixes them
    return WaveProblem(BatchingProblem(LAYOUT, tuple(orders), cart), pickers, setup_s=30)


def _alone_s(order: PickOrder, setup_s: int = 30) -> int:
    return int(math.ceil(route(LAYOUT, [ln.slot_id for ln in order.lines]).time_s)) + setup_s


def test_a_late_arrival_near_the_shift_end_does_not_strand_its_cart():
    # one cut-off, one wave; a cart holds every order, and only the late order alone fits
    # between its arrival and the end of the shift
    end = 8 * 3600
    early = [_order(k, 0, end) for k in range(6)]
    late = _order(9, 0, end)
    late = dataclasses.replace(late, arrival_s=end - _alone_s(late) - 5)
    prob = _problem([*early, late], (Picker("ana", 0, end),))
    plan = plan_waves(prob, PARAMS)
    check = validate(prob, plan)
    assert check.ok, check.errors
    assert plan.on_time and not plan.late
    assert _cart_of(plan, "o9").batch.orders == ("o9",)
    assert _cart_of(plan, "o9").start_s >= late.arrival_s


def test_a_late_arrival_does_not_make_the_early_orders_of_its_cart_late():
    # same cut-off, the shift goes on after it: the late order cannot make it, the others can
    cut = 8 * 3600
    early = [_order(k, 0, cut) for k in range(6)]
    late = _order(9, cut - 30, cut)
    prob = _problem([*early, late], (Picker("ana", 0, 10 * 3600),))
    plan = plan_waves(prob, PARAMS)
    assert validate(prob, plan).ok
    assert [x.order_id for x in plan.late] == ["o9"]
    assert plan.late[0].late_by_s <= _alone_s(late) - 30
    for o in early:
        assert _cart_of(plan, o.id).end_s <= cut


def test_an_order_arriving_after_every_shift_is_the_only_one_unscheduled():
    early = [_order(k, 0, 4 * 3600) for k in range(5)]
    never = _order(9, 9 * 3600, None)  # no cut-off: still reported
    prob = _problem([*early, never], (Picker("ana", 0, 8 * 3600), Picker("ben", 0, 6 * 3600)))
    plan = plan_waves(prob, PARAMS)
    check = validate(prob, plan)
    assert check.ok, check.errors
    assert [(x.order_id, x.cutoff_s, x.done_s, x.late_by_s) for x in plan.late] == [
        ("o9", None, None, None)
    ]
    assert plan.late[0].reason == "no picker shift has room"
    assert not plan.on_time
    assert _cart_of(plan, "o9").batch.orders == ("o9",)
    assert all(_cart_of(plan, o.id).picker_id is not None for o in early)


def test_split_carts_keep_split_orders_and_loads_consistent():
    end = 7600
    big = PickOrder(
        "big", tuple(PickLine(s, 2) for s in IDS[:8]), arrival_s=0, cutoff_s=end, allow_split=True
    )
    others = [_order(k, 0, end, totes=2) for k in range(4)]
    late = _order(9, 0, end)
    late = dataclasses.replace(late, arrival_s=end - _alone_s(late) - 5)
    prob = _problem([big, *others, late], (Picker("ana", 0, end),), CartCapacity(items=12))
    plan = plan_waves(prob, PARAMS)
    check = validate(prob, plan)
    assert check.ok, check.errors
    assert plan.on_time
    assert _cart_of(plan, "o9").batch.orders == ("o9",)
    assert sum(1 for s in plan.batches if "big" in s.batch.orders) >= 2
    by_id = {o.id: o for o in prob.batching.orders}
    for s in plan.batches:
        b = s.batch
        assert b.load[0] == sum(ln.quantity for ln in b.lines) <= 12
        assert b.load[1] == sum(by_id[o].totes for o, _ in b.parts)
        assert b.release_s == max(by_id[o].arrival_s for o in b.orders)


def test_a_late_released_cart_does_not_block_the_picker_before_it_arrives():
    # one order per cart; the late cart is due first, the others fit before it arrives
    cart = CartCapacity(items=2)
    late = _order(0, 5000, 5600)
    rest = [_order(k, 0, 5700) for k in range(1, 11)]
    prob = _problem([late, *rest], (Picker("ana", 0, 9000),), cart)
    plan = plan_waves(prob, PARAMS)
    assert validate(prob, plan).ok
    assert plan.on_time, plan.late
    assert _cart_of(plan, "o0").start_s == 5000


def test_unscheduled_orders_without_cutoff_are_reported_and_validated():
    orders = [_order(k, 0, None) for k in range(4)]
    prob = _problem(orders, (Picker("a", 0, 60),))  # no cart fits the shift
    plan = plan_waves(prob, PARAMS)
    assert sorted(x.order_id for x in plan.late) == ["o0", "o1", "o2", "o3"]
    assert all(x.late_by_s is None and x.cutoff_s is None for x in plan.late)
    assert validate(prob, plan).ok
    hidden = dataclasses.replace(plan, late=())  # the old report: nothing without a cut-off
    assert not validate(prob, hidden).ok


def test_validate_rechecks_arrival_from_the_orders():
    orders = [_order(k, 100 * k, 5000) for k in range(3)]
    prob = _problem(orders, (Picker("a", 0, 9000),))
    plan = plan_waves(prob, PARAMS)
    assert validate(prob, plan).ok
    s = plan.batches[0]
    early = dataclasses.replace(s, batch=dataclasses.replace(s.batch, release_s=0), start_s=0)
    tampered = dataclasses.replace(plan, batches=(early, *plan.batches[1:]))
    if max(o.arrival_s for o in orders if o.id in s.batch.orders) > 0:
        assert any("before its orders arrive" in e for e in validate(prob, tampered).errors)


def _example(change: dict[str, int]) -> WaveProblem:
    from logistics.waves_json import layout_from_json, orders_from_json, wave_problem_from_json

    data = json.loads((ROOT / "examples/waves_orders.json").read_text())
    for o in data["orders"]:
        if o["id"] in change:
            o["arrival_s"] = change[o["id"]]
    layout = layout_from_json(json.loads((ROOT / "examples/layout.json").read_text()))
    return wave_problem_from_json(layout, orders_from_json(data))


def test_audit_cases_on_the_example():
    # o-002 arrives at 15:55 (cut-off and ana's shift end 16:00): it used to strand 3 others
    prob = _example({"o-002": 57300})
    plan = plan_waves(prob, PARAMS)
    assert validate(prob, plan).ok
    assert plan.on_time, plan.late
    # o-001 arrives after every shift: only o-001 is unscheduled (it used to take 4 along)
    prob = _example({"o-001": 70000})
    plan = plan_waves(prob, PARAMS)
    assert validate(prob, plan).ok
    assert [x.order_id for x in plan.late] == ["o-001"]


def test_should_stop_still_returns_every_order():
    prob = _example({"o-001": 70000})
    plan = plan_waves(prob, WaveParams(time_limit_s=600), should_stop=lambda: True)
    assert plan.seconds < 60
    assert validate(prob, plan).ok
    assert sorted(o for s in plan.batches for o in s.batch.orders) == sorted(
        o.id for o in prob.batching.orders
    )


def test_sub_carts_of_a_batch_with_order_parts_are_whole_batches():
    from solvers.waves import BatchingResult, solve_batching, validate_batching
    from solvers.waves.schedule import _Splitter

    big = PickOrder("big", tuple(PickLine(s, 2) for s in IDS[:8]), allow_split=True)
    orders = (big, *(_order(k, 100 * k, None, totes=2) for k in range(1, 6)))
    prob = _problem(orders, (Picker("ana", 0, 9000),), CartCapacity(items=12))
    batching = solve_batching(prob.batching, BatchingParams(max_iterations=20, seed=1))
    splitter = _Splitter(prob, "exact")
    mixed = [b for b in batching.batches if "big" in b.orders and len(b.orders) > 1]
    assert mixed, "the instance should put a part of the big order with other orders"
    pieces = []
    for b in batching.batches:
        if b in mixed:
            keep = {"big"}
            pieces += [splitter.sub(b, keep), splitter.sub(b, set(b.orders) - keep)]
        else:
            pieces.append(b)
    split = BatchingResult(tuple(pieces), sum(p.length_mm for p in pieces), "split")
    check = validate_batching(prob.batching, split)
    assert check.ok, check.errors
    for p in pieces:
        assert p.load[1] == sum(2 if o != "big" else 1 for o, _ in p.parts)
        assert p.release_s == max(splitter.orders[o].arrival_s for o in p.orders)
