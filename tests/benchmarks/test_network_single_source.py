"""The side-by-side network benches: which cases and sizes they run."""

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


def test_time_limit_runs_cover_each_size_split_and_single():
    from benchmarks.network_time_limit import SIZES
    from benchmarks.network_time_limit import _runs as time_limit_runs

    runs = time_limit_runs(30.0)
    assert {(r["sites"], r["customers"], r["mode"]) for r, _ in runs} == {
        (m, n, mode) for m, n in SIZES for mode in ("split", "single")
    }
    assert all(args[-1] == "30.0" for _r, args in runs)
