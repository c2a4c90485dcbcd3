"""A slotting problem's mappings cannot be changed after construction.

Regression: ``problem.current`` and ``rules.slot_types`` were plain dicts inside
frozen dataclasses, so ``problem.current["s"] = "nowhere"`` bypassed the checks made
at construction (``plan_moves`` then failed naming ``slot``, not ``current``).
"""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from logistics.domain.layout import Slot, WarehouseLayout
from logistics.domain.slotting import SlotSku, SlottingProblem, SlottingRules
from logistics.errors import InvalidValueError


def _problem() -> SlottingProblem:
    slots = tuple(Slot(f"s{i}", aisle=i % 2, position_mm=1000 + 500 * i) for i in range(4))
    layout = WarehouseLayout((0, 4000), (0, 10000), slots, depot_x_mm=0)
    rules = SlottingRules(slot_types={"cold": ["chilled"]})
    return SlottingProblem(layout, (SlotSku("a", 10, 10),), current={"a": "s0"}, rules=rules)


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m.__setitem__("a", "nowhere"),
        lambda m: m.update({"a": "s1"}),
        lambda m: m.pop("a"),
        lambda m: m.clear(),
        lambda m: m.setdefault("b", "s1"),
        lambda m: m.__delitem__("a"),
    ],
)
def test_current_and_slot_types_refuse_changes(change):
    problem = _problem()
    for mapping in (problem.current, problem.rules.slot_types):
        with pytest.raises(TypeError):
            change(mapping)
    assert problem.current == {"a": "s0"}
    assert problem.rules.slot_types == {"cold": ("chilled",)}


def test_read_only_mappings_still_serialise_pickle_and_copy():
    problem = _problem()
    assert json.loads(json.dumps(problem.current)) == {"a": "s0"}
    again = pickle.loads(pickle.dumps(problem))
    assert again.current == problem.current and again.rules == problem.rules
    assert copy.deepcopy(problem).current == problem.current


@pytest.mark.parametrize("current", ["ab", 5, [("a", "s0")]])
def test_a_current_plan_that_is_not_a_mapping_is_named(current):
    # was a bare ValueError / TypeError from dict(current)
    base = _problem()
    with pytest.raises(InvalidValueError) as err:
        SlottingProblem(base.layout, base.skus, current=current)
    assert err.value.field == "current"
