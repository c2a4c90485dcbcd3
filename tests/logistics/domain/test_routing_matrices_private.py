"""A RoutingProblem's travel matrices are private, read-only copies.

Regression: the problem froze the caller's array in place (their own ``dist[i, j] = x``
then failed with "assignment destination is read-only") and, given a view, kept it:
writing through the view's base put a negative distance into a validated problem.
"""

from __future__ import annotations

import numpy as np
import pytest

from logistics.domain import Depot, LatLon, RoutingProblem, Stop, Vehicle, VehicleType


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
