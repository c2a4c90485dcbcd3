"""The matrices benchmark suite runs end to end on tiny sizes."""

from benchmarks.runner import run_suite
from benchmarks.suites.matrices import build_tasks, run_one


def test_suite_rows_and_files(tmp_path):
    tasks = build_tasks([40], geodesic_max=40, road_max=40)
    methods = {t.solver for t in tasks}
    assert {"haversine", "lambert", "geodesic", "euclidean_round", "road_graph"} <= methods
    result = run_suite(
        "matrices",
        "test",
        tasks,
        lambda t: run_one(t, sample=60, repeats=1),
        directory=tmp_path,
        show_progress=False,
    )
    rows = {(r["instance"], r["solver"]): r for r in result.rows}
    assert not any("error" in r for r in result.rows)
    assert rows[("rio-40", "geodesic")]["max_rel_err_%"] == 0.0
    assert rows[("rio-40", "haversine")]["max_rel_err_%"] < 0.5
    assert rows[("rio-40", "lambert")]["max_rel_err_%"] < 0.01
    assert rows[("rio-40", "road_graph")]["mean_road_over_geodesic"] > 1.0
    assert result.csv_path.exists() and result.md_path.exists()
