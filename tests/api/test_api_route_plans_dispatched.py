"""Route plans with dispatched stops: accepted, solved by a worker process with every
vehicle's dispatched stops kept first and in order, and every error a 422 problem whose
pointer names the vehicle's ``dispatched`` entry."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RIO = json.loads((ROOT / "examples/routing/rio_day.json").read_text())
REPLAN = json.loads((ROOT / "examples/routing/rio_replan.json").read_text())


def _post(api, **dispatched):
    doc = copy.deepcopy(RIO)
    for v in doc["vehicles"]:
        if v["id"] in dispatched:
            v["dispatched"] = dispatched[v["id"]]
    return api.client.post(
        "/v1/route-plans?validate_only=true", json={"problem": doc}, headers=api.h("dispatcher")
    )


def test_dispatched_stops_are_accepted(api):
    r = _post(api, **{"van-1": ["o-1013", "ret-1", "ret-1-store"]})
    assert r.status_code == 200, r.text
    assert r.json()["valid"] is True


@pytest.mark.parametrize(
    ("dispatched", "pointer", "detail"),
    [
        (
            {"van-1": ["o-1013", "ghost"]},
            "/problem/vehicles/0/dispatched/1",
            "problem.vehicles[0].dispatched[1]='ghost': no such stop",
        ),
        (
            {"van-1": ["o-1013"], "van-2": ["o-1012", "o-1013"]},
            "/problem/vehicles/1/dispatched/1",
            "problem.vehicles[1].dispatched[1]='o-1013': already dispatched on vehicle 'van-1'",
        ),
        (
            {"van-1": ["ret-1"], "van-2": ["ret-1-store"]},
            "/problem/vehicles/1/dispatched/0",
            "problem.vehicles[1].dispatched[0]='ret-1-store': its pickup 'ret-1' is "
            "dispatched on vehicle 'van-1'",
        ),
        (
            {"van-1": "o-1013"},
            "/problem/vehicles/0/dispatched",
            "problem.vehicles[0].dispatched='o-1013': expected a list",
        ),
        (
            # van-3 starts at 09:00; o-1001's window closes at 10:00, after o-1023's opens
            {"van-3": ["o-1023", "o-1001"]},
            "/problem/vehicles/2/dispatched",
            None,
        ),
    ],
)
def test_errors_point_at_the_dispatched_entry(api, dispatched, pointer, detail):
    r = _post(api, **dispatched)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["errors"][0]["pointer"] == pointer
    if detail is not None:
        assert body["detail"] == detail


def test_a_prefix_that_misses_a_window_says_when(api):
    r = _post(api, **{"van-3": ["o-1023", "o-1001"]})
    reason = r.json()["errors"][0]["detail"]
    assert reason.startswith(
        "stop 'o-1001' cannot be reached before its window closes at 2026-11-23T10:00:00-03:00 "
        "(earliest arrival 2026-11-23T"
    )


def _visits(plan) -> dict[str, list[str]]:
    """Stop ids per vehicle in serving order (breaks, start and end left out)."""
    keep = {"job", "pickup", "delivery"}
    return {
        r["vehicle"]: [s["id"] for s in r["steps"] if s["type"] in keep] for r in plan["routes"]
    }


def test_a_solved_job_keeps_every_vehicles_dispatched_stops_first_and_in_order(api):
    # rio_replan: three vans carry dispatched stops; solved without the lists (the
    # second job), the plan moves van-1's and van-2's stops to van-3 and reorders them
    h = api.h("dispatcher")
    dispatched = {v["id"]: v["dispatched"] for v in REPLAN["vehicles"] if v.get("dispatched")}
    assert dispatched == {
        "van-1": ["o-1013", "ret-1", "ret-1-store"],
        "van-2": ["o-1009", "o-1010"],
        "cold-1": ["o-1004"],
    }
    free = copy.deepcopy(REPLAN)
    for v in free["vehicles"]:
        v.pop("dispatched", None)
    locs = []
    for doc in (REPLAN, free):
        r = api.client.post("/v1/route-plans", json={"problem": doc, "time_limit_s": 2}, headers=h)
        assert r.status_code == 202, r.text
        locs.append(r.headers["location"])
    job, free_job = (api.wait(loc, timeout=60) for loc in locs)

    assert job["state"] == "succeeded", job
    result = job["result"]
    assert result["final"] is True
    assert result["validation"] == {"feasible": True, "violations": []}
    plan = result["plan"]
    assert plan["status"] == "solved" and plan["unassigned"] == []
    visits = _visits(plan)
    for vehicle, ids in dispatched.items():
        assert visits[vehicle][: len(ids)] == ids, (vehicle, visits[vehicle])
    # the stored job reads back the same (what a dispatcher's later GET sees)
    again = api.client.get(locs[0], headers=h).json()
    assert again["result"]["plan"] == plan

    # the same day without the lists: the solver is free to move them, and does
    assert free_job["state"] == "succeeded", free_job
    assert free_job["result"]["validation"]["feasible"] is True
    free_visits = _visits(free_job["result"]["plan"])
    kept = [v for v, ids in dispatched.items() if free_visits.get(v, [])[: len(ids)] == ids]
    assert kept != list(dispatched), free_visits
    assert free_job["result"]["plan"]["summary"]["cost"] < plan["summary"]["cost"]
