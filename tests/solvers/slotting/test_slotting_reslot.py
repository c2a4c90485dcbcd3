"""Re-slotting: executable move lists within budget; validate catches broken ones."""

from __future__ import annotations

import dataclasses

import pytest

from logistics.domain.slotting import MoveBudget, SlottingProblem
from logistics.errors import InvalidValueError
from solvers.slotting import SlottingParams, plan_moves, replay, solve, split_history, validate
from solvers.slotting._model import PickingCost, cart_groups
from solvers.slotting.construct import coi_plan, random_plan
from tests.solvers.slotting.slotting_fixtures import class_demand, correlated, shifted_demand

FAST = SlottingParams(method="order_aware", time_limit_s=20, max_iterations=1500)


def _problem(**budget) -> SlottingProblem:
    p = correlated()
    current = random_plan(p, seed=5).assignment()
    return SlottingProblem(p.layout, p.skus, p.history, current, budget=MoveBudget(**budget))


def test_moves_execute_within_budget_and_save():
    p = _problem(max_moves=20)
    target = solve(p, FAST).assignment
    res = plan_moves(p, FAST, target=target)
    assert validate(p, res).ok, validate(p, res).errors
    assert 0 < res.labour_moves <= 20
    assert res.walking_after_mm < res.walking_before_mm
    assert res.curve[0][0] == 0 and res.curve[-1][1] <= res.curve[0][1]
    bigger = plan_moves(dataclasses.replace(p, budget=MoveBudget(max_moves=200)), FAST, target)
    assert bigger.walking_after_mm <= res.walking_after_mm


def test_labour_minutes_cap_moves():
    p = _problem(labour_minutes=30, minutes_per_move=5)
    res = plan_moves(p, FAST)
    assert res.labour_moves <= 6 and res.labour_minutes <= 30
    assert validate(p, res).ok


def test_labour_minutes_are_reported_as_written():
    # 3 moves of 0.7 min were reported as 2.0999999999999996 min ('slot moves' JSON)
    p = _problem(labour_minutes=2.1, minutes_per_move=0.7)
    res = plan_moves(p, FAST)
    assert res.labour_moves == 3
    assert res.labour_minutes == 2.1 and res.to_dict()["labour_minutes"] == 2.1
    assert MoveBudget(minutes_per_move=0.1).minutes(3) == 0.3


def test_swap_via_free_slot_is_three_relocations():
    p = _problem(max_moves=60)
    res = plan_moves(p, dataclasses.replace(FAST, swap_mode="via_free_slot"))
    assert validate(p, res).ok
    assert all(m.kind == "relocate" for m in res.moves)


def test_validate_catches_a_move_into_an_occupied_slot():
    p = _problem(max_moves=20)
    res = plan_moves(p, FAST)
    occupied = next(s for s in p.current.values() if s != res.moves[0].from_slot)
    first = dataclasses.replace(res.moves[0], kind="relocate", to_slot=occupied, other_sku=None)
    broken = dataclasses.replace(res, moves=(first, *res.moves[1:]))
    check = validate(p, broken)
    assert not check.ok and any("still holds" in e for e in check.errors)
    over = dataclasses.replace(p, budget=MoveBudget(max_moves=1))
    assert not validate(over, res).ok


@pytest.mark.parametrize(
    ("edit", "field", "reason"),
    [
        (lambda t: t.update(S999="A00-L000-0"), "target.S999", "unknown SKU"),
        (lambda t: t.update(S000="nowhere"), "target.S000", "no such slot"),
        (lambda t: t.update(S001=t["S000"]), "target.S001", "already holds SKU 'S000'"),
        # was accepted: "full re-slot" walking counted only the target's SKUs (539 m)
        (lambda t: t.pop("S005"), "target", r"no slot for 1 SKUs \(first: 'S005'\)"),
    ],
)
def test_a_bad_target_is_named_before_any_move(edit, field, reason):
    p = _problem(max_moves=20)
    target = dict(p.current)
    edit(target)
    with pytest.raises(InvalidValueError, match=reason) as exc:
        plan_moves(p, FAST, target=target)
    assert exc.value.field == field


def test_unslotted_skus_are_put_away_first():
    p = _problem(max_moves=200)
    current = dict(list(p.current.items())[:-3])
    q = dataclasses.replace(p, current=current)
    res = plan_moves(q, FAST)
    kinds = [m.kind for m in res.moves]
    assert kinds[:3] == ["put_away"] * 3 and "put_away" not in kinds[3:]
    assert validate(q, res).ok and len(res.assignment) == len(p.skus)


def test_results_serialise_to_json():
    import json

    p = _problem(max_moves=10)
    plan = solve(p, FAST)
    res = plan_moves(p, FAST, target=plan.assignment)
    d = json.loads(json.dumps(res.to_dict()))
    assert d["labour_moves"] == res.labour_moves and len(d["moves"]) == len(res.moves)
    assert d["curve"][0]["labour_moves"] == 0
    assert json.loads(json.dumps(plan.to_dict()))["assignment"] == plan.assignment


@pytest.mark.parametrize("seed", [1, 2])
def test_drift_few_moves_recover_most_of_the_full_reslot_gain(seed):
    # the plan of an earlier period, then 12 fast SKUs trade places with slow ones:
    # moving 10% of the SKUs must recover >= 70% of the full re-slot's held-out gain
    layout, skus, earlier, later = shifted_demand(seed)
    recent, test = split_history(later, 0.6)
    params = SlottingParams(time_limit_s=2, max_iterations=2000)
    current = solve(SlottingProblem(layout, skus, earlier), params).assignment
    p = SlottingProblem(layout, skus, recent, current, budget=MoveBudget(max_moves=30))
    full = solve(p, params).assignment
    res = plan_moves(p, params, target=full)
    assert validate(p, res).ok, validate(p, res).errors
    assert res.skus_moved <= 30 and res.labour_moves <= 30
    w_now, w_full = replay(layout, current, test).walking_mm, replay(layout, full, test).walking_mm
    w_after = replay(layout, res.assignment, test).walking_mm
    assert w_full < w_now
    assert (w_now - w_after) >= 0.7 * (w_now - w_full)


def test_slot_values_rise_away_from_the_depot():
    p = class_demand(n_orders=120)
    plan = coi_plan(p, p.history)
    cost = PickingCost(p, cart_groups(p, p.history, 4))
    value = cost.slot_values(plan.slot_of)
    slots = p.layout.slots
    near = [value[j] for j, s in enumerate(slots) if s.aisle == 0 and s.position_mm < 5000]
    far = [value[j] for j, s in enumerate(slots) if s.aisle == 5 and s.position_mm > 25000]
    assert max(near) < min(far)
    assert all(v >= 0 for v in value)


def test_moves_from_a_good_plan_of_another_pattern_do_not_lengthen_walking():
    # current = COI (diagonal), target = within-aisle: a partial re-slot must not break
    # the current pattern before the new one pays
    p = class_demand(n_orders=500, seed=2)
    train, test = split_history(p.history, 0.7)
    q = SlottingProblem(p.layout, p.skus, train)
    current = solve(q, SlottingParams(method="coi")).assignment
    target = solve(q, SlottingParams(method="best", time_limit_s=3, max_iterations=3000))
    rp = SlottingProblem(p.layout, p.skus, train, current, budget=MoveBudget(max_moves=30))
    res = plan_moves(rp, SlottingParams(time_limit_s=3), target=target.assignment)
    assert validate(rp, res).ok and res.skus_moved <= 30
    assert (
        replay(p.layout, res.assignment, test).walking_mm
        <= replay(p.layout, current, test).walking_mm
    )


def test_should_stop_keeps_the_moves_chosen_so_far():
    p = _problem(max_moves=40)
    target = solve(p, FAST).assignment
    full = plan_moves(p, FAST, target=target)
    polls = [0]

    def stop_after_three() -> bool:
        polls[0] += 1
        return polls[0] > 3

    cut = plan_moves(p, dataclasses.replace(FAST, time_limit_s=600), target, None, stop_after_three)
    assert validate(p, cut).ok
    assert len(cut.moves) <= 3 < len(full.moves)
    assert cut.moves == full.moves[: len(cut.moves)]  # the same greedy, cut short


def test_stopped_while_the_target_is_searched_still_moves_towards_the_plan_so_far():
    # a stop during the target's search left no time to choose any move: 0 moves
    p = _problem(max_moves=20)
    polls = [0]

    def stop_in_the_search() -> bool:
        polls[0] += 1
        return polls[0] > 1

    params = dataclasses.replace(FAST, max_iterations=None, time_limit_s=600)
    res = plan_moves(p, params, should_stop=stop_in_the_search)
    assert validate(p, res).ok, validate(p, res).errors
    assert 0 < res.labour_moves <= 20
    assert res.walking_after_mm < res.walking_before_mm
    # the direct pass towards the plan built so far (the same as when already stopped)
    again = plan_moves(p, params, target=res.target, should_stop=lambda: True)
    assert again.moves == res.moves


def test_a_family_split_today_may_close_up_but_not_spread_further():
    from logistics.domain.layout import WarehouseLayout
    from logistics.domain.slotting import SlotSku, SlottingRules
    from solvers.slotting import Move, ReslotResult

    layout = WarehouseLayout.single_block(aisles=4, slots_per_side=2)
    skus = tuple(SlotSku(s, family="F") for s in "ABC")
    current = {"A": "A00-L000-0", "B": "A01-L000-0", "C": "A02-L000-0"}
    p = SlottingProblem(layout, skus, (), current, SlottingRules(), MoveBudget(max_moves=1))

    def moved_c_to(slot: str) -> ReslotResult:
        move = Move(0, "relocate", "C", "A02-L000-0", slot)
        return ReslotResult((move,), {**current, "C": slot}, 1, 5.0, 1, 0, 0, 0)

    # aisles 0, 1, 2 -> 0, 1: was "family 'F' is spread over aisles [0, 1]", not ok
    assert validate(p, moved_c_to("A00-L001-0")).errors == ()
    check = validate(p, moved_c_to("A03-L000-0"))  # aisles 0, 1, 3: spread further
    assert check.errors == ("family 'F' is spread over aisles [0, 1, 3]",)
