"""Slotting needs past orders: an empty history is an error naming ``history``.

Regression: ``solve`` returned a demand-blind plan reporting 0.0 m of simulated walking
(read as a perfect plan), and ``plan_moves`` 0 moves with 0.0 m now and after.
"""

from __future__ import annotations

import pytest

from logistics.domain.layout import WarehouseLayout
from logistics.domain.slotting import PastOrder, SlotSku, SlottingProblem
from logistics.errors import InvalidValueError
from solvers.slotting import METHODS, SlottingParams, plan_moves, solve

LAYOUT = WarehouseLayout.single_block(aisles=2, slots_per_side=4)
SKUS = tuple(SlotSku(f"s{i}") for i in range(4))


@pytest.mark.parametrize("method", METHODS)
def test_solve_refuses_an_empty_history(method):
    with pytest.raises(InvalidValueError) as err:
        solve(SlottingProblem(LAYOUT, SKUS), SlottingParams(method=method, time_limit_s=1))
    assert err.value.field == "history" and err.value.value == []
    assert "past orders" in err.value.reason


def test_plan_moves_refuses_an_empty_history_with_or_without_a_target():
    current = {s.id: slot.id for s, slot in zip(SKUS, LAYOUT.slots, strict=False)}
    problem = SlottingProblem(LAYOUT, SKUS, current=current)
    for target in (None, current):
        with pytest.raises(InvalidValueError) as err:
            plan_moves(problem, SlottingParams(time_limit_s=1), target=target)
        assert err.value.field == "history"


def test_one_past_order_is_enough_to_slot():
    problem = SlottingProblem(LAYOUT, SKUS, (PastOrder("o1", 0, ("s2", "s3")),))
    res = solve(problem, SlottingParams(method="coi", time_limit_s=1))
    assert set(res.assignment) == {s.id for s in SKUS} and res.walking_mm > 0


def test_a_history_of_only_unknown_skus_is_refused_at_the_first_line():
    with pytest.raises(InvalidValueError) as err:
        SlottingProblem(LAYOUT, SKUS, (PastOrder("o1", 0, ("nope", "gone")),))
    assert err.value.field == "history[0].skus[0]" and err.value.value == "nope"
