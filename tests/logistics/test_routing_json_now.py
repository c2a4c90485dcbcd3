"""``"now"`` and a vehicle's ``"position"`` in the routing JSON: a live re-plan timed from
now, each van on the road starting where it is (``logistics.routing_json``)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from logistics.errors import InvalidValueError
from logistics.live_replan import LOADS_AT_DEPOT
from logistics.routing_json import plan_to_json, problem_from_json, problem_to_json
from solvers.routing import RoutingParams, solve, validate

ROOT = Path(__file__).resolve().parents[2]
REPLAN = json.loads((ROOT / "examples/routing/rio_replan.json").read_text())
NOW = "2026-11-23T11:00:00-03:00"
ON_THE_ROAD = {"lat": -22.93, "lon": -43.2}


def _vehicle(problem, vehicle_id: str):
    return next(v for v in problem.vehicles if v.id == vehicle_id)


def _replan(**changes) -> dict:
    doc = copy.deepcopy(REPLAN)
    for v in doc["vehicles"]:
        v["shift"]["start"] = "2026-11-23T07:00:00-03:00"  # the morning's shifts, as sent
    doc["now"] = NOW
    for vid, position in changes.items():
        next(v for v in doc["vehicles"] if v["id"] == vid)["position"] = position
    return doc


def test_no_vehicle_starts_before_now():
    doc = problem_from_json(_replan())
    now = doc.to_seconds(doc.origin.fromisoformat(NOW))
    assert all(v.shift.start == now for v in doc.problem.vehicles)
    plan = solve(doc.problem, RoutingParams(time_limit_s=2, seed=1))
    assert validate(doc.problem, plan).feasible
    assert all(r.start >= now for r in plan.routes)


def test_a_van_on_the_road_starts_where_it_is_at_now():
    doc = problem_from_json(_replan(**{"van-1": ON_THE_ROAD}))
    van = _vehicle(doc.problem, "van-1")
    depot = next(d for d in doc.problem.depots if d.id == van.start_depot)
    now = doc.to_seconds(doc.origin.fromisoformat(NOW))
    assert van.start_depot == "van-1:position" and van.end_depot == "rio-dc"
    assert depot.location.to_dict() == ON_THE_ROAD
    assert (depot.opening.start, depot.opening.end) == (now, now)
    plan = solve(doc.problem, RoutingParams(time_limit_s=2, seed=1))
    assert validate(doc.problem, plan).feasible
    route = next(r for r in plan.routes if r.vehicle_id == "van-1")
    out = plan_to_json(plan, doc.problem, doc.origin)
    steps = next(r for r in out["routes"] if r["vehicle"] == "van-1")["steps"]
    assert steps[0]["location"] == ON_THE_ROAD and steps[0]["departure"] == NOW
    assert route.start == now
    jobs = [s.id for s in route.steps if s.id in van.dispatched]
    assert jobs == list(van.dispatched)  # its dispatched stops first, in order
    # written back, the position is a depot of its own: the same problem
    again = problem_from_json(problem_to_json(doc.problem, doc.origin)).problem
    assert _vehicle(again, "van-1").start_depot == "van-1:position"


def test_a_break_over_before_now_is_dropped_and_one_still_ahead_is_kept():
    raw = _replan()
    van = raw["vehicles"][0]
    van["breaks"] = [
        {"window": {"start": "2026-11-23T09:00:00-03:00", "end": "2026-11-23T10:00:00-03:00"}},
        {"window": {"start": "2026-11-23T10:30:00-03:00", "end": "2026-11-23T12:00:00-03:00"}},
    ]
    for b in van["breaks"]:
        b["duration_s"] = 900
    doc = problem_from_json(raw)
    now = doc.to_seconds(doc.origin.fromisoformat(NOW))
    (kept,) = _vehicle(doc.problem, "van-1").breaks
    assert kept.window.end > now


def test_a_shift_over_by_now_is_the_empty_window_at_now():
    raw = _replan()
    raw["vehicles"][2]["shift"]["end"] = "2026-11-23T10:00:00-03:00"
    raw["vehicles"][2]["breaks"] = []
    raw["vehicles"][2].pop("dispatched", None)
    doc = problem_from_json(raw)
    now = doc.to_seconds(doc.origin.fromisoformat(NOW))
    shift = doc.problem.vehicles[2].shift
    assert (shift.start, shift.end) == (now, now)


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        (lambda d: d.pop("now"), "vehicles[0].position", "needs the document's now"),
        (
            lambda d: d.__setitem__(
                "depots", [*d["depots"], {**d["depots"][0], "id": "van-1:position"}]
            ),
            "vehicles[0].position",
            "'van-1:position' is taken",
        ),
        (
            lambda d: d["vehicles"][0].__setitem__("position", {"lat": 91, "lon": 0}),
            "vehicles[0].position.lat",
            "",
        ),
        (lambda d: d.__setitem__("now", "11:00"), "now", ""),
    ],
)
def test_a_bad_position_or_now_is_named(change, field, reason):
    raw = _replan(**{"van-1": ON_THE_ROAD})
    change(raw)
    with pytest.raises(InvalidValueError) as e:
        problem_from_json(raw)
    assert e.value.field == field and reason in e.value.reason


def test_a_position_with_given_matrices_is_refused():
    raw = json.loads((ROOT / "examples/routing/rio_day.json").read_text())
    n = len(raw["depots"]) + len(raw["stops"])
    raw["matrices"] = {"duration_s": [[0] * n for _ in range(n)]}
    raw["now"] = NOW
    raw["vehicles"][0]["position"] = ON_THE_ROAD
    with pytest.raises(InvalidValueError) as e:
        problem_from_json(raw)
    assert e.value.field == "vehicles[0].position" and "matrices" in e.value.reason


def test_a_van_on_the_road_gets_no_new_delivery_it_would_have_to_fetch():
    # every delivery on a route counts as loaded at its start: from a position, a new
    # delivery was planned as if it were on board
    doc = problem_from_json(_replan(**{"van-1": ON_THE_ROAD, "van-2": ON_THE_ROAD}))
    p = doc.problem
    on_road = {"van-1", "van-2"}
    aboard = {s for v in p.vehicles if v.id in on_road for s in v.dispatched}
    collected = {pair.delivery_id for pair in p.pairs}
    for v in p.vehicles:
        has = LOADS_AT_DEPOT in v.type.skills
        assert has == (v.id not in on_road), v
        assert v.type.id.endswith(":on-the-road") == (v.id in on_road)
    for s in p.stops:
        needs = any(s.delivery) and s.id not in aboard and s.id not in collected
        assert (LOADS_AT_DEPOT in s.skills) == needs, s.id
    plan = solve(p, RoutingParams(time_limit_s=2, seed=1))
    assert validate(p, plan).feasible
    for r in plan.routes:
        if r.vehicle_id in on_road:
            new = {st.id for st in r.steps if st.id} - aboard - collected
            stops = {s.id: s for s in p.stops}
            assert not any(any(stops[i].delivery) for i in new if i in stops), (r.vehicle_id, new)
    # without a van on the road, nothing changes
    plain = problem_from_json(_replan()).problem
    assert all(LOADS_AT_DEPOT not in s.skills for s in plain.stops)
    assert [v.type for v in plain.vehicles] == [
        v.type for v in problem_from_json(REPLAN).problem.vehicles
    ]
