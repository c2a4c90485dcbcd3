"""Network what-if: scenarios, errors naming the field, sweeps on process pool and Dask."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest

from logistics.errors import InvalidValueError
from logistics.jobs import ProcessPoolBackend, get_executor
from logistics.whatif import (
    build_network,
    load_scenario,
    parse_scenario,
    run_scenario,
    run_sweep,
    sweep_points,
    write_sweep,
)
from logistics.whatif.run import pareto_front
from logistics.whatif.schema import Changes

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples" / "scenarios"


def _point(ident, lat, lon, demand, region):
    return {"id": ident, "location": {"lat": lat, "lon": lon}, "demand": demand, "region": region}


SMALL = {
    "name": "small",
    "base": {
        "network": "custom",
        "sites": [
            {"id": "A", "location": {"lat": 48.85, "lon": 2.35}, "capacity": 100,
             "fixed_cost": 1000, "status": "open"},
            {"id": "B", "location": {"lat": 45.76, "lon": 4.84}, "capacity": 80,
             "fixed_cost": 800},
            {"id": "C", "location": {"lat": 43.30, "lon": 5.37}, "capacity": 80,
             "fixed_cost": 700},
        ],
        "demand_points": [
            _point("paris", 48.86, 2.34, 60, "north"),
            _point("lille", 50.63, 3.06, 20, "north"),
            _point("lyon", 45.75, 4.85, 30, "south"),
            _point("marseille", 43.30, 5.38, 30, "south"),
            _point("nice", 43.70, 7.27, 15, "south"),
        ],
    },
    "service": {"same_day": {"max_distance_m": 100000}, "next_day": {"max_distance_m": 500000}},
    "cost_rates": {"transport_per_unit_km": 0.05, "penalty_beyond_next_day": 5.0},
    "changes": {"close": ["B"], "demand_growth": {"south": 0.2}},
    "solver": {"time_limit_s": 5},
}  # fmt: skip


def _small(**changes):
    data = copy.deepcopy(SMALL)
    data["changes"] = changes
    return data


def test_examples_load_and_build():
    files = sorted(EXAMPLES.glob("*.yaml"))
    assert len(files) >= 2
    for path in files:
        scenario = load_scenario(path)
        net = build_network(scenario)
        assert net.problem.num_customers == len(net.point_ids)


def test_small_scenario_report_adds_up():
    report = run_scenario(SMALL)
    assert "B" not in report.open_sites and "A" in report.open_sites
    assert report.total_cost == pytest.approx(
        report.fixed_cost + report.transport_cost + report.penalty_cost, abs=0.02
    )
    assert report.network_cost == pytest.approx(report.fixed_cost + report.transport_cost, abs=0.02)
    assert report.total_demand == pytest.approx(60 + 20 + 1.2 * (30 + 30 + 15))
    assert 0 <= report.same_day_share <= report.next_day_share <= 1
    for site in report.sites:
        assert site.load <= site.capacity + 1e-6
        assert site.open or site.load == 0
    assert sum(s.load for s in report.sites) == pytest.approx(report.total_demand)
    d = report.vs_base
    assert d is not None and "B" not in report.open_sites
    assert d.total_cost == pytest.approx(report.total_cost - (report.total_cost - d.total_cost))
    assert report.changes["close"] == ["B"]
    assert report.status == "optimal"


def test_us_example_applies_every_change():
    scenario = load_scenario(EXAMPLES / "us_forward_denver_south_growth.yaml")
    base_net = build_network(scenario, Changes())
    net = build_network(scenario)
    assert net.problem.total_demand > base_net.problem.total_demand
    south = np.array([r == "south" for r in net.regions])
    assert net.demand[south] == pytest.approx(1.3 * base_net.demand[south])
    assert net.demand[~south] == pytest.approx(base_net.demand[~south])
    ids = list(net.site_ids)
    assert ids.index("PHX6") in net.problem.must_close
    assert ids.index("DEN-FWD") in net.problem.must_open
    ind = ids.index("IND1")
    assert net.problem.capacities[ind] == pytest.approx(1.5 * base_net.problem.capacities[ind])
    report = run_scenario(scenario)
    assert "PHX6" not in report.open_sites and "DEN-FWD" in report.open_sites
    assert "PHX6" in report.vs_base.closed


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["base"]["sites"][1].update(capacity=-5), "base.sites[1].capacity"),
        (lambda d: d["changes"].update(close=["Z"]), "changes.close[0]"),
        (lambda d: d["changes"].update(open=["B", "nope"]), "changes.open[1]"),
        (lambda d: d["changes"].update(capacity_factor={"Q": 2.0}), "changes.capacity_factor.Q"),
        (lambda d: d["changes"].update(capacity_factor={"A": -1.0}), "changes.capacity_factor.A"),
        (lambda d: d["changes"].update(demand_growth={"east": 0.1}), "changes.demand_growth.east"),
        (lambda d: d["service"].update(max_distance_m=50000), "base.demand_points[1]"),
        (lambda d: d["base"]["demand_points"][0].update(colour="red"),
         "base.demand_points[0].colour"),
        (lambda d: d["base"]["sites"][0]["location"].update(lat=123), "base.sites[0].location.lat"),
        (lambda d: d["base"].update(demand_points=[]), "base.demand_points"),
        (lambda d: d["changes"].update(add=[dict(d["base"]["sites"][0])]), "changes.add[0].id"),
        (lambda d: d.update(sweep={"nonsense.path": [1]}), 'sweep["nonsense.path"]'),
        (lambda d: d.update(sweep={"capacity_factor.*": [-1.0]}), "changes.capacity_factor.*"),
        (lambda d: d.update(solver={"time_limit_s": "fast"}), "solver.time_limit_s"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field(mutate, field):
    data = copy.deepcopy(SMALL)
    mutate(data)
    with pytest.raises(InvalidValueError) as err:
        scenario = parse_scenario(data)
        sweep_points(scenario) if scenario.sweep else None
        for _, changes in sweep_points(scenario) if scenario.sweep else [(None, None)]:
            build_network(scenario, changes)
    assert err.value.field.startswith(field), err.value


@pytest.mark.parametrize(
    ("base", "field", "value"),
    [
        ({"candidate_cities": 5}, "base.candidate_cities", 5),
        ({"demand_per_capita": 3.0}, "base.demand_per_capita", 3.0),
        ({"existing_sites": "optimize"}, "base.existing_sites", "optimize"),
        ({"site_defaults": {"capacity": 50.0}}, "base.site_defaults",
         {"capacity": 50.0, "fixed_cost": 2_000_000.0}),
    ],
)  # fmt: skip
def test_a_us_only_setting_in_a_custom_network_is_refused_not_ignored(base, field, value):
    data = copy.deepcopy(SMALL)
    data["base"].update(base)
    with pytest.raises(InvalidValueError) as err:
        build_network(parse_scenario(data))
    assert (err.value.field, err.value.value) == (field, value)
    assert err.value.reason.startswith("only for network: us")


def test_demand_points_given_to_the_us_network_are_refused_not_ignored():
    data = {"name": "us", "base": {"network": "us", "demand_points": [_point("x", 1, 1, 5e9, "r")]}}
    with pytest.raises(InvalidValueError) as err:
        build_network(parse_scenario(data))
    assert (err.value.field, err.value.value) == ("base.demand_points[0]", "x")
    assert "network: custom" in err.value.reason


def test_pareto_front():
    cost = np.array([10.0, 12.0, 11.0, 15.0, 12.0])
    cover = np.array([0.5, 0.7, 0.4, 0.9, 0.6])
    assert pareto_front(cost, cover).tolist() == [True, True, False, True, False]


def _sweep_data():
    data = _small()
    data["sweep"] = {"open": [[], ["C"]]}
    return data


def _comparable(report):
    data = report.model_dump(mode="json", exclude={"executor"})
    for r in [data["base"], *data["reports"]]:
        r.pop("seconds")
    return data


@pytest.fixture(scope="module")
def dask_address():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_sweep_on_dask_equals_process_pool(dask_address, tmp_path):
    seen = []
    with ProcessPoolBackend(workers=2) as pool:
        local = run_sweep(_sweep_data(), executor=pool, on_point=lambda d, t: seen.append((d, t)))
    assert sorted(seen) == [(1, 3), (2, 3), (3, 3)]
    with get_executor(dask_address) as ex:
        remote = run_sweep(_sweep_data(), executor=ex)
    assert "dask" in remote.executor and "process pool" in local.executor
    assert _comparable(local) == _comparable(remote)
    assert len(local.points) == 2
    assert any(p.on_frontier_same_day for p in local.points)
    with_c = [p for p in local.points if p.values["open"] == ["C"]]
    assert all("C" in p.open_sites for p in with_c)
    paths = write_sweep(local, tmp_path)
    names = {p.name for p in paths}
    assert {"small_frontier.csv", "small_frontier.md", "small_report.json"} <= names
    assert json.loads((tmp_path / "small_report.json").read_text())["name"] == "small"
    assert "network_cost" in (tmp_path / "small_frontier.csv").read_text().splitlines()[0]


def test_more_candidate_cities_than_the_us_network_has_is_refused_not_cut():
    data = {"name": "us", "base": {"candidate_cities": 500}}  # took the 99 there are
    with pytest.raises(InvalidValueError) as err:
        build_network(parse_scenario(data))
    assert (err.value.field, err.value.value) == ("base.candidate_cities", 500)
    assert err.value.reason == "the US network has 99 cities"
