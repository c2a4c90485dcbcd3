"""Travel matrices of a routing problem (location indexing: depots, then stops).

The problem's own integer matrices are used when given. Otherwise they are derived
from the locations: planar ``Point`` coordinates give Euclidean distances times
``distance_scale`` (rounded) and a travel time equal to the unscaled distance (the
benchmark convention: one distance unit takes one time unit); ``LatLon`` places
give great-circle (haversine) meters times a road factor of 1.3 and a travel time at
an urban average of 30 km/h. Real plans should pass road matrices from
``logistics.matrices``.

Above :data:`DENSE_LIMIT` locations without given matrices, :func:`distance_table`
and :func:`duration_table` return a :class:`Pairwise` table that computes entries on
demand (the same numbers as the dense matrix) so plans of tens of thousands of stops
can be built and validated without an n-by-n array.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from logistics.domain.geo import LatLon, Point
from logistics.domain.routing import RoutingProblem
from logistics.errors import InvalidValueError

__all__ = [
    "ROAD_FACTOR",
    "URBAN_SPEED_M_PER_S",
    "DENSE_LIMIT",
    "Pairwise",
    "distance_matrix",
    "duration_matrix",
    "distance_table",
    "duration_table",
    "scaled",
    "take",
    "tables_over",
]

ROAD_FACTOR = 1.3
"""Driving distance over straight-line distance when no road matrix is given."""
URBAN_SPEED_M_PER_S = 30_000 / 3600
"""Average driving speed (30 km/h) when no duration matrix is given."""
DENSE_LIMIT = 3000
"""Locations above which tables are computed on demand instead of stored."""
_EARTH_RADIUS_M = 6_371_008.8


def _coords(problem: RoutingProblem) -> tuple[str, np.ndarray]:
    locs = [d.location for d in problem.depots] + [s.location for s in problem.stops]
    if all(isinstance(p, Point) for p in locs):
        return "planar", np.array([(p.x, p.y) for p in locs], dtype=float).reshape(-1, 2)
    if all(isinstance(p, LatLon) for p in locs):
        return "geo", np.array([(p.lat, p.lon) for p in locs], dtype=float).reshape(-1, 2)
    raise InvalidValueError(
        "stops", "mixed", "locations mix {lat, lon} and {x, y}; use one kind or pass matrices"
    )


def _straight(kind: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Straight-line length between rows of ``a`` and rows of ``b`` (broadcast)."""
    if kind == "planar":
        return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))
    lat1, lon1 = np.radians(a[:, 0])[:, None], np.radians(a[:, 1])[:, None]
    lat2, lon2 = np.radians(b[:, 0])[None, :], np.radians(b[:, 1])[None, :]
    h = (
        np.sin((lat1 - lat2) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon1 - lon2) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _to_distance(kind: str, d: np.ndarray, scale: int) -> np.ndarray:
    if kind == "geo":
        d = d * ROAD_FACTOR
    return np.rint(d * scale).astype(np.int64)


def _to_duration(kind: str, d: np.ndarray) -> np.ndarray:
    if kind == "planar":
        return np.rint(d).astype(np.int64)
    return np.rint(d * ROAD_FACTOR / URBAN_SPEED_M_PER_S).astype(np.int64)


def _from_given_distance(kind: str, dist: np.ndarray, scale: int) -> np.ndarray:
    d = np.asarray(dist, dtype=float) / scale
    if kind == "planar":
        return np.rint(d).astype(np.int64)
    return np.rint(d / URBAN_SPEED_M_PER_S).astype(np.int64)


def scaled(duration: np.ndarray, speed_factor: float) -> np.ndarray:
    """Travel times of a vehicle type with ``speed_factor`` (1.2 = 20% slower)."""
    if speed_factor == 1:
        return duration
    return np.rint(duration * float(speed_factor)).astype(np.int64)


class Pairwise:
    """A travel table computed on demand: ``table[i, j]`` and ``take(rows)``."""

    def __init__(self, kind: str, coords: np.ndarray, what: str, scale: int, factor: float = 1):
        self.kind, self.coords, self.what = kind, coords, what
        self.scale, self.factor = scale, factor
        self.shape = (len(coords), len(coords))

    def _block(self, rows: Sequence[int], cols: Sequence[int]) -> np.ndarray:
        d = _straight(self.kind, self.coords[list(rows)], self.coords[list(cols)])
        if self.what == "distance":
            return _to_distance(self.kind, d, self.scale)
        return scaled(_to_duration(self.kind, d), self.factor)

    def __getitem__(self, ij: tuple[int, int]) -> np.int64:
        i, j = ij
        return self._block([i], [j])[0, 0]

    def take(self, locs: Sequence[int]) -> np.ndarray:
        """The dense sub-matrix over ``locs``."""
        return self._block(locs, locs)

    def with_speed(self, factor: float) -> Pairwise:
        return Pairwise(self.kind, self.coords, self.what, self.scale, factor)


def take(table: np.ndarray | Pairwise, locs: Sequence[int]) -> np.ndarray:
    """Dense sub-matrix of a table over location indices ``locs``."""
    if isinstance(table, Pairwise):
        return table.take(locs)
    return table[np.ix_(locs, locs)]


def distance_table(problem: RoutingProblem) -> np.ndarray | Pairwise:
    """Distances in matrix units: dense when given or small, else on demand."""
    if problem.distance is not None:
        return np.asarray(problem.distance, dtype=np.int64)
    if problem.n_locations <= DENSE_LIMIT:
        return distance_matrix(problem)
    kind, xy = _coords(problem)
    return Pairwise(kind, xy, "distance", problem.distance_scale)


def duration_table(problem: RoutingProblem) -> np.ndarray | Pairwise:
    """Travel times in seconds (speed factor 1): dense when given or small, else on demand."""
    if problem.duration is not None or problem.distance is not None:
        return duration_matrix(problem)
    if problem.n_locations <= DENSE_LIMIT:
        return duration_matrix(problem)
    kind, xy = _coords(problem)
    return Pairwise(kind, xy, "duration", problem.distance_scale)


def distance_matrix(problem: RoutingProblem) -> np.ndarray:
    """Dense integer distance matrix in matrix units (meters times ``distance_scale``)."""
    if problem.distance is not None:
        return np.asarray(problem.distance, dtype=np.int64)
    kind, xy = _coords(problem)
    return _to_distance(kind, _straight(kind, xy, xy), problem.distance_scale)


def duration_matrix(problem: RoutingProblem) -> np.ndarray:
    """Dense integer travel-time matrix in seconds (speed factor 1)."""
    if problem.duration is not None:
        return np.asarray(problem.duration, dtype=np.int64)
    kind, xy = _coords(problem)
    if problem.distance is not None:
        return _from_given_distance(kind, problem.distance, problem.distance_scale)
    return _to_duration(kind, _straight(kind, xy, xy))


def tables_over(problem: RoutingProblem, locs: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Distance (matrix units) and travel time (s, speed factor 1) over ``locs`` only.

    The same numbers as :func:`distance_matrix` and :func:`duration_matrix`, without
    computing the full matrices (a pre-solve check needs a handful of entries).
    """
    locs = list(locs)
    given_d, given_t = problem.distance, problem.duration
    if given_d is not None and given_t is not None:
        return take(np.asarray(given_d, dtype=np.int64), locs), take(
            np.asarray(given_t, dtype=np.int64), locs
        )
    kind, xy = _coords(problem)
    straight = _straight(kind, xy[locs], xy[locs])
    if given_d is not None:
        dist = take(np.asarray(given_d, dtype=np.int64), locs)
    else:
        dist = _to_distance(kind, straight, problem.distance_scale)
    if given_t is not None:
        dur = take(np.asarray(given_t, dtype=np.int64), locs)
    elif given_d is not None:
        dur = _from_given_distance(kind, dist, problem.distance_scale)
    else:
        dur = _to_duration(kind, straight)
    return dist, dur
