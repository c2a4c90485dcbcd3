"""The single-source side-by-side bench runs the 12 large OR-Library capacity cases."""

from __future__ import annotations

from benchmarks.network_single_source import _runs


def test_runs_are_the_large_capacity_cases_with_the_time_limit():
    runs = _runs(7.0)
    cases = [row["case"] for row, _args in runs]
    assert len(cases) == 12 and all(c.startswith(("capa-", "capb-", "capc-")) for c in cases)
    for row, (path, capacity, limit) in runs:
        assert path.endswith(f"{row['case'].split('-')[0]}.txt")
        assert float(capacity) == float(row["case"].split("-")[1]) and limit == "7.0"
        assert row["bks_split"] > 0
