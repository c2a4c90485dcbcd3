"""A driver with two breaks takes them one after the other, never both at once.

OR-Tools' break intervals (``SetBreakIntervalsOfVehicle``) keep breaks out of travel
and service but not out of each other: with a 1 h break allowed 10:00-13:00 and a
30 min one fixed at 10:00, it planned both from 10:00 and ``validate`` rejected the
plan ("break overlaps previous activity")."""

from __future__ import annotations

import pytest

from logistics.domain.route_plan import StepType
from logistics.routing_json import problem_from_json
from solvers.routing import RoutingParams, solve
from tests.solvers.routing._instances import checked_route

T = "2026-11-23T{}:00-03:00".format
LONG = {"window": {"start": T("10:00"), "end": T("13:00")}, "duration_s": 3600}
FIXED = {"window": {"start": T("10:00"), "end": T("10:00")}, "duration_s": 1800}


def _doc(breaks: list[dict]) -> dict:
    def loc(i: int) -> dict:
        return {"lat": -22.9 + 0.01 * (i % 5), "lon": -43.2 + 0.01 * (i // 5)}

    return {
        "time_origin": T("00:00"),
        "units": ["parcels"],
        "depots": [{"id": "dc", "location": loc(0)}],
        "vehicle_types": [{"id": "van", "capacity": {"parcels": 10}}],
        "vehicles": [
            {
                "id": "v1",
                "type": "van",
                "start_depot": "dc",
                "shift": {"start": T("08:00"), "end": T("18:00")},
                "breaks": breaks,
            }
        ],
        "stops": [
            {"id": f"s{i}", "location": loc(i), "delivery": {"parcels": 1}, "service_s": 1200}
            for i in range(1, 9)
        ],
    }


@pytest.mark.parametrize("breaks", [[LONG, FIXED], [FIXED, LONG]])
def test_two_breaks_do_not_overlap(breaks):
    problem = problem_from_json(_doc(breaks)).problem
    plan = solve(problem, RoutingParams(backend="ortools", time_limit_s=2, solution_limit=200))
    assert not plan.unassigned
    route = checked_route(problem, plan)
    taken = sorted((s.arrival, s.departure) for s in route.steps if s.type is StepType.BREAK)
    assert len(taken) == 2 and taken[0][1] <= taken[1][0]
