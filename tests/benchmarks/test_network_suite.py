"""``logistics bench network``: the rows it writes (benchmarks/suites/network.py)."""

from __future__ import annotations


def test_a_run_at_the_optimum_has_gap_zero_not_float_noise():
    # cap41's optimum was written with gap 1.1e-14
    from benchmarks.suites.network import network_tasks, run_case

    (task,) = network_tasks("cap41", ("ours",), 5.0)
    row = run_case(task)
    assert row["feasible"] and row["cost"] == row["bks"]
    assert repr(row["gap"]) == "0.0"
