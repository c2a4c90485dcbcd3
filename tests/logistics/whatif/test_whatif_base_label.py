"""The change against the base says how good the base's design is (a stopped or
time-limited base is not a proven optimum, and the difference is then partly the search's)."""

from __future__ import annotations

import pytest
from test_whatif import SMALL

from logistics.whatif import format_report, run_scenario
from logistics.whatif.report import compare


def test_vs_base_carries_the_base_status_and_gap():
    report = run_scenario(SMALL)
    assert report.vs_base.base_status == "optimal"
    assert report.vs_base.base_gap == pytest.approx(0.0, abs=1e-9)
    line = next(t for t in format_report(report).splitlines() if t.startswith("vs base:"))
    assert "base" not in line[len("vs base:") :]  # a proven base: the line as before
    base = report.model_copy(update={"status": "feasible", "gap": 0.2631, "vs_base": None})
    compared = compare(report.model_copy(update={"vs_base": None}), base)
    assert (compared.vs_base.base_status, compared.vs_base.base_gap) == ("feasible", 0.2631)
    line = next(t for t in format_report(compared).splitlines() if t.startswith("vs base:"))
    assert line.endswith("; base feasible, gap 26.310%")


def test_a_sweep_says_when_its_base_is_not_proven(tmp_path):
    from logistics.whatif import run_sweep_sequential, write_sweep

    sweep = run_sweep_sequential(SMALL | {"sweep": {"capacity_factor.*": [1.0]}})
    md = (tmp_path / "a").joinpath
    write_sweep(sweep, tmp_path / "a")
    assert "open 2 sites. 1 grid points" in md("small_frontier.md").read_text()
    base = sweep.base.model_copy(update={"status": "feasible", "gap": 0.125})
    write_sweep(sweep.model_copy(update={"base": base}), tmp_path / "b")
    text = (tmp_path / "b" / "small_frontier.md").read_text()
    assert "open 2 sites (feasible, gap 12.500%). 1 grid points" in text
