"""The routing bench suite and the peers run end to end on a tiny budget."""

from __future__ import annotations

import pandas as pd

from benchmarks.peers import PEERS
from benchmarks.suites.routing import X_SPREAD, _suites, run_routing, subset
from logistics.datasets.catalog import instance_files
from logistics.datasets.vrptw import read_solomon
from solvers.routing import validate
from solvers.routing.plan import plan_from_routes
from tests.sintef_routes import sintef_bks_routes


def test_x_spread_names_exist_and_span_sizes():
    stems = {f.stem for f in instance_files("cvrplib_x")}
    assert set(X_SPREAD) <= stems
    sizes = [int(s.split("-n")[1].split("-")[0]) for s in X_SPREAD]
    assert min(sizes) == 101 and max(sizes) == 1001 and sizes == sorted(sizes)


def test_every_suite_has_its_files():
    counts = {name: len(s.files()) for name, s in _suites().items()}
    assert counts == {
        "solomon": 56,
        "homberger200": 54,
        "homberger400": 60,
        "x-spread": 12,
        "x-full": 90,
        "lilim": 52,
        "xxl": 10,
    }


def test_subset_spreads():
    files = list(range(56))
    assert subset(files, 4) == [0, 18, 37, 55]
    assert subset(files, None) == files


def test_peers_return_complete_routes():
    inst = read_solomon(instance_files("solomon_vrptw_100")[0])
    p = inst.problem
    for name, peer in PEERS.items():
        run = peer(p, 0.5)
        assert not run.unserved, name
        pos = {v.id: i for i, v in enumerate(p.vehicles)}
        plan = plan_from_routes(
            p, [s for _, s in run.routes], vehicles=[pos[v] for v, _ in run.routes]
        )
        assert validate(p, plan).feasible, name


def test_run_routing_writes_rows(tmp_path):
    result = run_routing(
        "lilim", 0.3, ["vroom"], ["auto"], count=1, directory=tmp_path, show_progress=False
    )
    df = pd.read_csv(result.csv_path)
    assert set(df["solver"]) == {"logistics:auto", "vroom"}
    assert {"instance", "solver", "seconds", "vehicles", "cost", "feasible", "gap"} <= set(
        df.columns
    )
    assert df["feasible"].all()
    assert result.md_path.read_text().startswith("# Routing benchmark: lilim")


def test_a_spread_subset_keeps_off_the_whole_suites_table(tmp_path):
    """--count 1 --time-limit 5 on solomon wrote routing_solomon_5s over the committed
    56-instance table the README quotes."""
    result = run_routing(
        "x-spread", 0.2, [], ["ortools"], count=1, directory=tmp_path, show_progress=False
    )
    assert result.csv_path.name == "routing_x_spread_0.2s_1of12.csv"
    assert result.md_path.name == "routing_x_spread_0.2s_1of12.md"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "routing_x_spread_0.2s_1of12.csv",
        "routing_x_spread_0.2s_1of12.md",
    ]


def test_a_count_of_the_whole_set_writes_the_suites_table(tmp_path, monkeypatch):
    spec = _suites()["x-spread"]
    two = spec.files()[:2]
    monkeypatch.setattr(type(spec), "files", lambda self: two)
    result = run_routing(
        "x-spread", 0.2, [], ["ortools"], count=2, directory=tmp_path, show_progress=False
    )
    assert result.csv_path.name == "routing_x_spread_0.2s.csv"


def test_full_precision_sets_cost_the_bks_routes_at_the_bks():
    """Li & Lim and Gehring-Homberger BKS are full-precision sums: lc101's BKS routes
    cost 828.9369, gap 0 (summing the hundredths of the matrix made it 829.01, +0.009 %)."""
    from benchmarks.suites.routing import _row
    from logistics.datasets.lilim import read_lilim

    folder = instance_files("li_lim_pdptw_100")[0].parent.parent
    inst = read_lilim(folder / "instances" / "lc101.txt")
    stop_routes = sintef_bks_routes(folder, "lc101")
    routes = [(v.id, r) for v, r in zip(inst.problem.vehicles, stop_routes, strict=False)]
    row = _row(inst, "bks", 0.0, routes)
    assert row["feasible"] and row["vehicles"] == inst.bks.vehicles == 10
    assert row["cost"] == round(inst.bks.value, 2) == 828.94
    assert str(row["gap"]) == "0.0"  # at the BKS: not -0.0 (cost a hair under it in floats)


def test_a_run_names_the_instances_without_a_bks(tmp_path, monkeypatch):
    """Solomon C204 has no DIMACS BKS: its gap is empty and the means are over the rest;
    the table said 'instances 2, feasible 2, mean gap x' without a word about it."""
    from benchmarks.suites import routing

    by_stem = {f.stem: f for f in _suites()["solomon"].files()}
    monkeypatch.setattr(routing, "subset", lambda files, count: [by_stem["C101"], by_stem["C204"]])
    result = run_routing(
        "solomon", 0.3, [], ["auto"], count=2, directory=tmp_path, show_progress=False
    )
    md = result.md_path.read_text()
    assert "No BKS for C204 (see the set's PROVENANCE)" in md
