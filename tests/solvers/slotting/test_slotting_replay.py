"""Replay: batching + exact routing, checked against routing each cart directly."""

from __future__ import annotations

import pytest

from logistics.errors import InvalidValueError
from solvers.picking import route
from solvers.slotting import SlottingParams, replay, solve, split_history, walking_saved
from solvers.slotting.params import MAX_ORDERS_PER_BATCH
from tests.solvers.slotting.slotting_fixtures import correlated

COI = SlottingParams(method="coi")


def test_replay_equals_exact_routes_of_fcfs_carts():
    p = correlated(n_orders=80)
    plan = solve(p, COI).assignment
    res = replay(p.layout, plan, p.history, orders_per_batch=3)
    orders = sorted(p.history, key=lambda o: (o.time_s, o.id))
    total = 0
    for k in range(0, len(orders), 3):
        slots = {plan[s] for o in orders[k : k + 3] for s in o.skus}
        r = route(p.layout, sorted(slots), "exact")
        assert r.optimal
        total += r.length_mm
    assert res.walking_mm == total
    assert res.batches == 27 and res.lines == sum(len(o.skus) for o in p.history)


def test_split_by_time_and_unslotted_lines():
    p = correlated(n_orders=50)
    train, test = split_history(tuple(reversed(p.history)), 0.6)
    assert max(o.time_s for o in train) < min(o.time_s for o in test)
    assert len(train) == 30
    plan = dict(list(solve(p, COI).assignment.items())[:10])
    res = replay(p.layout, plan, p.history)
    assert res.unslotted_lines > 0
    with pytest.raises(InvalidValueError):
        split_history(p.history, 1.0)


def test_walking_saved_for_the_demo():
    p = correlated(n_orders=300)
    day = walking_saved(p.layout, p.skus, p.history, time_limit_s=0.5)
    assert day.walking_after_mm < day.walking_before_mm
    assert 0 < day.saved_percent < 100


def test_replay_errors_name_its_own_arguments():
    # were named after the internal batching problem: cart.totes=0, orders[0].lines[0].slot_id
    p = correlated(n_orders=20)
    plan = solve(p, COI).assignment
    for carts in (0, MAX_ORDERS_PER_BATCH + 1):
        with pytest.raises(InvalidValueError) as e:
            replay(p.layout, plan, p.history, orders_per_batch=carts)
        assert (e.value.field, e.value.value) == ("orders_per_batch", carts)
    assert replay(p.layout, plan, p.history, orders_per_batch=MAX_ORDERS_PER_BATCH).batches == 1
    sku = p.history[0].skus[0]
    with pytest.raises(InvalidValueError) as e:
        replay(p.layout, {**plan, sku: "NOPE"}, p.history)
    assert (e.value.field, e.value.value) == (f"assignment.{sku}", "NOPE")


def test_a_stop_after_the_first_progress_report_judges_the_plan_so_far():
    # was: walking_saved and replay took no should_stop: 5 s searches by default
    p = correlated(n_orders=300)
    seen: list = []
    day = walking_saved(p.layout, p.skus, p.history, time_limit_s=60, on_progress=seen.append,
                        should_stop=lambda: bool(seen))  # fmt: skip
    assert sorted(day.assignment) == sorted(s.id for s in p.skus)
    assert len(set(day.assignment.values())) == len(p.skus)  # one SKU a slot
    assert 0 < day.walking_after_mm < day.walking_before_mm
    plan = solve(p, COI).assignment
    seen = []
    res = replay(p.layout, plan, p.history, batching="alns", time_limit_s=60,
                 on_progress=seen.append, should_stop=lambda: bool(seen))  # fmt: skip
    fcfs = replay(p.layout, plan, p.history)
    assert len(seen) == 1 and res.walking_mm == seen[0].best * 1000
    assert (res.orders, res.lines) == (fcfs.orders, fcfs.lines)
    assert res.walking_mm <= fcfs.walking_mm
