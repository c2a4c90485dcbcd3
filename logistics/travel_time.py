"""From distance to travel time: road factor (circuity) and speed profiles.

A straight-line distance underestimates the road: the ratio of driving to
straight-line distance (circuity) is typically 1.2-1.4 in cities (Ballou,
Rahardja & Sakai 2002 report national averages around 1.2-1.3; Boscoe, Henry &
Zdeb 2012 find about 1.4 for short US trips). :func:`apply_road_factor`
multiplies by it.

A :class:`SpeedProfile` gives the average driving speed for each hour of the
day. Travel time is computed *time-dependently*: a trip that starts at 07:50
runs at the 07:00 speed for ten minutes, then at the 08:00 speed, and so on
(piecewise-constant speeds integrated exactly). This keeps the FIFO property:
leaving later never arrives earlier. :class:`TimeDependentTravelTimes` wraps a
distance matrix with a profile for lookups by departure time.

Units: distances in meters (float64 arrays), times in seconds after local
midnight (a day repeats every 86,400 s), speeds in km/h.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from logistics.errors import InvalidValueError

__all__ = [
    "HOUR_S",
    "DAY_S",
    "SpeedProfile",
    "apply_road_factor",
    "travel_time_matrix",
    "TimeDependentTravelTimes",
]

HOUR_S = 3600
DAY_S = 86_400
_MAX_STEPS = 24 * 8  # a trip may span at most 8 days of hours (guards bad input)
_CHUNK = 65_536  # entries per chunk of element-wise passes


@dataclass(frozen=True, slots=True)
class SpeedProfile:
    """Average road speed for each of the 24 hours of the day.

    Parameters
    ----------
    speeds_kmh
        24 speeds in km/h, one per hour starting at 00:00 local time; each > 0.

    Examples
    --------
    >>> SpeedProfile.constant(30).speed_kmh_at(9 * 3600)
    30.0
    """

    speeds_kmh: tuple[float, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.speeds_kmh, tuple) or len(self.speeds_kmh) != 24:
            raise InvalidValueError(
                "speeds_kmh", self.speeds_kmh, "expected a tuple of 24 hourly speeds"
            )
        for i, v in enumerate(self.speeds_kmh):
            if (
                isinstance(v, bool)
                or not isinstance(v, int | float)
                or not math.isfinite(v)
                or not v > 0
            ):
                raise InvalidValueError(f"speeds_kmh[{i}]", v, "must be a finite speed > 0 km/h")

    @classmethod
    def constant(cls, speed_kmh: float) -> SpeedProfile:
        """The same speed all day."""
        return cls(tuple([speed_kmh] * 24))

    @classmethod
    def from_hours(cls, base_kmh: float, by_hour: dict[int, float]) -> SpeedProfile:
        """``base_kmh`` everywhere except the hours (0..23) given in ``by_hour``."""
        speeds = [base_kmh] * 24
        for hour, v in by_hour.items():
            if (
                isinstance(hour, bool)
                or not isinstance(hour, numbers.Integral)
                or not 0 <= hour < 24
            ):
                raise InvalidValueError("by_hour", hour, "hours are integers 0..23")
            speeds[int(hour)] = v
        return cls(tuple(speeds))

    @classmethod
    def urban_congested(cls, free_flow_kmh: float = 40.0) -> SpeedProfile:
        """A large Latin-American city (assumed shape, not measured).

        Free flow at night, about 45% of it in the morning (07-09) and evening
        (17-19) peaks, about 65% mid-day. Use a measured profile (GPS traces,
        a traffic provider) when you have one.
        """
        if (
            isinstance(free_flow_kmh, bool)
            or not isinstance(free_flow_kmh, int | float)
            or not math.isfinite(free_flow_kmh)
            or not free_flow_kmh > 0
        ):
            raise InvalidValueError("free_flow_kmh", free_flow_kmh, "must be a finite speed > 0")
        f = float(free_flow_kmh)
        shape = {
            6: 0.80,
            7: 0.45,
            8: 0.45,
            9: 0.60,
            10: 0.65,
            11: 0.65,
            12: 0.62,
            13: 0.65,
            14: 0.65,
            15: 0.62,
            16: 0.55,
            17: 0.45,
            18: 0.45,
            19: 0.60,
            20: 0.75,
            21: 0.85,
        }
        return cls.from_hours(f, {h: round(f * s, 3) for h, s in shape.items()})

    def speed_kmh_at(self, t_s: float) -> float:
        """Speed (km/h) in force at ``t_s`` seconds after midnight (wraps daily)."""
        if isinstance(t_s, bool) or not isinstance(t_s, numbers.Real) or not math.isfinite(t_s):
            raise InvalidValueError("t_s", t_s, "must be a finite number of seconds")
        return float(self.speeds_kmh[int(t_s // HOUR_S) % 24])

    @property
    def mean_speed_kmh(self) -> float:
        """Arithmetic mean of the 24 hourly speeds (time-independent matrices)."""
        return float(sum(self.speeds_kmh) / 24.0)

    def travel_time_s(self, distance_m: Any, departure_s: Any) -> np.ndarray | float:
        """Seconds to drive ``distance_m`` leaving at ``departure_s``.

        Parameters
        ----------
        distance_m
            Meters (scalar or array, >= 0).
        departure_s
            Seconds after local midnight (scalar or array broadcastable with
            ``distance_m``); values beyond a day wrap around.

        Returns
        -------
        float or numpy.ndarray
            Travel time in seconds (float64), exact for piecewise-constant
            hourly speeds.
        """
        scalar = np.ndim(distance_m) == 0 and np.ndim(departure_s) == 0
        dist = _float_array(distance_m, "distance_m")
        dep = _float_array(departure_s, "departure_s")
        if dist.size and (not np.isfinite(dist).all() or (dist < 0).any()):
            raise InvalidValueError("distance_m", _first_bad(dist), "must be finite and >= 0")
        if dep.size and not np.isfinite(dep).all():
            raise InvalidValueError("departure_s", _first_bad(dep), "must be finite")
        dist, dep = np.broadcast_arrays(dist, dep)
        shape = dist.shape
        dist, dep = dist.reshape(-1), dep.reshape(-1)
        speeds_ms = np.asarray(self.speeds_kmh, dtype=np.float64) / 3.6
        if np.all(speeds_ms == speeds_ms[0]):
            out = dist / speeds_ms[0]
            return float(out[0]) if scalar else out.reshape(shape)
        if np.ndim(departure_s) == 0:
            out = _one_departure(dist, float(dep[0]) if dep.size else 0.0, speeds_ms)
            return float(out[0]) if scalar else out.reshape(shape)
        remaining = dist.astype(np.float64, copy=True)
        t = np.mod(dep, DAY_S)
        start = t.copy()
        active = remaining > 0
        for _ in range(_MAX_STEPS):
            if not active.any():
                break
            ta = t[active]
            v = speeds_ms[(ta // HOUR_S).astype(np.int64) % 24]
            left_in_hour = HOUR_S - np.mod(ta, HOUR_S)
            reach = v * left_in_hour
            ra = remaining[active]
            done = ra <= reach
            ta = np.where(done, ta + ra / v, ta + left_in_hour)
            ra = np.where(done, 0.0, ra - reach)
            t[active] = ta
            remaining[active] = ra
            active = remaining > 0
        else:
            if active.any():
                raise InvalidValueError(
                    "distance_m", float(dist[active].max()), "trip longer than 8 days"
                )
        out = t - start
        return float(out[0]) if scalar else out.reshape(shape)


def _one_departure(dist: np.ndarray, departure_s: float, speeds_ms: np.ndarray) -> np.ndarray:
    """Travel times for many distances and one departure time.

    The distance covered since departure is piecewise linear in time with a
    kink at every hour; build it once, then invert it for every distance with
    a binary search (no per-element loop over hours).
    """
    t0 = departure_s % DAY_S
    longest = float(dist.max()) if dist.size else 0.0
    times, covered, speeds = [t0], [0.0], []
    t = t0
    for _ in range(_MAX_STEPS):
        if covered[-1] >= longest:
            break
        v = speeds_ms[int(t // HOUR_S) % 24]
        end = (math.floor(t / HOUR_S) + 1) * HOUR_S
        speeds.append(v)
        covered.append(covered[-1] + v * (end - t))
        times.append(end)
        t = end
    else:
        if covered[-1] < longest:
            raise InvalidValueError("distance_m", longest, "trip longer than 8 days")
    if not speeds:  # every distance is 0
        return np.zeros_like(dist)
    cum = np.asarray(covered)
    start_t = np.asarray(times[:-1]) - t0
    seg_v = np.asarray(speeds)
    out = np.empty_like(dist)
    last = len(speeds) - 1
    for s in range(0, dist.shape[0], _CHUNK):
        d = dist[s : s + _CHUNK]
        k = np.searchsorted(cum, d, side="right") - 1
        np.clip(k, 0, last, out=k)
        out[s : s + _CHUNK] = start_t[k] + (d - cum[k]) / seg_v[k]
    return out


def _first_bad(a: np.ndarray) -> float:
    flat = a.ravel()
    bad = ~np.isfinite(flat) | (flat < 0)
    return float(flat[np.flatnonzero(bad)[0]]) if bad.any() else float("nan")


def _float_array(value: Any, field: str) -> np.ndarray:
    """``value`` as a float64 array; something that is not numbers is refused naming ``field``
    (``"08:00"`` for a departure was numpy's ValueError)."""
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        shown = value if len(repr(value)) <= 80 else repr(value)[:77] + "..."
        raise InvalidValueError(field, shown, "expected numbers") from None


def _checked_distances(distance_m: Any) -> np.ndarray:
    """``distance_m`` as float64 meters; a negative or non-finite entry is refused."""
    dist = _float_array(distance_m, "distance_m")
    if dist.size and (not np.isfinite(dist).all() or (dist < 0).any()):
        raise InvalidValueError("distance_m", _first_bad(dist), "must be finite and >= 0")
    return dist


def apply_road_factor(distance_m: Any, factor: float) -> np.ndarray:
    """Straight-line meters times the circuity ``factor`` (>= 1), as float64."""
    if (
        isinstance(factor, bool)
        or not isinstance(factor, int | float)
        or not math.isfinite(factor)
        or factor < 1.0
    ):
        raise InvalidValueError("road_factor", factor, "must be a number >= 1")
    out = _checked_distances(distance_m)
    return out * factor if factor != 1.0 else out


def travel_time_matrix(
    distance_m: Any, profile: SpeedProfile, departure_s: float | None = None
) -> np.ndarray:
    """Travel times (float64 seconds) for a distance matrix.

    Parameters
    ----------
    distance_m
        Meters, any shape.
    profile
        Hourly speeds.
    departure_s
        Seconds after local midnight; ``None`` uses the profile's mean speed
        (a time-independent matrix).
    """
    if not isinstance(profile, SpeedProfile):
        raise InvalidValueError("profile", repr(profile)[:80], "expected a SpeedProfile")
    if departure_s is None:  # (with a departure, the profile checks the distances)
        return _checked_distances(distance_m) / (profile.mean_speed_kmh / 3.6)
    dist = _float_array(distance_m, "distance_m")
    return np.asarray(profile.travel_time_s(dist, departure_s), dtype=np.float64)


class TimeDependentTravelTimes:
    """Travel times between places that depend on the departure time.

    Parameters
    ----------
    distance_m
        ``(n, n)`` driving distances in meters (road factor already applied).
    profile
        Hourly speeds.

    Examples
    --------
    >>> import numpy as np
    >>> tt = TimeDependentTravelTimes(np.array([[0.0, 10_000.0], [10_000.0, 0.0]]),
    ...                               SpeedProfile.from_hours(40, {8: 20}))
    >>> round(tt.duration(0, 1, 8 * 3600))  # 10 km at 20 km/h
    1800
    """

    def __init__(self, distance_m: Any, profile: SpeedProfile):
        dist = _float_array(distance_m, "distance_m")
        if dist.ndim != 2:
            raise InvalidValueError("distance_m", f"shape {dist.shape}", "expected a 2-d matrix")
        if not np.isfinite(dist).all() or (dist < 0).any():
            raise InvalidValueError("distance_m", _first_bad(dist), "must be finite and >= 0")
        if not isinstance(profile, SpeedProfile):
            raise InvalidValueError("profile", repr(profile)[:80], "expected a SpeedProfile")
        dist.setflags(write=False)
        self.distance_m = dist
        self.profile = profile

    def duration(self, i: int, j: int, departure_s: float) -> float:
        """Seconds from place ``i`` to place ``j`` leaving at ``departure_s``."""
        return float(self.profile.travel_time_s(self.distance_m[i, j], departure_s))

    def at(self, departure_s: float) -> np.ndarray:
        """The whole matrix (float64 seconds) for one departure time."""
        return np.asarray(self.profile.travel_time_s(self.distance_m, departure_s))

    def slices(self, times_s: Sequence[float]) -> np.ndarray:
        """Stacked matrices ``(len(times_s), n, n)`` in int64 seconds (rounded).

        For solvers that take one matrix per time slice (e.g. hourly).
        """
        return np.stack([np.floor(self.at(t) + 0.5).astype(np.int64) for t in times_s])
