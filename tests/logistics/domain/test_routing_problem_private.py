"""A RoutingProblem's data are its own: read-only matrices, tuples, checked containers.

Regression: the problem froze the caller's array in place (their own ``dist[i, j] = x``
then failed with "assignment destination is read-only") and, given a view, kept it:
writing through the view's base put a negative distance into a validated problem.
Lists of stops stayed the caller's (a stop appended later was never validated), and
``stops="x"`` failed with an AttributeError instead of naming the field.
"""

from __future__ import annotations

import numpy as np
import pytest

from logistics.domain import Depot, LatLon, RoutingProblem, Stop, Vehicle, VehicleType
from logistics.errors import InvalidValueError


def _problem(distance: np.ndarray, duration: np.ndarray) -> RoutingProblem:
    return RoutingProblem(
        depots=(Depot("d", LatLon(0, 0)),),
        stops=(Stop("a", LatLon(0, 0.01)), Stop("b", LatLon(0, 0.02))),
        vehicles=(Vehicle("v", VehicleType("van", (10,)), "d", "d"),),
        distance=distance,
        duration=duration,
    )


def test_the_callers_matrix_stays_writeable_and_changing_it_does_not_change_the_problem():
    distance = np.full((3, 3), 100, dtype=np.int64)
    problem = _problem(distance, distance.copy())
    distance[0, 1] = 7  # was: ValueError, assignment destination is read-only
    assert problem.distance[0, 1] == 100


def test_a_view_is_copied_so_its_base_cannot_reach_the_problem():
    base = np.full((4, 4), 100, dtype=np.int64)
    problem = _problem(base[:3, :3], base[:3, :3].copy())
    base[0, 1] = -7
    assert problem.distance[0, 1] == 100


def test_the_problems_matrices_refuse_writes():
    problem = _problem(np.full((3, 3), 100, dtype=np.int64), np.full((3, 3), 60, dtype=np.int64))
    for m in (problem.distance, problem.duration):
        with pytest.raises(ValueError, match="read-only"):
            m[0, 1] = -5


def test_lists_become_tuples_so_a_stop_cannot_be_added_after_validation():
    m = np.full((3, 3), 100, dtype=np.int64)
    stops = [Stop("a", LatLon(0, 0.01)), Stop("b", LatLon(0, 0.02))]
    problem = RoutingProblem(
        depots=[Depot("d", LatLon(0, 0))],
        stops=stops,
        vehicles=[Vehicle("v", VehicleType("van", (10,)), "d", "d")],
        units=["parcels"],
        distance=m,
        duration=m,
    )
    stops.append(Stop("a", LatLon(0, 0.03)))  # a duplicate id, never validated
    assert [s.id for s in problem.stops] == ["a", "b"]
    assert all(isinstance(getattr(problem, f), tuple) for f in ("depots", "stops", "vehicles"))


@pytest.mark.parametrize(
    ("field", "value"),
    [("stops", "x"), ("stops", 5), ("depots", ["d"]), ("vehicles", None), ("units", [1])],
)
def test_containers_of_the_wrong_kind_are_named(field, value):
    # were AttributeError ('str' object has no attribute 'id') or TypeError tracebacks
    kw = dict(
        depots=(Depot("d", LatLon(0, 0)),),
        stops=(Stop("a", LatLon(0, 0.01)), Stop("b", LatLon(0, 0.02))),
        vehicles=(Vehicle("v", VehicleType("van", (10,)), "d", "d"),),
    )
    kw[field] = value
    with pytest.raises(InvalidValueError) as err:
        RoutingProblem(**kw)
    assert err.value.field.split("[")[0] == field
