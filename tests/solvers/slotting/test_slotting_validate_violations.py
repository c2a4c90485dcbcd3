"""``validate`` reports violations as data (``kind``, the move, the SKU, the rule) with
the messages people read unchanged (``errors``, the ``slot`` output and the API)."""

from __future__ import annotations

from logistics.domain.layout import Slot, WarehouseLayout
from logistics.domain.slotting import (
    MoveBudget,
    RuleKind,
    SlotSku,
    SlottingProblem,
    SlottingRules,
)
from solvers.slotting import Move, MoveListKind, ReslotResult, validate


def _problem() -> SlottingProblem:
    slots = (
        Slot("l", 0, 10, level=0),
        Slot("h", 0, 20, level=2),
        Slot("p", 0, 30, level=0),
        Slot("m", 1, 10, level=0),
        Slot("n", 1, 20, level=0),
    )
    layout = WarehouseLayout((0, 4000), (0, 10000), slots, 0)
    skus = (
        SlotSku("heavy", weight_g=12_000),
        SlotSku("acid", sku_class="hazardous"),
        SlotSku("milk", sku_class="food"),
        SlotSku("x"),
    )
    rules = SlottingRules(heavy_weight_g=10_000, apart=(("hazardous", "food"),))
    current = {"heavy": "l", "acid": "p", "milk": "m"}
    return SlottingProblem(layout, skus, (), current, rules, MoveBudget(max_moves=1))


def _broken_moves(problem: SlottingProblem) -> ReslotResult:
    moves = (
        Move(0, "relocate", "heavy", "l", "h"),  # too high for a heavy SKU
        Move(1, "relocate", "acid", "p", "n"),  # next to the milk
        Move(2, "relocate", "x", None, "nowhere"),
    )
    return ReslotResult(moves, dict(problem.current), 5, 25.0, 0, 0, 0, 0)


def test_each_violation_names_its_kind_move_and_sku():
    check = validate(_problem(), _broken_moves(_problem()))
    assert not check.ok
    assert [(v.kind, v.move, v.sku) for v in check.violations] == [
        (RuleKind.DOES_NOT_FIT, 0, "heavy"),
        (MoveListKind.STEP_MIXES_CLASSES, 1, "acid"),
        (MoveListKind.UNKNOWN_SLOT, 2, "x"),
        (MoveListKind.WRONG_END_STATE, None, None),
        (MoveListKind.LABOUR_MISMATCH, None, None),
        (MoveListKind.OVER_BUDGET, None, None),
        (RuleKind.DOES_NOT_FIT, None, "heavy"),
        (RuleKind.CLASSES_APART, None, None),
    ]
    fit, apart = check.violations[0].rule, check.violations[-1].rule
    assert (fit.sku, fit.slot) == ("heavy", "h")
    assert (apart.aisle, apart.classes) == (1, ("hazardous", "food"))
    assert check.violations[0].rule == check.violations[6].rule  # the same rule, twice


def test_the_messages_are_the_ones_people_read_before():
    check = validate(_problem(), _broken_moves(_problem()))
    assert check.errors == (
        "move 0 (relocate 'heavy'): SKU 'heavy' does not fit slot 'h' "
        "(capacity, size, type or level)",
        "move 1 (relocate 'acid'): aisle 1 then holds classes kept apart",
        "move 2 (relocate 'x'): unknown slot 'nowhere'",
        "the moves do not lead to the reported assignment",
        "labour is 2 moves, result says 5",
        "2 moves exceed the budget of 1",
        "SKU 'heavy' does not fit slot 'h' (capacity, size, type or level)",
        "aisle 1 holds both 'hazardous' and 'food'",
    )
    assert [str(v) for v in check.violations] == list(check.errors)


def test_a_rule_broken_today_is_not_the_move_lists_error():
    problem = _problem()
    today = SlottingProblem(
        problem.layout,
        problem.skus,
        (),
        {"heavy": "h", "acid": "n", "milk": "m"},  # both rules broken already
        problem.rules,
        MoveBudget(max_moves=1),
    )
    res = ReslotResult(
        (Move(0, "put_away", "x", None, "l"),), {**today.current, "x": "l"}, 1, 5, 1, 0, 0, 0
    )
    assert validate(today, res).violations == ()
