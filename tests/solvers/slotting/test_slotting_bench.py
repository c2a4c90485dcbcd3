"""The bench suite runs end to end on one small SLAPRP instance."""

from __future__ import annotations

import pytest

from benchmarks.suites.slotting import _run, _summary, _tasks


def test_one_silva_task_all_solvers_feasible():
    task = next(t for t in _tasks("quick") if t.instance.startswith("slaprp/silva"))
    rows = _run(task, "quick")
    solvers = [r["solver"] for r in rows]
    assert solvers[:5] == ["random", "abc", "coi", "order_aware", "best"]
    assert any(s.startswith("reslot_") for s in solvers)
    assert all(r["feasible"] for r in rows)
    coi = next(r for r in rows if r["solver"] == "coi")
    assert coi["saving_vs_coi_%"] == 0
    assert not _summary(rows).empty


def test_hindsight_rows_learn_from_the_replayed_orders():
    # Silva is judged in-sample (the replayed orders are the training orders), so COI
    # learnt from the replayed orders must be COI itself, walking for walking
    task = next(t for t in _tasks("quick") if t.instance.startswith("slaprp/silva"))
    rows = {r["solver"]: r for r in _run(task, "quick")}
    assert {"hindsight_coi", "hindsight_best"} <= set(rows)
    assert rows["hindsight_coi"]["held_out_walking_m"] == rows["coi"]["held_out_walking_m"]
    assert rows["hindsight_coi"]["saving_vs_coi_%"] == 0
    assert rows["hindsight_best"]["feasible"]


def test_hindsight_reslot_rows_score_moves_on_the_replayed_orders():
    # in-sample Silva: the replayed orders are the history, so the clairvoyant move list
    # is the move list itself, cut for cut
    task = next(t for t in _tasks("quick") if t.instance.startswith("slaprp/silva"))
    rows = {r["solver"]: r for r in _run(task, "quick")}
    cuts = [s for s in rows if s.startswith("reslot_random_") and "hindsight" not in s]
    assert cuts
    for s in cuts:
        h = rows[s.replace("reslot_random_", "reslot_random_hindsight_")]
        assert h["held_out_walking_m"] == rows[s]["held_out_walking_m"]
        assert h["skus_moved"] == rows[s]["skus_moved"] and h["feasible"]


def _season_problem(n_skus: int = 40, n_orders: int = 120):
    import random

    from logistics.domain.layout import WarehouseLayout
    from logistics.domain.slotting import PastOrder, SlotSku, SlottingProblem

    rng = random.Random(3)
    skus = [SlotSku(f"s{i:02d}") for i in range(n_skus)]
    weights = [1 / (i + 1) for i in range(n_skus)]  # skewed demand: s00 fastest
    history = []
    for k in range(n_orders):
        lines = set(rng.choices([s.id for s in skus], weights, k=3))
        history.append(PastOrder(f"o{k}", 60 * k, tuple(sorted(lines))))
    layout = WarehouseLayout.single_block(aisles=4, slots_per_side=6)
    return SlottingProblem(layout, tuple(skus), tuple(history))


def test_shifted_history_moves_demand_between_fast_and_slow_pairs():
    from collections import Counter

    from benchmarks.suites.slotting import shifted_history

    problem = _season_problem()
    before = shifted_history(problem, 0.10, seed=1)
    assert before == shifted_history(problem, 0.10, seed=1)  # seeded
    assert before != shifted_history(problem, 0.10, seed=2)
    now = Counter(x for o in problem.history for x in o.skus)
    then = Counter(x for o in before for x in o.skus)
    changed = {s for s in now | then if now[s] != then[s]}
    # 10% of 40 SKUs = 2 pairs; each pair exchanged its lines
    assert len(changed) <= 4
    fast = {s for s, _ in now.most_common(4)}
    assert len(changed & fast) == len(changed) // 2 >= 1
    assert sorted(now.values()) == sorted(then.values())
    # every order keeps its size and time; only SKU names of the pairs change
    for o, b in zip(problem.history, before, strict=True):
        assert (o.id, o.time_s, len(o.skus)) == (b.id, b.time_s, len(b.skus))
        assert {x for x in o.skus if x not in changed} == {x for x in b.skus if x not in changed}


def test_shifted_history_needs_a_pair():
    from benchmarks.suites.slotting import shifted_history

    assert shifted_history(_season_problem(n_skus=10), 0.05, seed=1) is None


def test_shift_scenarios_re_slot_from_the_previous_season_plan():
    task = next(t for t in _tasks("quick") if t.instance.startswith("slaprp/guo"))
    rows = {r["solver"]: r for r in _run(task, "quick")}
    for scenario in ("shift05", "shift10"):
        cut = rows[f"reslot_{scenario}_10.0%"]
        assert cut["feasible"] and cut["skus_moved_%"] <= 10
        # the previous season's plan is not today's plan
        assert cut["current_walking_m"] != cut["full_reslot_walking_m"]


def test_same_knowledge_edge_compares_the_two_clairvoyant_plans():
    import pandas as pd

    from benchmarks.suites.slotting import _same_knowledge_edge

    df = pd.DataFrame(
        [
            {"instance": "a", "solver": "hindsight_coi", "held_out_walking_m": 200.0},
            {"instance": "a", "solver": "hindsight_best", "held_out_walking_m": 180.0},
            {"instance": "b", "solver": "coi", "held_out_walking_m": 100.0},
        ]
    )
    assert _same_knowledge_edge(df) == [pytest.approx(10.0)]
