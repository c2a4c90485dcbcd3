"""``python -m benchmarks.routing_short_limits``: before and after side by side."""

from __future__ import annotations

import benchmarks.routing_short_limits as bench


def test_the_table_pairs_the_trees_per_instance(monkeypatch, tmp_path):
    monkeypatch.setenv("LOGISTICS_RESULTS", str(tmp_path))
    argv = ["bench", "--before", "/tmp/b", "--time-limit", "1", "--count", "2", "--label", "t"]
    monkeypatch.setattr("sys.argv", argv)
    seen = {}

    def fake_run(trees, script, runs):
        seen["runs"] = runs
        out = []
        for (row, _args), (before, after) in zip(runs, [(2.0, 1.0), (0.0, 0.5)], strict=True):
            for tree, gap in (("before", before), ("after", after)):
                out.append(dict(tree=tree, **row, gap=gap, feasible=True, vehicles=3, cpu_s=0.5))
        return out

    monkeypatch.setattr(bench, "run_in_trees", fake_run)
    bench.main()
    assert [r["instance"] for r, _ in seen["runs"]] == ["C101", "RC208"]
    assert all(a[0] == "solomon" and a[2] == "1.0" for _, a in seen["runs"])
    md = (tmp_path / "routing_short_limits_t_1s.md").read_text()
    assert "mean -0.250, 1 better, 1 worse, 0 equal of 2" in md
    rows = bench.pd.read_csv(tmp_path / "routing_short_limits_t_1s.csv")
    assert len(rows) == 4 and set(rows["tree"]) == {"before", "after"}
    assert "| before |           2 |          2 |         1    |             2 |" in md
    assert "--suite solomon --time-limit 1 --count 2 --label t`" in md
