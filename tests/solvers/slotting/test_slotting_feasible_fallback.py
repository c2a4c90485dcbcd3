"""``solve`` falls back to CP-SAT when the greedy fill gets stuck on a feasible problem."""

from __future__ import annotations

import dataclasses

import pytest

from logistics.domain.layout import WarehouseLayout
from logistics.domain.slotting import PastOrder, SlotSku, SlottingProblem, SlottingRules
from logistics.errors import InfeasibleError
from solvers.slotting import METHODS, SlottingParams, solve, validate
from solvers.slotting._model import slot_ranking
from solvers.slotting.construct import coi_plan

APART = SlottingRules(apart=(("hazardous", "food"),))


def _problem(skus: tuple[SlotSku, ...], picks: dict[str, int]) -> SlottingProblem:
    """Two aisles of three slots; ``picks`` order lines per SKU."""
    full = WarehouseLayout.single_block(aisles=2, slots_per_side=2)
    by_aisle = [[s for s in full.slots if s.aisle == a] for a in (0, 1)]
    layout = dataclasses.replace(full, slots=tuple(by_aisle[0][:3] + by_aisle[1][:3]))
    history = []
    for sku, n in picks.items():
        history += [PastOrder(f"{sku}{k}", len(history), (sku,)) for k in range(n)]
    return SlottingProblem(layout, skus, tuple(history), rules=APART)


def _trap() -> SlottingProblem:
    # COI puts fast milk in aisle 0, acid in aisle 1, the kit family next to the milk
    # (filling aisle 0): the slow cheese is left only aisle 1, which holds acid, and no
    # single move makes room. Milk+cheese | acid+kit keeps the rules
    skus = (
        SlotSku("milk", sku_class="food"),
        SlotSku("acid", sku_class="hazardous"),
        SlotSku("k1", family="kit"),
        SlotSku("k2", family="kit"),
        SlotSku("cheese", sku_class="food"),
    )
    return _problem(skus, {"milk": 8, "acid": 4, "k1": 2, "k2": 2, "cheese": 1})


def test_the_trap_stops_the_greedy_fill():
    p = _trap()
    with pytest.raises(InfeasibleError, match="no free slot left"):
        coi_plan(p, p.history)


@pytest.mark.parametrize("method", ["abc", "coi", "order_aware", "best"])  # greedy gets stuck
def test_solve_slots_a_problem_the_greedy_fill_gets_stuck_on(method):
    p = _trap()
    res = solve(p, SlottingParams(method=method, time_limit_s=2, max_iterations=200))
    assert validate(p, res).ok
    assert set(res.assignment) == {s.id for s in p.skus}


def test_the_fallback_keeps_fast_movers_in_the_best_slots():
    p = _trap()
    res = solve(p, SlottingParams(method="coi", time_limit_s=2))
    aisle = {sku: p.layout.slot(slot).aisle for sku, slot in res.assignment.items()}
    assert aisle == {"milk": 0, "cheese": 0, "acid": 1, "k1": 1, "k2": 1}
    assert res.assignment["milk"] == p.layout.slots[slot_ranking(p)[0]].id


@pytest.mark.parametrize("method", METHODS)
def test_a_truly_infeasible_problem_still_raises(method):
    # four food SKUs need both aisles (three slots each): no aisle is left for the acid
    foods = ("milk", "cheese", "bread", "butter")
    skus = (*(SlotSku(f, sku_class="food") for f in foods), SlotSku("acid", sku_class="hazardous"))
    p = _problem(skus, {"milk": 4, "cheese": 3, "bread": 2, "butter": 1, "acid": 1})
    with pytest.raises(InfeasibleError, match="no assignment .* keeps the rules"):
        solve(p, SlottingParams(method=method, time_limit_s=2, max_iterations=200))


@pytest.mark.parametrize("method", ["coi", "best"])
def test_past_the_model_size_the_greedy_error_stands(method, monkeypatch):
    # a full-size warehouse would take minutes and gigabytes to build the model for: past
    # MAX_PAIRS (SKU, slot) pairs the greedy's own error is raised, as before the fallback
    import solvers.slotting.feasible as feasible

    p = _trap()
    monkeypatch.setattr(feasible, "MAX_PAIRS", len(p.skus) * len(p.layout.slots) - 1)
    with pytest.raises(InfeasibleError, match="no free slot left"):
        solve(p, SlottingParams(method=method, time_limit_s=2, max_iterations=200))


def test_the_fallback_improves_for_a_share_of_the_time_then_its_first_plan_stands(monkeypatch):
    # CP-SAT improved its plan until the solve's deadline (a model it could not prove
    # optimal took the whole limit, leaving the local search none); it now improves for
    # IMPROVE_SHARE of the time left, and with nothing found by then takes its first plan
    import solvers.slotting.feasible as feasible

    searches = []
    search = feasible._search

    def spy(model, seconds, seed, should_stop, first_only=False):
        status, solver = search(model, seconds, seed, should_stop, first_only)
        searches.append((seconds, first_only, solver.status_name(status)))
        return status, solver

    monkeypatch.setattr(feasible, "_search", spy)
    monkeypatch.setattr(feasible, "IMPROVE_SHARE", 0.0)
    p = _trap()
    res = solve(p, SlottingParams(method="coi", time_limit_s=30))
    assert validate(p, res).ok and set(res.assignment) == {s.id for s in p.skus}
    assert searches[0][:2] == (0.0, False) and searches[0][2] == "UNKNOWN"
    assert len(searches) == 2 and searches[1][1] and 0 < searches[1][0] <= 30
    assert searches[1][2] in ("FEASIBLE", "OPTIMAL")

    searches.clear()
    monkeypatch.setattr(feasible, "IMPROVE_SHARE", 0.25)
    solve(p, SlottingParams(method="coi", time_limit_s=30))
    assert len(searches) == 1 and 0 < searches[0][0] <= 7.5 and not searches[0][1]
