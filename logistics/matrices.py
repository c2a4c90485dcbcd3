"""Travel matrices: distances in meters and durations in seconds between places.

Three families of builders, all accepting a sequence of
:class:`~logistics.domain.LatLon`, a sequence of :class:`~logistics.domain.Point`
or an ``(n, 2)`` numpy array (columns ``lat, lon`` in degrees for the geographic
builders, ``x, y`` for the planar one):

* :func:`geodesic_matrix`: exact distances on the WGS84 ellipsoid through geopy
  (Karney's algorithm). Correct and slow (about 75 us a pair): the reference
  the fast paths are tested against.
* :func:`haversine_matrix`: great-circle distances on a sphere of the mean earth
  radius, vectorised with numpy and computed in row blocks so memory stays
  bounded. Within 0.5% of the geodesic at city and continental scale away from
  the equator (0.41% worst in Rio de Janeiro, 0.35% across the US; the sphere's
  worst case anywhere is 0.56%, north-south legs at the equator).
  :func:`lambert_matrix` applies Lambert's ellipsoidal correction at 1.5-3
  times the cost and agrees with the geodesic to 0.01% (up to ~0.15% for
  nearly antipodal pairs, where it falls back towards the sphere).
* :func:`euclidean_matrix`: planar benchmark coordinates with the rounding
  conventions of the public sets (see :class:`Rounding`).

:func:`to_int_matrix` scales and rounds a float matrix into ``int32``/``int64``
for OR-Tools, which needs integer arc costs.

Straight lines become driving estimates through a road factor (circuity) and a
:class:`~logistics.travel_time.SpeedProfile`; a road graph
(:mod:`logistics.road_graph`) gives shortest paths on a real network.
:class:`MatrixProvider` is the one base class behind which all of them plug in.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

import numpy as np

from logistics.domain.geo import LatLon, Point
from logistics.errors import InvalidValueError
from logistics.travel_time import SpeedProfile, travel_time_matrix

__all__ = [
    "EARTH_RADIUS_M",
    "Rounding",
    "CoordinateKind",
    "as_coordinates",
    "geodesic_distance",
    "geodesic_matrix",
    "haversine_matrix",
    "lambert_matrix",
    "euclidean_matrix",
    "round_distances",
    "to_int_matrix",
    "TravelMatrix",
    "MatrixProvider",
    "HaversineProvider",
    "LambertProvider",
    "GeodesicProvider",
    "EuclideanProvider",
    "PrecomputedProvider",
]

EARTH_RADIUS_M = 6_371_008.8
"""Mean earth radius (IUGG, ``(2a + b) / 3`` of WGS84) in meters."""

_WGS84_A = 6_378_137.0
_WGS84_F = 1 / 298.257223563
_BLOCK_ELEMENTS = 65_536  # entries per row block: temporaries of 512 KB stay in cache
_CHUNK = 65_536  # entries per chunk of element-wise passes


class CoordinateKind(StrEnum):
    """What the two columns of a coordinate array mean."""

    GEOGRAPHIC = "geographic"  # (lat, lon) in degrees
    PLANAR = "planar"  # (x, y)


class Rounding(StrEnum):
    """Arc length conventions of the public benchmark sets.

    ``EXACT``
        Full double precision (Solomon and Gehring-Homberger best-known values,
        Li & Lim; reported rounded to 2 decimals).
    ``ROUND``
        Nearest integer, TSPLIB ``nint(d) = floor(d + 0.5)`` (CVRPLIB X and XXL,
        ``EDGE_WEIGHT_TYPE : EUC_2D``).
    ``TRUNCATE_1DP``
        Truncated to one decimal, ``floor(10 d) / 10`` (DIMACS challenge and
        LKH-3 convention for Solomon; scaled by 10 this is exact in integers).
    """

    EXACT = "exact"
    ROUND = "round"
    TRUNCATE_1DP = "truncate_1dp"


# ---------------------------------------------------------------------------
# coordinates


def as_coordinates(
    points: Any, field: str = "points", kind: CoordinateKind | str | None = None
) -> tuple[np.ndarray, CoordinateKind | None]:
    """Turn places into an ``(n, 2)`` float64 array and say what they are.

    Parameters
    ----------
    points
        A non-empty sequence of :class:`LatLon` (all of them) or of
        :class:`Point` (all of them), or an ``(n, 2)`` numpy array.
    field
        Name used in error messages (e.g. ``"origins"``).
    kind
        What the caller needs. Domain objects of the other kind are an error;
        an array is taken to be of this kind (and geographic arrays are range
        checked).

    Returns
    -------
    coords : numpy.ndarray
        Shape ``(n, 2)``, float64: ``(lat, lon)`` degrees or ``(x, y)``.
    kind : CoordinateKind or None
        The kind found (``None`` for an array when ``kind`` was not given).

    Raises
    ------
    InvalidValueError
        Empty input, a mix of kinds, something that is not a place, a bad array
        shape, non-finite values, latitudes/longitudes out of range, or places
        of another kind than ``kind``.
    """
    want = CoordinateKind(kind) if kind is not None else None
    if isinstance(points, np.ndarray):
        arr = points
        if arr.ndim != 2 or arr.shape[1] != 2:
            raise InvalidValueError(field, f"array of shape {arr.shape}", "expected shape (n, 2)")
        if arr.shape[0] == 0:
            raise InvalidValueError(field, "empty array", "at least one place is needed")
        if not np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.complexfloating):
            raise InvalidValueError(field, f"array of {arr.dtype}", "expected real numbers")
        arr = np.ascontiguousarray(arr, dtype=np.float64)
        bad = ~np.isfinite(arr)
        if bad.any():
            i = int(np.argwhere(bad)[0][0])
            raise InvalidValueError(f"{field}[{i}]", arr[i].tolist(), "must be finite")
        if want == CoordinateKind.GEOGRAPHIC:
            _check_lat_lon(arr, field)
        return arr, want
    if isinstance(points, LatLon | Point | str | bytes) or not isinstance(points, Sequence):
        raise InvalidValueError(
            field,
            _short(points),
            "expected a sequence of LatLon or of Point, or an (n, 2) numpy array",
        )
    if len(points) == 0:
        raise InvalidValueError(field, list(points), "at least one place is needed")
    first = points[0]
    if isinstance(first, LatLon):
        found, cls = CoordinateKind.GEOGRAPHIC, LatLon
    elif isinstance(first, Point):
        found, cls = CoordinateKind.PLANAR, Point
    else:
        raise InvalidValueError(f"{field}[0]", _short(first), "expected a LatLon or a Point")
    for i, p in enumerate(points):
        if not isinstance(p, cls):
            raise InvalidValueError(
                f"{field}[{i}]",
                _short(p),
                f"expected a {cls.__name__} like {field}[0] (kinds cannot be mixed)",
            )
    if want is not None and found != want:
        need = "LatLon" if want == CoordinateKind.GEOGRAPHIC else "Point"
        raise InvalidValueError(f"{field}[0]", _short(first), f"this matrix needs {need} places")
    if found == CoordinateKind.GEOGRAPHIC:
        arr = np.array([(p.lat, p.lon) for p in points], dtype=np.float64)
    else:
        arr = np.array([(p.x, p.y) for p in points], dtype=np.float64)
    return arr, found


def _check_lat_lon(arr: np.ndarray, field: str) -> None:
    bad = (np.abs(arr[:, 0]) > 90.0) | (np.abs(arr[:, 1]) > 180.0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidValueError(
            f"{field}[{i}]", arr[i].tolist(), "expected (lat, lon) degrees within ±90, ±180"
        )


def _short(value: Any) -> Any:
    text = repr(value)
    return value if len(text) <= 80 else text[:77] + "..."


def _pair(
    origins: Any, destinations: Any, kind: CoordinateKind
) -> tuple[np.ndarray, np.ndarray, bool]:
    a, _ = as_coordinates(origins, "origins" if destinations is not None else "points", kind)
    if destinations is None:
        return a, a, True
    b, _ = as_coordinates(destinations, "destinations", kind)
    return a, b, False


# ---------------------------------------------------------------------------
# geographic distances


def geodesic_distance(a: LatLon, b: LatLon) -> float:
    """Distance in meters between two places on the WGS84 ellipsoid (geopy).

    Raises
    ------
    InvalidValueError
        When ``a`` or ``b`` is not a :class:`LatLon`.
    """
    for name, p in (("a", a), ("b", b)):
        if not isinstance(p, LatLon):
            raise InvalidValueError(name, _short(p), "expected a LatLon")
    return 1000.0 * float(_geodesic().measure((a.lat, a.lon), (b.lat, b.lon)))


def _geodesic():
    """geopy's WGS84 geodesic; its ``measure`` returns kilometers."""
    from geopy.distance import geodesic

    return geodesic(ellipsoid="WGS-84")


def geodesic_matrix(origins: Any, destinations: Any = None) -> np.ndarray:
    """Exact ellipsoidal (WGS84) distances with geopy; slow, for reference.

    Parameters
    ----------
    origins
        Places (``LatLon`` sequence or ``(n, 2)`` array of lat, lon degrees).
    destinations
        Other places (``m`` of them); ``None`` means a square matrix over
        ``origins`` (computed on one triangle and mirrored).

    Returns
    -------
    numpy.ndarray
        ``(n, m)`` float64 meters.

    Notes
    -----
    Costs about 70 us per pair: 500 places (250k pairs) took 17 s (``logistics bench
    matrices``, ``benchmarks/results/matrices_standard.md``). Use
    :func:`haversine_matrix` or :func:`lambert_matrix` for large matrices.
    """
    a, b, square = _pair(origins, destinations, CoordinateKind.GEOGRAPHIC)
    km = _geodesic().measure
    out = np.zeros((a.shape[0], b.shape[0]), dtype=np.float64)
    al, bl = a.tolist(), b.tolist()
    if square:
        for i in range(len(al)):
            pi = al[i]
            for j in range(i + 1, len(al)):
                out[i, j] = km(pi, al[j])
        out += out.T
    else:
        for i, pi in enumerate(al):
            for j, pj in enumerate(bl):
                out[i, j] = km(pi, pj)
    out *= 1000.0
    return out


def _row_blocks(n_rows: int, n_cols: int):
    step = max(1, _BLOCK_ELEMENTS // max(1, n_cols))
    for start in range(0, n_rows, step):
        yield slice(start, min(n_rows, start + step))


def haversine_matrix(
    origins: Any, destinations: Any = None, *, radius_m: float = EARTH_RADIUS_M
) -> np.ndarray:
    """Great-circle distances on a sphere, vectorised.

    Parameters
    ----------
    origins
        Places (``LatLon`` sequence or ``(n, 2)`` array of lat, lon degrees).
    destinations
        Other places; ``None`` means the square matrix over ``origins``.
    radius_m
        Sphere radius in meters (default: mean earth radius).

    Returns
    -------
    numpy.ndarray
        ``(n, m)`` float64 meters; a square matrix is exactly symmetric with a
        zero diagonal.

    Notes
    -----
    Computed in row blocks of 65,536 entries, so the temporaries stay in the
    CPU cache and memory stays at the output matrix; 5,000 places take under a second
    of numpy time on one core (see ``benchmarks/results/matrices_*.md``).
    """
    a, b, square = _pair(origins, destinations, CoordinateKind.GEOGRAPHIC)
    ua = _unit_vectors(np.radians(a[:, 0]), np.radians(a[:, 1]))
    ub = _unit_vectors(np.radians(b[:, 0]), np.radians(b[:, 1]))
    out = np.empty((a.shape[0], b.shape[0]), dtype=np.float64)
    for rows in _row_blocks(a.shape[0], b.shape[0]):
        half_chord = _half_chord(ua[rows], ub)
        np.arcsin(half_chord, out=half_chord)
        out[rows] = half_chord
    out *= 2.0 * radius_m
    if square:
        _zero_diagonal(out)
    return out


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """``(n, 3)`` points on the unit sphere for latitudes/longitudes in radians."""
    cos_lat = np.cos(lat)
    return np.column_stack([cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)])


def _half_chord(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Half the chord between every row of ``u`` and row of ``v``: ``sin(sigma / 2)``.

    The haversine ``h = sin^2(sigma/2)`` equals a quarter of the squared chord;
    computing the chord from coordinate differences keeps full precision for
    nearby places and needs no trigonometry on the ``n * m`` entries.
    """
    acc = np.subtract.outer(u[:, 0], v[:, 0])
    acc *= acc
    for k in (1, 2):
        d = np.subtract.outer(u[:, k], v[:, k])
        d *= d
        acc += d
    np.sqrt(acc, out=acc)
    acc *= 0.5
    np.clip(acc, 0.0, 1.0, out=acc)
    return acc


def _zero_diagonal(m: np.ndarray) -> None:
    """Square matrices: the formulas here are exactly symmetric (squared
    differences, commutative sums), so only the diagonal needs pinning to 0."""
    np.fill_diagonal(m, 0.0)


def lambert_matrix(origins: Any, destinations: Any = None) -> np.ndarray:
    """Ellipsoidal distances by Lambert's formula, vectorised.

    Lambert's formula corrects the great-circle distance between reduced
    latitudes for the WGS84 flattening; over city to continental distances it
    is within about 0.01% of the exact geodesic (0.0002% in Rio and across the
    US), at roughly twice the cost of :func:`haversine_matrix`. Nearly
    antipodal pairs (over ~19,000 km) can be off by up to ~0.15%.

    Parameters
    ----------
    origins, destinations
        As for :func:`haversine_matrix`.

    Returns
    -------
    numpy.ndarray
        ``(n, m)`` float64 meters.
    """
    a, b, square = _pair(origins, destinations, CoordinateKind.GEOGRAPHIC)
    ratio = 1.0 - _WGS84_F
    beta_a = np.arctan(ratio * np.tan(np.radians(a[:, 0])))
    beta_b = np.arctan(ratio * np.tan(np.radians(b[:, 0])))
    ua = _unit_vectors(beta_a, np.radians(a[:, 1]))
    ub = _unit_vectors(beta_b, np.radians(b[:, 1]))
    sin_a, sin_b = np.sin(beta_a), np.sin(beta_b)
    out = np.empty((a.shape[0], b.shape[0]), dtype=np.float64)
    for rows in _row_blocks(a.shape[0], b.shape[0]):
        s_half = _half_chord(ua[rows], ub)  # sin(sigma/2)
        c_half = np.sqrt(1.0 - s_half * s_half)  # cos(sigma/2)
        sigma = 2.0 * np.arcsin(s_half)
        sin_sigma = 2.0 * s_half * c_half
        # sin(P)cos(Q) and cos(P)sin(Q) with P = (b1+b2)/2, Q = (b2-b1)/2
        sp_cq = np.add.outer(sin_a[rows], sin_b) * 0.5
        cp_sq = np.subtract.outer(sin_a[rows], sin_b) * 0.5  # sign irrelevant: squared
        with np.errstate(divide="ignore", invalid="ignore"):
            x = (sigma - sin_sigma) * (sp_cq * sp_cq) / (c_half * c_half)
            y = (sigma + sin_sigma) * (cp_sq * cp_sq) / (s_half * s_half)
            d = _WGS84_A * (sigma - _WGS84_F / 2.0 * (x + y))
        d[s_half == 0.0] = 0.0
        # antipodal corner case (cos(sigma/2) = 0): fall back to the sphere
        bad = ~np.isfinite(d)
        if bad.any():
            d[bad] = sigma[bad] * EARTH_RADIUS_M
        out[rows] = d
    if square:
        _zero_diagonal(out)
    return out


# ---------------------------------------------------------------------------
# planar distances


def euclidean_matrix(
    origins: Any,
    destinations: Any = None,
    *,
    rounding: Rounding | str = Rounding.EXACT,
) -> np.ndarray:
    """Planar distances with a benchmark rounding convention.

    Parameters
    ----------
    origins
        Places (``Point`` sequence or ``(n, 2)`` array of x, y).
    destinations
        Other places; ``None`` means the square matrix over ``origins``.
    rounding
        ``"exact"`` (double precision), ``"round"`` (TSPLIB nint) or
        ``"truncate_1dp"`` (one decimal, truncated); see :class:`Rounding`.

    Returns
    -------
    numpy.ndarray
        ``(n, m)`` float64 in the coordinates' unit (rounded values are still
        floats: ``18.6``, ``19.0``). Use :func:`to_int_matrix` for integers.

    Examples
    --------
    Solomon C101, depot (40, 50) to customer 1 (45, 68): ``sqrt(349)``
    = 18.6815... exact, 19 rounded, 18.6 truncated to one decimal.
    """
    mode = _rounding(rounding)
    a, b, square = _pair(origins, destinations, CoordinateKind.PLANAR)
    out = np.empty((a.shape[0], b.shape[0]), dtype=np.float64)
    for rows in _row_blocks(a.shape[0], b.shape[0]):
        dx = a[rows, 0][:, None] - b[None, :, 0]
        dy = a[rows, 1][:, None] - b[None, :, 1]
        sq = dx * dx
        sq += dy * dy
        out[rows] = _round_squared(sq, mode)
    if square:
        _zero_diagonal(out)
    return out


def _round_squared(sq: np.ndarray, mode: Rounding) -> np.ndarray:
    if mode == Rounding.TRUNCATE_1DP:
        # floor(sqrt(100 d^2)) is exact when 10 d is an integer (integer coordinates)
        return np.floor(np.sqrt(sq * 100.0)) / 10.0
    d = np.sqrt(sq)
    if mode == Rounding.ROUND:
        return np.floor(d + 0.5)
    return d


def _rounding(rounding: Rounding | str) -> Rounding:
    try:
        return Rounding(rounding)
    except ValueError:
        raise InvalidValueError(
            "rounding", rounding, f"one of {[r.value for r in Rounding]}"
        ) from None


def round_distances(matrix: np.ndarray, rounding: Rounding | str) -> np.ndarray:
    """Apply a :class:`Rounding` convention to full-precision distances (float64)."""
    mode = _rounding(rounding)
    m = np.asarray(matrix, dtype=np.float64)
    if mode == Rounding.TRUNCATE_1DP:
        return np.floor(m * 10.0 + 1e-9) / 10.0
    if mode == Rounding.ROUND:
        return np.floor(m + 0.5)
    return m.copy()


def to_int_matrix(
    matrix: Any,
    scale: float = 1.0,
    *,
    rounding: Literal["round", "floor", "ceil"] = "round",
    dtype: Any = None,
) -> np.ndarray:
    """Scale a non-negative float matrix and make it integer, for OR-Tools.

    Parameters
    ----------
    matrix
        Float distances or durations (e.g. meters, seconds, benchmark units).
    scale
        Multiplier applied first: ``10`` keeps one decimal of a Solomon
        distance, ``1`` keeps meters. Must be > 0.
    rounding
        ``"round"`` (half up), ``"floor"`` or ``"ceil"``. A matrix already
        truncated to one decimal with ``scale=10`` and ``"round"`` is exact.
    dtype
        ``numpy.int32`` or ``numpy.int64``; by default ``int32`` when every
        value fits, else ``int64``.

    Returns
    -------
    numpy.ndarray
        Integer matrix of the same shape.

    Raises
    ------
    InvalidValueError
        Negative, NaN or infinite entries, a bad scale, or values that do not
        fit the requested ``dtype``.
    """
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not scale > 0:
        raise InvalidValueError("scale", scale, "must be a number > 0")
    if not math.isfinite(scale):
        raise InvalidValueError("scale", scale, "must be finite")
    if rounding not in ("round", "floor", "ceil"):
        raise InvalidValueError("rounding", rounding, "one of 'round', 'floor', 'ceil'")
    try:
        m = np.ascontiguousarray(matrix, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidValueError("matrix", _short(matrix), "expected numbers") from None
    lo = float(m.min()) if m.size else 0.0
    hi = float(m.max()) if m.size else 0.0
    if not (math.isfinite(lo) and math.isfinite(hi)):
        idx = np.unravel_index(int(np.flatnonzero(~np.isfinite(m.reshape(-1)))[0]), m.shape)
        where = ", ".join(str(int(i)) for i in idx)
        raise InvalidValueError(f"matrix[{where}]", float(m[idx]), "must be finite")
    if lo < 0:
        idx = np.unravel_index(int(np.flatnonzero(m.reshape(-1) < 0)[0]), m.shape)
        where = ", ".join(str(int(i)) for i in idx)
        raise InvalidValueError(f"matrix[{where}]", float(m[idx]), "must be >= 0")
    top = math.ceil(hi * scale)
    if dtype is None:
        dtype = np.int32 if top <= np.iinfo(np.int32).max else np.int64
    try:
        dtype = np.dtype(dtype)
    except TypeError:  # "junk": numpy's "data type not understood"
        raise InvalidValueError("dtype", _short(dtype), "int32 or int64") from None
    if dtype not in (np.dtype(np.int32), np.dtype(np.int64)):
        raise InvalidValueError("dtype", str(dtype), "int32 or int64")
    if top > np.iinfo(dtype).max:
        raise InvalidValueError("scale", scale, f"values up to {top} overflow {dtype}")
    # chunked: one output allocation, small reused temporaries
    flat = m.reshape(-1)
    out = np.empty(flat.shape[0], dtype=dtype)
    for start in range(0, flat.shape[0], _CHUNK):
        chunk = flat[start : start + _CHUNK] * scale
        if rounding == "round":
            chunk += 0.5
            np.floor(chunk, out=chunk)
        elif rounding == "floor":
            chunk += 1e-9
            np.floor(chunk, out=chunk)
        else:
            chunk -= 1e-9
            np.ceil(chunk, out=chunk)
        out[start : start + _CHUNK] = chunk
    return out.reshape(m.shape)


# ---------------------------------------------------------------------------
# providers


@dataclass(frozen=True, eq=False)
class TravelMatrix:
    """Integer distance and duration matrices for a solver.

    Attributes
    ----------
    distance_m
        ``(n, m)`` int64 meters (or benchmark units for planar places).
    duration_s
        ``(n, m)`` int64 seconds.
    departure_s
        Departure time (seconds after local midnight) the durations are for,
        or ``None`` for a time-independent matrix.
    """

    distance_m: np.ndarray
    duration_s: np.ndarray
    departure_s: int | None = None

    def __post_init__(self) -> None:
        if self.distance_m.shape != self.duration_s.shape:
            raise InvalidValueError(
                "duration_s", self.duration_s.shape, f"shape must be {self.distance_m.shape}"
            )


class MatrixProvider(ABC):
    """Base class of every way to get travel distances and times.

    A provider turns places into a distance matrix (``_distances``, in meters);
    the base class turns distances into durations with the provider's
    ``road_factor`` and ``speed_profile`` and into integer matrices. Subclasses
    override ``durations`` when they know travel times directly.

    Parameters
    ----------
    road_factor
        Multiplier (>= 1 for straight lines, 1 for road distances) from the
        provider's raw distance to driving distance.
    speed_profile
        Speed by hour of day; ``None`` uses 25 km/h all day (urban van).
    """

    name: str = "provider"

    def __init__(self, road_factor: float = 1.0, speed_profile: SpeedProfile | None = None):
        if (
            isinstance(road_factor, bool)
            or not isinstance(road_factor, int | float)
            or not math.isfinite(road_factor)
            or road_factor < 1.0
        ):
            raise InvalidValueError("road_factor", road_factor, "must be a number >= 1")
        if speed_profile is not None and not isinstance(speed_profile, SpeedProfile):
            raise InvalidValueError("speed_profile", _short(speed_profile), "expected SpeedProfile")
        self.road_factor = float(road_factor)
        self.speed_profile = speed_profile or SpeedProfile.constant(25.0)

    @abstractmethod
    def _distances(self, origins: Any, destinations: Any) -> np.ndarray:
        """Raw distances (float64 meters) before the road factor."""

    def distances(self, origins: Any, destinations: Any = None) -> np.ndarray:
        """Driving distance estimates, ``(n, m)`` float64 meters."""
        raw = self._distances(origins, destinations)  # a fresh array: scale in place
        if self.road_factor != 1.0:
            raw *= self.road_factor
        return raw

    def durations(
        self, origins: Any, destinations: Any = None, *, departure_s: float | None = None
    ) -> np.ndarray:
        """Travel times, ``(n, m)`` float64 seconds.

        ``departure_s`` (seconds after local midnight) selects a time-dependent
        travel time through the speed profile; ``None`` uses the profile's
        all-day mean speed.
        """
        return travel_time_matrix(
            self.distances(origins, destinations), self.speed_profile, departure_s
        )

    def build(
        self, origins: Any, destinations: Any = None, *, departure_s: int | None = None
    ) -> TravelMatrix:
        """Integer meters and seconds (rounded half up) for a solver."""
        dist = self.distances(origins, destinations)
        # durations straight into the integer output, chunk by chunk: no full
        # float duration matrix (large allocations are the cost at 5,000+ places)
        dur = np.empty(dist.shape, dtype=np.int64)
        flat_d, flat_t = dist.reshape(-1), dur.reshape(-1)
        step = 16 * _CHUNK
        profile = self.speed_profile
        for start in range(0, flat_d.shape[0], step):
            block = travel_time_matrix(flat_d[start : start + step], profile, departure_s)
            block += 0.5
            flat_t[start : start + step] = np.floor(block, out=block)
        return TravelMatrix(to_int_matrix(dist, dtype=np.int64), dur, departure_s)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(road_factor={self.road_factor})"


class HaversineProvider(MatrixProvider):
    """Great-circle distances (fast) times a road factor (default 1.3)."""

    name = "haversine"

    def __init__(self, road_factor: float = 1.3, speed_profile: SpeedProfile | None = None):
        super().__init__(road_factor, speed_profile)

    def _distances(self, origins: Any, destinations: Any) -> np.ndarray:
        return haversine_matrix(origins, destinations)


class LambertProvider(MatrixProvider):
    """Ellipsoidal (Lambert) distances times a road factor (default 1.3)."""

    name = "lambert"

    def __init__(self, road_factor: float = 1.3, speed_profile: SpeedProfile | None = None):
        super().__init__(road_factor, speed_profile)

    def _distances(self, origins: Any, destinations: Any) -> np.ndarray:
        return lambert_matrix(origins, destinations)


class GeodesicProvider(MatrixProvider):
    """Exact geodesic distances via geopy (slow) times a road factor (default 1.3)."""

    name = "geodesic"

    def __init__(self, road_factor: float = 1.3, speed_profile: SpeedProfile | None = None):
        super().__init__(road_factor, speed_profile)

    def _distances(self, origins: Any, destinations: Any) -> np.ndarray:
        return geodesic_matrix(origins, destinations)


class EuclideanProvider(MatrixProvider):
    """Planar distances with a rounding convention; durations equal distances.

    Benchmark sets (Solomon, Li & Lim) take travel time = distance: that is a
    speed of one unit per second, i.e. ``SpeedProfile.constant(3.6)``.
    """

    name = "euclidean"

    def __init__(
        self,
        rounding: Rounding | str = Rounding.EXACT,
        speed_profile: SpeedProfile | None = None,
    ):
        super().__init__(1.0, speed_profile or SpeedProfile.constant(3.6))
        self.rounding = _rounding(rounding)

    def _distances(self, origins: Any, destinations: Any) -> np.ndarray:
        return euclidean_matrix(origins, destinations, rounding=self.rounding)

    def __repr__(self) -> str:
        return f"EuclideanProvider(rounding={self.rounding.value!r})"


class PrecomputedProvider(MatrixProvider):
    """Matrices supplied by the caller (OSRM, Valhalla, a routing vendor, a file).

    Parameters
    ----------
    locations
        The places the matrices are indexed by (``LatLon`` or ``Point``).
    distance_m
        ``(k, k)`` distances in meters between ``locations``.
    duration_s
        ``(k, k)`` travel times in seconds; ``None`` derives them from the
        speed profile.
    speed_profile
        Used only when ``duration_s`` is ``None``.

    Requests for sub-matrices look places up by value; an unknown place raises
    :class:`InvalidValueError` naming it.
    """

    name = "precomputed"

    def __init__(
        self,
        locations: Sequence[LatLon | Point],
        distance_m: Any,
        duration_s: Any = None,
        speed_profile: SpeedProfile | None = None,
    ):
        super().__init__(1.0, speed_profile)
        as_coordinates(locations, "locations")
        self.locations = tuple(locations)
        self._index = {p: i for i, p in enumerate(self.locations)}
        k = len(self.locations)
        self.distance_m = self._square("distance_m", distance_m, k)
        self.duration_s = None if duration_s is None else self._square("duration_s", duration_s, k)

    @staticmethod
    def _square(field: str, m: Any, k: int) -> np.ndarray:
        try:
            arr = np.asarray(m, dtype=np.float64)
        except (TypeError, ValueError):
            raise InvalidValueError(field, _short(m), "expected numbers") from None
        if arr.shape != (k, k):
            raise InvalidValueError(field, f"shape {arr.shape}", f"expected ({k}, {k})")
        if not np.isfinite(arr).all() or (arr < 0).any():
            raise InvalidValueError(field, "matrix", "entries must be finite and >= 0")
        arr.setflags(write=False)
        return arr

    def _indices(self, places: Any, field: str) -> np.ndarray:
        if isinstance(places, np.ndarray):
            raise InvalidValueError(field, "array", "a precomputed matrix is indexed by places")
        as_coordinates(places, field)
        out = []
        for i, p in enumerate(places):
            j = self._index.get(p)
            if j is None:
                raise InvalidValueError(f"{field}[{i}]", p, "not among the matrix's locations")
            out.append(j)
        return np.asarray(out, dtype=np.intp)

    def _distances(self, origins: Any, destinations: Any) -> np.ndarray:
        rows = self._indices(origins, "origins" if destinations is not None else "points")
        cols = rows if destinations is None else self._indices(destinations, "destinations")
        return self.distance_m[np.ix_(rows, cols)].copy()

    def durations(
        self, origins: Any, destinations: Any = None, *, departure_s: float | None = None
    ) -> np.ndarray:
        if self.duration_s is None:
            return super().durations(origins, destinations, departure_s=departure_s)
        rows = self._indices(origins, "origins" if destinations is not None else "points")
        cols = rows if destinations is None else self._indices(destinations, "destinations")
        return self.duration_s[np.ix_(rows, cols)].copy()

    def build(
        self, origins: Any, destinations: Any = None, *, departure_s: int | None = None
    ) -> TravelMatrix:
        dist = self.distances(origins, destinations)
        dur = self.durations(origins, destinations, departure_s=departure_s)
        return TravelMatrix(
            to_int_matrix(dist, dtype=np.int64), to_int_matrix(dur, dtype=np.int64), departure_s
        )
