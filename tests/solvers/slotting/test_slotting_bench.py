"""The bench suite runs end to end on one small SLAPRP instance."""

from __future__ import annotations

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
