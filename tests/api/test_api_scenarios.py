"""/v1/scenarios: the check builds every network (422 with a pointer before any job is
queued) and a scenario with a ``sweep`` runs the sweep in the job."""

from __future__ import annotations

import copy
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import yaml
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "logistics" / "whatif"))
from test_whatif import SMALL  # noqa: E402

from api import solves  # noqa: E402
from logistics.store.models import Job  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
US = yaml.safe_load((ROOT / "examples/scenarios/us_forward_denver_south_growth.yaml").read_text())


def _small(**top):
    data = copy.deepcopy(SMALL)
    data["changes"] = {}
    data.update(top)
    return data


def _us(**changes):
    data = copy.deepcopy(US)
    data["changes"] = changes
    return data


def _dup_point():
    data = _small()
    data["base"]["demand_points"].append(dict(data["base"]["demand_points"][2]))
    return data


def _us_base(**base):
    data = _us()
    data["base"] = {**data.get("base", {}), **base}
    return data


_THREE_FACTORS = ("capacity_factor.*", "demand_growth.*", "cost_rates.fixed_cost_factor")

CASES = [
    (_us(close=["XYZ9"]), "/scenario/changes/close/0"),
    (_us(demand_growth={"mars": 0.3}), "/scenario/changes/demand_growth/mars"),
    (_small(changes={"capacity_factor": {"*": 0.1}}), "/scenario/changes/capacity_factor/*"),
    (_dup_point(), "/scenario/base/demand_points/5/id"),
    (_small(service={"max_distance_m": 50_000}), "/scenario/base/demand_points/1"),
    (_small(changes={"close": ["A", "B", "C"]}), "/scenario/changes/close"),
    (_small(sweep={"open": [[], ["Z"]]}), "/scenario/sweep/open/1/0"),
    (_small(sweep={"bogus.path": [1]}), "/scenario/sweep/bogus.path"),  # was /sweep/bogus
    (_us(capacity_factor={"FOO": 2.0}), "/scenario/changes/capacity_factor/FOO"),
    # a city's demand past the solver's infinity was a 500 (SiteSpec capacity >= 1e20)
    (_us_base(demand_per_capita=2**70), "/scenario/base/demand_per_capita"),
    (_us_base(demand_per_capita=1e308), "/scenario/base/demand_per_capita"),
    (  # only C, cut to 40, is within 300 km of marseille and nice (45): was a job that failed
        _small(service={"max_distance_m": 300_000}, changes={"capacity_factor": {"C": 0.5}}),
        "/scenario/changes/capacity_factor/C",
    ),
    (_small(solver={"time_limit": 5, "time_limit_s": 5}), "/scenario/solver/time_limit"),
    (  # a grid was built in memory inside the request (a 40^3 check took 21 s)
        _small(sweep={k: [1.0 + i / 22 for i in range(22)] for k in _THREE_FACTORS}),
        "/scenario/sweep",
    ),
]


@pytest.mark.parametrize(("scenario", "pointer"), CASES)
def test_bad_scenarios_are_422_before_a_job_is_queued(api, scenario, pointer):
    h = api.h("planner")
    for query in ("?validate_only=true", ""):
        r = api.client.post(f"/v1/scenarios{query}", json={"scenario": scenario}, headers=h)
        assert r.status_code == 422, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["errors"][0]["pointer"] == pointer
    with api.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 0


@pytest.mark.parametrize("key", ["time_limit_s", "time_limit"])
def test_solver_time_limit_s_and_its_older_spelling_are_valid(api, key):
    r = api.client.post(
        "/v1/scenarios?validate_only=true",
        json={"scenario": _small(solver={key: 5})},
        headers=api.h("planner"),
    )
    assert r.status_code == 200, r.text
    assert r.json()["valid"] is True


def test_validate_only_reports_the_sweep_grid(api):
    r = api.client.post(
        "/v1/scenarios?validate_only=true",
        json={"scenario": _small(sweep={"capacity_factor.*": [1.0, 0.1]})},
        headers=api.h("planner"),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["valid"] is True and body["sweep_points"] == 2
    assert [p["index"] for p in body["infeasible_points"]] == [1]


def test_a_sweep_runs_in_the_job_point_by_point(api):
    h = api.h("planner")
    scenario = _small(sweep={"capacity_factor.*": [1.0, 0.1, 1.25]}, solver={"time_limit_s": 5})
    r = api.client.post("/v1/scenarios", json={"scenario": scenario}, headers=h)
    assert r.status_code == 202, r.text
    job = api.wait(r.headers["location"], role="planner")
    assert job["state"] == "succeeded", job
    sweep = job["result"]["sweep"]
    assert job["result"]["final"] is True and "report" not in job["result"]
    assert sweep["complete"] is True and sweep["grid_size"] == 3
    assert [p["status"] for p in sweep["points"]] == ["optimal", "infeasible", "optimal"]
    assert sweep["points"][1]["reason"].startswith('sweep["capacity_factor.*"][1]=0.1')
    assert any(p["on_frontier_next_day"] for p in sweep["points"])
    assert sweep["base"]["name"] == "small (base)"


def test_a_cancelled_sweep_job_keeps_the_points_solved():
    scenario = _small(sweep={"capacity_factor.*": [1.0, 1.25, 1.5]}, solver={"time_limit_s": 5})
    progress, best = [], []

    def report(p, result=None):
        progress.append(p)
        if result is not None:
            best.append(result)

    out = solves.solve_scenario({"scenario": scenario}, report, lambda: len(best) >= 2)
    sweep = out["sweep"]
    assert out["final"] is True and sweep["complete"] is False
    assert [p["index"] for p in sweep["points"]] == [0]
    assert progress[-1] == {"phase": "sweep", "solved": 2, "total": 4}
    assert best[0]["final"] is False and best[0]["sweep"]["points"] == []


def _big(m: int = 60, n: int = 400, seed: int = 1) -> dict:
    """A custom network of ``m`` sites and ``n`` points: solved by the Lagrangian path
    (more than 20,000 pairs), 12 s for the base and the scenario at 20 s each."""
    rng = np.random.default_rng(seed)
    demand = rng.integers(5, 35, n)

    def where(a: float, b: float) -> dict:
        return {"lat": float(45 + 3 * a), "lon": float(2 + 4 * b)}

    sites = [
        {"id": f"S{i}", "location": where(a, b), "capacity": float(10 * demand.sum() / m),
         "fixed_cost": float(rng.uniform(5e3, 15e3))}
        for i, (a, b) in enumerate(rng.random((m, 2)))
    ]  # fmt: skip
    points = [
        {"id": f"P{j}", "location": where(a, b), "demand": float(demand[j]), "region": "r"}
        for j, (a, b) in enumerate(rng.random((n, 2)))
    ]
    return {
        "name": "big",
        "base": {"network": "custom", "sites": sites, "demand_points": points},
        "service": {"same_day": {"max_distance_m": 50000}},
        "cost_rates": {"transport_per_unit_km": 0.05},
        "changes": {"demand_growth": {"r": 0.1}},
        "solver": {"time_limit_s": 20},
    }


def test_a_cancelled_scenario_job_ends_at_once_with_the_designs_found():
    # run_scenario took no should_stop: a cancel waited out the 10 s grace, then the
    # worker was killed and the result lost. Now the base's solve ends with its best
    # design so far and the scenario's gets a second
    began = time.perf_counter()
    out = solves.solve_scenario({"scenario": _big()}, lambda *_a: None, lambda: True)
    assert time.perf_counter() - began < 6
    report = out["report"]
    assert report["name"] == "big" and report["vs_base"] is not None
    assert report["total_cost"] > 0


def test_an_unknown_capacity_factor_site_shows_the_factor_written(api):
    # the key is in the pointer; the detail gave the key as the value ('FOO')
    scenario = _us(capacity_factor={"FOO": 2.0})
    r = api.client.post(
        "/v1/scenarios?validate_only=true", json={"scenario": scenario}, headers=api.h("planner")
    )
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["errors"][0]["pointer"] == "/scenario/changes/capacity_factor/FOO"
    assert "capacity_factor.FOO=2.0: no site with this id" in problem["detail"]
