"""``logistics bench picking``'s batching table counts what went wrong instead of averaging
it in or dropping it."""

from __future__ import annotations

from dataclasses import replace

import benchmarks.suites.picking as picking
from benchmarks.runner import BenchTask
from logistics.datasets.order_batching import obp_instances


def _row(solver, saving, feasible=True):
    return {
        "instance": "i",
        "class": "alb",
        "solver": solver,
        "saving_vs_fcfs_s_%": saving,
        "feasible": feasible,
        "seconds": 1.0,
    }


def test_a_crashed_instance_stays_in_the_summary():
    # run_suite's row for a crash (solver "all", no saving) was dropped by the reindex
    rows = [_row("fcfs+s_shape", 0.0), _row("alns+exact", 10.0)]
    rows.append({"instance": "j", "solver": "all", "error": "MemoryError()"})
    out = picking._batching_summary(rows).set_index("solver")
    assert list(out.index) == ["fcfs+s_shape", "alns+exact", "all"]
    assert (out.loc["all", "instances"], out.loc["all", "errors"]) == (1, 1)
    assert out.loc["all", "feasible"] == 0 and out.loc["alns+exact", "errors"] == 0


def test_an_infeasible_batching_has_no_saving(monkeypatch):
    checked = picking.validate_batching
    monkeypatch.setattr(picking, "validate_batching", lambda p, r: replace(checked(p, r), ok=False))
    path = next(f for f in obp_instances() if f.name == "wsrp_input_pedido_01_000.txt")
    rows = picking._run_batching(BenchTask(str(path), "all", None), "quick")
    alns = next(r for r in rows if r["solver"] == "alns+exact")
    assert alns["feasible"] is False and alns["saving_vs_fcfs_s_%"] is None
    summary = picking._batching_summary(rows).set_index("solver")
    assert summary.loc["alns+exact", "feasible"] == 0
