"""``logistics bench waves`` counts what went wrong instead of averaging over the rest."""

from __future__ import annotations

from dataclasses import replace

from typer.testing import CliRunner

import benchmarks.suites.waves as waves
from benchmarks.suites.waves import _summary
from logistics.cli.app import app


def test_a_crashed_instance_is_counted_in_its_subset():
    # run_suite's row for a crash has no subset: it vanished from the summary
    rows = [
        {
            "instance": "dataset_a/instance_0001",
            "subset": "dataset_a",
            "solver": "logistics",
            "pct_of_reference": 100.0,
            "optimal": True,
            "feasible": True,
            "seconds": 1.0,
        },
        {"instance": "dataset_a/instance_0002", "solver": "logistics", "error": "MemoryError()"},
    ]
    (summary,) = _summary(rows).to_dict("records")
    assert summary["subset"] == "dataset_a"
    assert (summary["instances"], summary["errors"], summary["feasible"]) == (2, 1, 1)
    assert summary["mean_%_of_reference"] == 100.0


def test_an_infeasible_answer_has_no_percent_of_reference(tmp_path, monkeypatch):
    checked = waves.validate

    def broken(problem, result):
        return replace(checked(problem, result), feasible=False)

    monkeypatch.setattr(waves, "validate", broken)
    monkeypatch.setenv("LOGISTICS_RESULTS", str(tmp_path))
    args = ["bench", "waves", "--only", "instance_0001", "--time-limit", "1", "--workers", "1"]
    out = CliRunner().invoke(app, args)
    assert out.exit_code == 0, out.output
    (row,) = waves.pd.read_csv(tmp_path / "waves_1s_partial.csv").to_dict("records")
    assert not row["feasible"]
    assert waves.pd.isna(row["pct_of_reference"])
