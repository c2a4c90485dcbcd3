"""The runner writes a suite's tables and names the command that wrote them."""

from __future__ import annotations

import os
import re

import pandas as pd
import pytest

from benchmarks.runner import BenchTask, run_suite, write_results


def test_results_header_names_the_suite_or_the_given_command(tmp_path):
    summary = pd.DataFrame([{"solver": "a", "gap": 0.0}])
    rows = [{"instance": "x", "solver": "a", "gap": 0.0}]
    _csv, md = write_results("demo_suite", "full", rows, summary, directory=tmp_path)
    assert "by `logistics bench demo_suite`." in md.read_text()
    _csv, md = write_results(
        "demo_suite", "full", rows, summary, directory=tmp_path, command="demo-suite --budget full"
    )
    assert "by `logistics bench demo-suite --budget full`." in md.read_text()


def test_a_bench_modules_table_names_its_own_command_line(tmp_path):
    def run(task: BenchTask):
        return [{"instance": task.instance, "solver": task.solver, "gap": 1.0}]

    made_by = "python -m benchmarks.routing_strategies --time-limit 5"
    res = run_suite(
        "routing_strategies",
        "5s",
        [BenchTask("c101", "s", None)],
        run,
        directory=tmp_path,
        show_progress=False,
        made_by=made_by,
    )
    header = res.md_path.read_text().splitlines()[2]
    assert header.endswith(f"by `{made_by}`."), header
    # and the machine it ran on, measured (the notes' "2-core machine" was hard-coded)
    machine = res.md_path.read_text().splitlines()[3]
    assert machine.startswith("Machine: ") and " CPUs, load average " in machine, machine


def test_a_failing_task_is_a_row_not_a_crash(tmp_path):
    def run(task: BenchTask):
        if task.instance == "bad":
            raise ValueError("boom")
        return [{"instance": task.instance, "solver": task.solver, "gap": 1.0}]

    tasks = [BenchTask("good", "s", None), BenchTask("bad", "s", None)]
    res = run_suite("t", "x", tasks, run, directory=tmp_path, show_progress=False)
    bad = next(r for r in res.rows if r["instance"] == "bad")
    assert "boom" in bad["error"]
    assert res.csv_path.exists() and res.md_path.exists()
    # the summary says one of the two runs failed (its mean gap is over the other)
    assert res.summary.to_dict("records") == [
        {"solver": "s", "instances": 2, "errors": 1, "mean_gap_%": 1.0, "worst_gap_%": 1.0}
    ]
    assert "errors" in res.md_path.read_text()


def test_a_mean_gap_that_rounds_to_minus_zero_prints_as_zero(tmp_path):
    # two solves 1e-9 % under the optimum: the rounded mean was printed as -0.0
    rows = [{"instance": i, "solver": "s", "gap": -1e-9} for i in ("a", "b")]
    tasks = [BenchTask(r["instance"], "s", None) for r in rows]
    res = run_suite("t", "x", tasks, lambda t: [rows[0]], directory=tmp_path, show_progress=False)
    assert "-0.0" not in res.summary.to_string(index=False)
    assert not re.search(r"\s-0(\.0*)?\s", res.md_path.read_text())
    _csv, md = write_results(
        "t", "y", rows, pd.DataFrame([{"solver": "s", "mean_gap_%": -0.0}]), directory=tmp_path
    )
    assert not re.search(r"\s-0(\.0*)?\s", md.read_text())


def test_ctrl_c_while_writing_leaves_the_previous_tables_whole(tmp_path, monkeypatch):
    """The CSV was written before the summary was made: a Ctrl-C (or error) in between left
    the new CSV beside the old Markdown summary."""
    summary = pd.DataFrame([{"solver": "a", "gap": 1.0}])
    write_results(
        "t", "x", [{"instance": "i", "solver": "a", "gap": 1.0}], summary, directory=tmp_path
    )
    before = {p.name: p.read_text() for p in tmp_path.iterdir()}

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_markdown", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_results(
            "t", "x", [{"instance": "i", "solver": "a", "gap": 2.0}], summary, directory=tmp_path
        )
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == before


def test_an_interrupted_write_leaves_no_staged_file(tmp_path, monkeypatch):
    summary = pd.DataFrame([{"solver": "a", "gap": 1.0}])
    real_replace = os.replace
    calls = []

    def second_replace_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", second_replace_fails)
    with pytest.raises(KeyboardInterrupt):
        write_results("t", "x", [{"instance": "i", "solver": "a"}], summary, directory=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t_x.csv"]
