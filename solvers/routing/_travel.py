"""Travel matrices of a routing problem (location indexing: depots, then stops).

The problem's own integer matrices are used when given. Otherwise they are derived
from the locations: planar ``Point`` coordinates give Euclidean distances times
``distance_scale`` (rounded) and a travel time equal to the unscaled distance (the
benchmark convention: one distance unit takes one time unit); ``LatLon`` places
give great-circle (haversine) meters times a road factor of 1.3 and a travel time at
an urban average of 30 km/h. Real plans should pass road matrices from
``logistics.matrices``.
"""

from __future__ import annotations

import numpy as np

from logistics.domain.geo import LatLon, Point
from logistics.domain.routing import RoutingProblem
from logistics.errors import InvalidValueError

__all__ = ["ROAD_FACTOR", "URBAN_SPEED_M_PER_S", "distance_matrix", "duration_matrix", "scaled"]

ROAD_FACTOR = 1.3
"""Driving distance over straight-line distance when no road matrix is given."""
URBAN_SPEED_M_PER_S = 30_000 / 3600
"""Average driving speed (30 km/h) when no duration matrix is given."""
_EARTH_RADIUS_M = 6_371_008.8


def _locations(problem: RoutingProblem) -> list:
    return [d.location for d in problem.depots] + [s.location for s in problem.stops]


def _planar_or_geo(problem: RoutingProblem) -> tuple[str, np.ndarray]:
    locs = _locations(problem)
    if all(isinstance(p, Point) for p in locs):
        return "planar", np.array([(p.x, p.y) for p in locs], dtype=float)
    if all(isinstance(p, LatLon) for p in locs):
        return "geo", np.array([(p.lat, p.lon) for p in locs], dtype=float)
    raise InvalidValueError(
        "stops", "mixed", "locations mix {lat, lon} and {x, y}; use one kind or pass matrices"
    )


def _straight(problem: RoutingProblem) -> tuple[str, np.ndarray]:
    kind, xy = _planar_or_geo(problem)
    if kind == "planar":
        d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
        return kind, d
    lat = np.radians(xy[:, 0])
    lon = np.radians(xy[:, 1])
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
    return kind, 2 * _EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def distance_matrix(problem: RoutingProblem) -> np.ndarray:
    """Integer distance matrix in matrix units (meters times ``distance_scale``)."""
    if problem.distance is not None:
        return np.asarray(problem.distance, dtype=np.int64)
    kind, d = _straight(problem)
    if kind == "geo":
        d = d * ROAD_FACTOR
    return np.rint(d * problem.distance_scale).astype(np.int64)


def duration_matrix(problem: RoutingProblem) -> np.ndarray:
    """Integer travel-time matrix in seconds (speed factor 1)."""
    if problem.duration is not None:
        return np.asarray(problem.duration, dtype=np.int64)
    if problem.distance is not None:
        dist = np.asarray(problem.distance, dtype=float) / problem.distance_scale
        kind, _ = _planar_or_geo(problem)
        if kind == "planar":
            return np.rint(dist).astype(np.int64)
        return np.rint(dist / URBAN_SPEED_M_PER_S).astype(np.int64)
    kind, d = _straight(problem)
    if kind == "planar":
        return np.rint(d).astype(np.int64)
    return np.rint(d * ROAD_FACTOR / URBAN_SPEED_M_PER_S).astype(np.int64)


def scaled(duration: np.ndarray, speed_factor: float) -> np.ndarray:
    """Travel times of a vehicle type with ``speed_factor`` (1.2 = 20% slower)."""
    if speed_factor == 1:
        return duration
    return np.rint(duration * float(speed_factor)).astype(np.int64)
