"""Slotting problem objects: validation names the item, rules, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from logistics.domain.layout import Slot, WarehouseLayout
from logistics.domain.slotting import (
    MoveBudget,
    PastOrder,
    RuleKind,
    SlotSku,
    SlottingProblem,
    SlottingRules,
    does_not_fit,
    fits,
    rule_violations,
)
from logistics.errors import InvalidValueError

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "slotting" / "problem.json"


def _layout(**slot_kw) -> WarehouseLayout:
    slots = [Slot(f"s{i}", aisle=i % 2, position_mm=1000 + 500 * i, **slot_kw) for i in range(6)]
    return WarehouseLayout((0, 4000), (0, 10000), tuple(slots), depot_x_mm=0)


def test_sku_larger_than_every_slot_is_named():
    layout = _layout(max_volume_cm3=1000, max_weight_g=5000)
    with pytest.raises(InvalidValueError) as exc:
        SlottingProblem(layout, (SlotSku("small", 10, 10), SlotSku("huge", 5000, 10)))
    assert "huge" in str(exc.value) and exc.value.field == "skus[1]"


def test_slot_in_no_aisle_is_named():
    with pytest.raises(InvalidValueError) as exc:
        WarehouseLayout((0, 4000), (0, 10000), (Slot("lost", aisle=5, position_mm=10),), 0)
    assert "lost" in str(exc.value)


def test_negative_budget_is_named():
    with pytest.raises(InvalidValueError) as exc:
        MoveBudget(max_moves=-1)
    assert exc.value.field == "max_moves"
    with pytest.raises(InvalidValueError):
        MoveBudget(labour_minutes=-5)
    assert MoveBudget(max_moves=10, labour_minutes=30, minutes_per_move=5).moves == 6


def test_bad_references():
    layout = _layout()
    skus = (SlotSku("a"), SlotSku("b"))
    with pytest.raises(InvalidValueError, match="unknown SKU"):
        SlottingProblem(layout, skus, (PastOrder("o1", 0, ("a", "zz")),))
    with pytest.raises(InvalidValueError, match="already holds"):
        SlottingProblem(layout, skus, current={"a": "s0", "b": "s0"})
    with pytest.raises(InvalidValueError, match="no such slot"):
        SlottingProblem(layout, skus, current={"a": "nowhere"})
    with pytest.raises(InvalidValueError, match="more SKUs than slots"):
        SlottingProblem(layout, tuple(SlotSku(f"k{i}") for i in range(7)))
    with pytest.raises(InvalidValueError, match="duplicate"):
        SlottingProblem(layout, (SlotSku("a"), SlotSku("a")))
    # the same order twice (a double export) would count its picks twice
    history = (PastOrder("o1", 0, ("a",)), PastOrder("o2", 5, ("b",)), PastOrder("o1", 9, ("b",)))
    with pytest.raises(InvalidValueError, match=r"the same order id as history\[0\]") as exc:
        SlottingProblem(layout, skus, history)
    assert exc.value.field == "history[2].id"


def test_check_assignment_names_the_entry_and_its_pointer():
    p = SlottingProblem(_layout(), (SlotSku("a"), SlotSku("b")))
    p.check_assignment({"a": "s0", "b": "s1"}, "target")
    p.check_assignment({}, "target")
    cases = [
        ({"zz": "s0"}, "target.zz", "unknown SKU"),
        ({"a": "nowhere"}, "target.a", "no such slot"),
        ({"a": "s0", "b": "s0"}, "target.b", "already holds SKU 'a'"),
    ]
    for assignment, field, reason in cases:
        with pytest.raises(InvalidValueError, match=reason) as exc:
            p.check_assignment(assignment, "target")
        assert exc.value.field == field
    with pytest.raises(InvalidValueError, match="expected an object") as exc:
        p.check_assignment(["a", "s0"], "target")
    assert exc.value.field == "target"
    with pytest.raises(InvalidValueError) as exc:
        SlottingProblem.from_dict(
            {
                "layout": {"regular": {"aisles": 2, "slots_per_side": 3}},
                "skus": [{"id": "a"}],
                "current": {"a": "nowhere"},
            }
        )
    assert exc.value.prefixed("problem").pointer == "/problem/current/a"


def test_rules_fit_and_violations():
    rules = SlottingRules(heavy_weight_g=10_000, apart=(("hazardous", "food"),))
    low, high = Slot("l", 0, 10, level=0), Slot("h", 0, 10, level=2)
    heavy = SlotSku("heavy", weight_g=12_000)
    assert fits(heavy, low, rules) and not fits(heavy, high, rules)
    layout = WarehouseLayout(
        (0, 4000), (0, 10000), (low, high, Slot("x", 1, 20), Slot("y", 1, 30)), 0
    )
    skus = (
        heavy,
        SlotSku("acid", sku_class="hazardous"),
        SlotSku("milk", sku_class="food", family="dairy"),
        SlotSku("cheese", family="dairy"),
    )
    p = SlottingProblem(layout, skus, rules=rules)
    bad = rule_violations(p, {"heavy": "h", "acid": "l", "milk": "x", "cheese": "y"})
    assert [(v.kind, v.sku, v.slot) for v in bad] == [(RuleKind.DOES_NOT_FIT, "heavy", "h")]
    bad = rule_violations(p, {"heavy": "l", "acid": "x", "milk": "y", "cheese": "h"})
    assert [(v.kind, v.aisle, v.classes, v.family, v.aisles) for v in bad] == [
        (RuleKind.CLASSES_APART, 1, ("hazardous", "food"), None, ()),
        (RuleKind.FAMILY_SPREAD, None, None, "dairy", (0, 1)),
    ]
    assert [str(v) for v in bad] == [  # the messages people read
        "aisle 1 holds both 'hazardous' and 'food'",
        "family 'dairy' is spread over aisles [0, 1]",
    ]
    assert rule_violations(p, {"heavy": "l", "acid": "h", "milk": "x", "cheese": "y"}) == []


def test_example_json_loads_and_errors_name_fields():
    data = json.loads(EXAMPLE.read_text())
    p = SlottingProblem.from_dict(data)
    assert len(p.skus) == 80 and len(p.history) == 400 and len(p.current) == 80
    assert p.budget.moves == 20
    bad = dict(data, budget={"max_moves": -3})
    with pytest.raises(InvalidValueError) as exc:
        SlottingProblem.from_dict(bad)
    assert "budget" in exc.value.field
    bad = dict(data, skus=[{"id": "x", "weight_g": -1}])
    with pytest.raises(InvalidValueError) as exc:
        SlottingProblem.from_dict(bad)
    assert exc.value.field.startswith("skus[0]")


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda d: d["rules"].update(apart=["ab"]), "rules.apart[0]"),
        (lambda d: d["rules"].update(apart=[["food"]]), "rules.apart[0]"),
        (lambda d: d["rules"].update(slot_types={"food": "cold"}), "rules.slot_types.food"),
        (lambda d: d["history"][0].update(id=None), "history[0].id"),
        (lambda d: d.pop("skus"), "skus"),
        (lambda d: d["skus"][1].update({"class": 5}), "skus[1].class"),
        # a misspelt key was ignored: "max_move" lifted the cap (169 moves for 3 asked)
        (lambda d: d["budget"].update(max_move=3), "budget.max_move"),
        (lambda d: d["skus"][2].update(weight=900), "skus[2].weight"),
        (lambda d: d["history"][3].update(time=5), "history[3].time"),
        (lambda d: d["rules"].update(apart_classes=[]), "rules.apart_classes"),
        (lambda d: d.update(moves=3), "moves"),
        # wrong JSON types: a TypeError (500 on the API) or a message about a character
        (lambda d: d.update(skus=5), "skus"),
        (lambda d: d.update(skus="S1"), "skus"),
        (lambda d: d.update(history=5), "history"),
        (lambda d: d["history"].__setitem__(0, "o1"), "history[0]"),
        (lambda d: d["history"][0].update(skus="S001"), "history[0].skus"),
        (lambda d: d.update(layout="big"), "layout"),
        (lambda d: d.update(budget=20), "budget"),
        (lambda d: d["rules"].update(apart=5), "rules.apart"),
        (lambda d: d["skus"][0].update(dims_mm=5), "skus[0].dims_mm"),
        (lambda d: d["history"][4].update(id=d["history"][1]["id"]), "history[4].id"),
    ],
)
def test_json_mistakes_are_named_by_their_json_field(edit, field):
    data = json.loads(EXAMPLE.read_text())
    edit(data)
    with pytest.raises(InvalidValueError) as exc:
        SlottingProblem.from_dict(data)
    assert exc.value.field == field


def test_from_dict_takes_tuples_from_python_callers():
    data = json.loads(EXAMPLE.read_text())
    data["history"] = tuple(dict(o, skus=tuple(o["skus"])) for o in data["history"])
    data["rules"]["apart"] = (("hazardous", "food"),)
    p = SlottingProblem.from_dict(data)
    assert len(p.history) == 400 and p.rules.apart == (("hazardous", "food"),)


def test_slot_size_is_checked_against_the_sku_dimensions_turned_any_way():
    slot = Slot("s0", aisle=0, position_mm=1000, max_dims_mm=[400, 300, 200])
    assert slot.max_dims_mm == (400, 300, 200)
    assert fits(SlotSku("box", dims_mm=(200, 400, 300)), slot)  # turned: fits
    assert fits(SlotSku("unknown"), slot)  # no dimensions given: volume only
    assert not fits(SlotSku("pole", volume_cm3=5, dims_mm=(1200, 30, 30)), slot)
    assert fits(SlotSku("pole", dims_mm=(1200, 30, 30)), Slot("s1", aisle=0, position_mm=9))
    with pytest.raises(InvalidValueError) as exc:
        Slot("s2", aisle=0, position_mm=9, max_dims_mm=(400, 0, 200))
    assert exc.value.field == "max_dims_mm[1]"
    with pytest.raises(InvalidValueError) as exc:
        Slot("s2", aisle=0, position_mm=9, max_dims_mm=(400, 200))
    assert exc.value.field == "max_dims_mm"


def test_a_sku_longer_than_every_slot_is_named_with_its_size():
    data = json.loads(EXAMPLE.read_text())
    layout = WarehouseLayout.from_dict(data["layout"]).to_dict()
    for s in layout["slots"]:
        s["max_dims_mm"] = [600, 400, 400]
    data["layout"] = layout
    data["skus"][3]["dims_mm"] = [300, 300, 300]
    problem = SlottingProblem.from_dict(data)
    assert WarehouseLayout.from_dict(problem.layout.to_dict()) == problem.layout
    data["skus"][3]["dims_mm"] = [1800, 100, 100]
    with pytest.raises(InvalidValueError) as exc:
        SlottingProblem.from_dict(data)
    assert exc.value.field == "skus[3]" and "1800x100x100 mm" in str(exc.value)
    # a slot too small for the SKU sitting in it today: a rule violation, naming size
    data = json.loads(EXAMPLE.read_text())
    sku_id, slot_id = next(iter(data["current"].items()))
    layout = WarehouseLayout.from_dict(data["layout"]).to_dict()
    for s in layout["slots"]:
        if s["id"] == slot_id:
            s["max_dims_mm"] = [100, 100, 100]
    data["layout"] = layout
    for s in data["skus"]:
        if s["id"] == sku_id:
            s["dims_mm"] = [150, 50, 50]
    problem = SlottingProblem.from_dict(data)
    found = rule_violations(problem, problem.current)
    assert does_not_fit(sku_id, slot_id) in found
    assert f"SKU {sku_id!r} does not fit slot {slot_id!r} (capacity, size, type or level)" in (
        [str(v) for v in found]
    )


def test_a_layout_without_slots_is_named_not_the_first_sku():
    # was: skus[0]='a': SKU 'a' (...) is larger than every slot or allowed in none
    empty = WarehouseLayout((0, 4000), (0, 10000), (), depot_x_mm=0)
    with pytest.raises(InvalidValueError) as e:
        SlottingProblem(empty, (SlotSku("a", volume_cm3=10),))
    assert e.value.field == "layout.slots" and "no slots" in e.value.reason
    assert SlottingProblem(empty, ()).skus == ()  # nothing to place: nothing wrong
