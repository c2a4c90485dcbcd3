"""Our JSON problem format: the example loads, solves, round-trips; plans export."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from logistics.routing_json import (
    load_problem,
    plan_to_geojson,
    plan_to_json,
    problem_from_json,
    problem_to_json,
    save_problem,
)
from solvers.routing import RoutingParams, solve, validate

EXAMPLE = Path(__file__).parents[3] / "examples" / "routing" / "rio_day.json"


def test_example_loads_with_every_feature():
    doc = load_problem(EXAMPLE)
    p = doc.problem
    assert doc.origin == datetime.fromisoformat("2026-11-23T00:00:00-03:00")
    assert p.units == ("kg", "parcels")
    assert len(p.stops) == 26 and len(p.pairs) == 1
    assert any(v.end_depot is None for v in p.vehicles)
    assert any(v.breaks for v in p.vehicles)
    assert any(s.skills for s in p.stops) and any(s.penalty is not None for s in p.stops)
    assert p.depots[0].opening.start == 6 * 3600


def test_round_trip(tmp_path):
    doc = load_problem(EXAMPLE)
    out = tmp_path / "again.json"
    save_problem(out, doc.problem, doc.origin)
    again = load_problem(out)
    assert problem_to_json(again.problem, again.origin) == problem_to_json(doc.problem, doc.origin)


def test_time_origin_defaults_to_midnight_of_the_first_time():
    data = problem_to_json(load_problem(EXAMPLE).problem, load_problem(EXAMPLE).origin)
    del data["time_origin"]
    assert problem_from_json(data).origin == datetime.fromisoformat("2026-11-23T00:00:00-03:00")


def test_plan_exports_to_json_and_geojson():
    doc = load_problem(EXAMPLE)
    plan = solve(doc.problem, RoutingParams(time_limit_s=1))
    assert validate(doc.problem, plan).feasible
    j = plan_to_json(plan, doc.problem, doc.origin)
    step = j["routes"][0]["steps"][1]
    assert step["arrival"].startswith("2026-11-23T") and step["arrival"].endswith("-03:00")
    assert set(step["load"]) == {"kg", "parcels"}
    assert set(j["routes"][0]["steps"][0]["location"]) == {"lat", "lon"}
    g = plan_to_geojson(plan, doc.problem, doc.origin)
    lines = [f for f in g["features"] if f["geometry"]["type"] == "LineString"]
    assert len(lines) == plan.summary.vehicles
    lon, lat = lines[0]["geometry"]["coordinates"][0]
    assert (lat, lon) == (doc.problem.depots[0].location.lat, doc.problem.depots[0].location.lon)


def _night_shift(stop_window: dict) -> dict:
    """A depot given no opening hours and a van working 18:00 to 04:00."""
    return {
        "units": ["parcels"],
        "depots": [{"id": "dc", "location": {"lat": -22.90, "lon": -43.20}}],
        "vehicle_types": [{"id": "van", "capacity": {"parcels": 10}}],
        "vehicles": [
            {
                "id": "v1",
                "type": "van",
                "start_depot": "dc",
                "shift": {"start": "2026-11-23T18:00:00-03:00", "end": "2026-11-24T04:00:00-03:00"},
            }
        ],
        "stops": [
            {
                "id": "s1",
                "location": {"lat": -22.91, "lon": -43.21},
                "delivery": {"parcels": 2},
                "time_windows": [stop_window],
            }
        ],
    }


def test_a_depot_without_opening_hours_stays_open_for_a_night_shift():
    # the depot used to close at the first midnight: the stop at 00:30 came back
    # unassigned as "time_window" although nobody had given the depot any hours
    window = {"start": "2026-11-24T00:30:00-03:00", "end": "2026-11-24T02:00:00-03:00"}
    doc = problem_from_json(_night_shift(window))
    assert doc.problem.depots[0].opening.end == 28 * 3600  # the shift's end, 04:00 next day
    plan = solve(doc.problem, RoutingParams(time_limit_s=1, backend="ortools"))
    assert [r.stop_ids for r in plan.routes] == [["s1"]] and not plan.unassigned
    assert validate(doc.problem, plan).feasible


def test_a_depot_without_opening_hours_is_open_whatever_the_time_origin():
    # an origin the day before used to make the shift "not overlap the opening hours"
    window = {"start": "2026-11-23T20:00:00-03:00", "end": "2026-11-23T21:00:00-03:00"}
    data = {**_night_shift(window), "time_origin": "2026-11-22T00:00:00-03:00"}
    doc = problem_from_json(data)
    assert doc.problem.depots[0].opening.end == 52 * 3600
