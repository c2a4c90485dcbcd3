"""Where synthetic customers live: a city as a bounding box and demand anchors.

Rio de Janeiro's anchors are the 24 k-means centroids (computed once, with a
fixed seed, in a local metric projection) of the 373 distinct delivery points
of the two Loggi BUD samples in ``datasets/loggibud_rj_samples`` (MIT, Loggi;
the points were synthesised by Loggi from census data correlated with real
deliveries). Each anchor keeps the number of points of its cluster as a weight
and their RMS distance to the centroid as a spread, so a mixture of Gaussians
over the anchors reproduces the density of the sample (mostly the North Zone
and the Baixada, where that Loggi region lies) at any number of orders.
Sampled points are clipped to the samples' bounding box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from logistics.domain.geo import LatLon
from logistics.errors import InvalidValueError

__all__ = ["Anchor", "City", "RIO_DE_JANEIRO"]

_M_PER_DEG_LAT = 111_195.0


@dataclass(frozen=True, slots=True)
class Anchor:
    """A cluster of demand: centre, relative weight, spread (RMS radius, meters)."""

    center: LatLon
    weight: float
    spread_m: float

    def __post_init__(self) -> None:
        if not isinstance(self.center, LatLon):
            raise InvalidValueError("center", self.center, "expected a LatLon")
        # finite numbers: an infinite weight was numpy's "Probabilities contain NaN" when
        # sampling, a string a TypeError
        if not _number(self.weight) or not 0 < self.weight < math.inf:
            raise InvalidValueError("weight", self.weight, "must be a finite number > 0")
        if not _number(self.spread_m) or not 0 <= self.spread_m < math.inf:
            raise InvalidValueError("spread_m", self.spread_m, "must be a finite number >= 0")


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class City:
    """A city for synthetic days.

    Parameters
    ----------
    name
        Display name.
    south, north, west, east
        Bounding box in degrees; every sampled address lies inside.
    anchors
        Demand clusters (at least one).
    utc_offset_s
        Local time minus UTC, in seconds (Rio: -3 h, no daylight saving since 2019).
    """

    name: str
    south: float
    north: float
    west: float
    east: float
    anchors: tuple[Anchor, ...]
    utc_offset_s: int

    def __post_init__(self) -> None:
        if not (-90 <= self.south < self.north <= 90):
            raise InvalidValueError("north", self.north, "needs south < north within ±90")
        if not (-180 <= self.west < self.east <= 180):
            raise InvalidValueError("east", self.east, "needs west < east within ±180")
        if not self.anchors:
            raise InvalidValueError("anchors", self.anchors, "at least one demand anchor")
        for i, a in enumerate(self.anchors):
            if not self.contains(a.center):
                raise InvalidValueError(f"anchors[{i}].center", a.center, "outside the city box")

    def contains(self, p: LatLon) -> bool:
        """Whether ``p`` lies in the bounding box."""
        return self.south <= p.lat <= self.north and self.west <= p.lon <= self.east

    def sample_addresses(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` addresses as an ``(n, 2)`` array of (lat, lon) degrees.

        An anchor is drawn by weight, then a point from an isotropic Gaussian
        around it whose RMS radius is the anchor's spread (per-axis sigma =
        spread / sqrt(2)); points are clipped to the box.
        """
        weights = np.array([a.weight for a in self.anchors], dtype=np.float64)
        pick = rng.choice(len(self.anchors), size=n, p=weights / weights.sum())
        centers = np.array([(a.center.lat, a.center.lon) for a in self.anchors])[pick]
        sigma_m = np.array([a.spread_m for a in self.anchors])[pick] / math.sqrt(2.0)
        offsets = rng.normal(0.0, 1.0, (n, 2)) * sigma_m[:, None]
        lat = centers[:, 0] + offsets[:, 0] / _M_PER_DEG_LAT
        lon = centers[:, 1] + offsets[:, 1] / (_M_PER_DEG_LAT * np.cos(np.radians(centers[:, 0])))
        return np.column_stack(
            [np.clip(lat, self.south, self.north), np.clip(lon, self.west, self.east)]
        )


# (lat, lon, points in the cluster, RMS radius in meters), largest cluster first
_RIO_ANCHORS = (
    (-22.8284, -43.3692, 35, 2390),
    (-22.7745, -43.325, 32, 3050),
    (-22.895, -43.281, 29, 2570),
    (-22.7975, -43.4188, 24, 2480),
    (-22.8335, -43.3055, 23, 2270),
    (-22.9339, -43.6764, 21, 3460),
    (-22.8629, -43.2476, 20, 1960),
    (-22.7425, -43.3917, 18, 2510),
    (-22.9458, -43.3636, 18, 2660),
    (-22.9991, -43.3401, 16, 2070),
    (-22.8867, -43.5956, 16, 3520),
    (-22.8846, -43.4333, 14, 1720),
    (-22.7381, -43.4486, 14, 1900),
    (-22.8722, -43.3492, 14, 2440),
    (-22.8637, -43.4897, 11, 2810),
    (-22.7076, -43.5422, 10, 3480),
    (-22.9307, -43.5509, 10, 3530),
    (-22.7031, -43.4341, 10, 1920),
    (-23.0067, -43.4551, 9, 3310),
    (-22.6929, -43.3088, 9, 2950),
    (-22.6163, -43.2731, 7, 5270),
    (-22.8062, -43.2133, 6, 1670),
    (-22.7636, -43.5188, 4, 1650),
    (-22.6334, -43.4193, 3, 2390),
)

RIO_DE_JANEIRO = City(
    name="Rio de Janeiro",
    # bounding box of the Loggi RJ sample delivery points (rounded outwards)
    south=-23.0224,
    north=-22.5680,
    west=-43.7031,
    east=-43.1934,
    anchors=tuple(Anchor(LatLon(la, lo), float(n), float(r)) for la, lo, n, r in _RIO_ANCHORS),
    utc_offset_s=-3 * 3600,
)
"""Rio de Janeiro as covered by the Loggi BUD ``rj`` samples."""
