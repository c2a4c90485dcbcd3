"""Per-network constants of the decision: site trigonometry, carriers per site, pickup points.

The API builds a new :class:`~logistics.domain.sourcing.NetworkSnapshot` for every
order from the *same* cached ``warehouses`` and ``carriers`` tuples, so the
constants are cached by the identity of those two tuples (not of the snapshot).
The cache keeps a few entries with strong references, so an id is never reused
while its entry lives; sites and carriers are frozen, so the entries never go stale.

Distances are meters; angles radians. Every scalar distance here is computed
with exactly the operations of :func:`logistics.domain.sourcing.haversine_m`
(bit-identical results), the vectorised ones as in
:func:`solvers.sourcing.subsets.site_distances_m`.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

from logistics.domain.carriers import Carrier, CarrierKind
from logistics.domain.geo import LatLon
from logistics.domain.network import Warehouse
from logistics.domain.sourcing import EARTH_RADIUS_M

__all__ = [
    "INSTANT",
    "PICKUP",
    "RATED",
    "NetworkConsts",
    "network_consts",
    "haversine_trig",
    "trig",
]

Trig = tuple[float, float, float]  # (lat rad, lon rad, cos lat)
INSTANT, PICKUP, RATED = 0, 1, 2  # how a lane is priced: per km, to a pickup point, by zone

_MAX_ENTRIES = 8
_NEAR_MARGIN_M = 2.0  # float pre-filter slack; the exact check decides


def trig(p: LatLon) -> Trig:
    """``(lat, lon, cos lat)`` of ``p``, radians."""
    la = math.radians(p.lat)
    return la, math.radians(p.lon), math.cos(la)


def haversine_trig(a: Trig, b: Trig) -> int:
    """:func:`~logistics.domain.sourcing.haversine_m` from precomputed :func:`trig`, meters."""
    h = math.sin((b[0] - a[0]) / 2) ** 2 + a[2] * b[2] * math.sin((b[1] - a[1]) / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h))))


@dataclass(frozen=True, eq=False)
class _Points:
    """A pickup-point carrier's points: objects, exact trig, and float arrays to pre-filter."""

    points: tuple[LatLon, ...]
    trig: tuple[Trig, ...]
    lat: np.ndarray
    lon: np.ndarray
    cos_lat: np.ndarray


@dataclass(frozen=True, eq=False)
class NetworkConsts:
    """What the decision needs of the sites and carriers that does not depend on the order.

    Parameters
    ----------
    site_trig
        Per site :func:`trig` of its location.
    lat, lon, cos_lat
        ``(W,)`` site latitude, longitude (radians) and cosine of the latitude.
    site_carriers
        Per site, the carrier indexes that collect there (``warehouse_ids``), ascending.
    site_lanes
        The same as ``(c, carrier, kind, reach_m, zones)``: kind :data:`INSTANT`,
        :data:`PICKUP` or :data:`RATED`; reach in meters from the site (radius,
        last zone; unlimited to a pickup point); the rate card's zones (or ``()``).
    points
        Pickup-point carrier index -> its points.
    handling_per_order, handling_per_unit
        ``(W,)`` int64 handling cents per shipment and per unit of each site.
    """

    site_trig: tuple[Trig, ...]
    lat: np.ndarray
    lon: np.ndarray
    cos_lat: np.ndarray
    site_carriers: tuple[tuple[int, ...], ...]
    site_lanes: tuple[tuple[tuple[int, Carrier, int, float, tuple], ...], ...]
    points: dict[int, _Points]
    handling_per_order: np.ndarray
    handling_per_unit: np.ndarray

    def near_points(self, c: int, radius_m: int, to: Trig) -> list[tuple[LatLon, Trig]]:
        """Points of carrier ``c`` within ``radius_m`` meters of ``to`` (in point order)."""
        pts = self.points[c]
        h = (
            np.sin((to[0] - pts.lat) / 2) ** 2
            + pts.cos_lat * to[2] * np.sin((to[1] - pts.lon) / 2) ** 2
        )
        approx = 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        out = []
        for i in np.flatnonzero(approx <= radius_m + _NEAR_MARGIN_M).tolist():
            t = pts.trig[i]
            if haversine_trig(t, to) <= radius_m:
                out.append((pts.points[i], t))
        return out


def _build(warehouses: tuple[Warehouse, ...], carriers: tuple[Carrier, ...]) -> NetworkConsts:
    coords = np.array([(w.location.lat, w.location.lon) for w in warehouses], dtype=float)
    lat = np.radians(coords[:, 0])
    lon = np.radians(coords[:, 1])
    for a in (lat, lon):
        a.setflags(write=False)
    cos_lat = np.cos(lat)
    cos_lat.setflags(write=False)
    site_carriers = tuple(
        tuple(
            c
            for c, car in enumerate(carriers)
            if not car.warehouse_ids or w.id in car.warehouse_ids
        )
        for w in warehouses
    )
    specs = []
    for car in carriers:
        if car.kind == CarrierKind.INSTANT:
            specs.append((INSTANT, float(car.radius_m), ()))
        else:
            assert car.rate_card is not None
            zones = car.rate_card.zones
            if car.kind == CarrierKind.PICKUP_POINT:
                specs.append((PICKUP, math.inf, zones))
            else:
                specs.append((RATED, float(zones[-1].max_distance_m), zones))
    site_lanes = tuple(tuple((c, carriers[c], *specs[c]) for c in cs) for cs in site_carriers)
    points = {}
    for c, car in enumerate(carriers):
        if car.kind == CarrierKind.PICKUP_POINT and car.points:
            pc = np.radians(np.array([(p.lat, p.lon) for p in car.points], dtype=float))
            points[c] = _Points(
                car.points,
                tuple(trig(p) for p in car.points),
                pc[:, 0],
                pc[:, 1],
                np.cos(pc[:, 0]),
            )
    per_order = np.array([w.handling_cost_per_order for w in warehouses], dtype=np.int64)
    per_unit = np.array([w.handling_cost_per_unit for w in warehouses], dtype=np.int64)
    for a in (per_order, per_unit):
        a.setflags(write=False)
    return NetworkConsts(
        tuple(trig(w.location) for w in warehouses),
        lat,
        lon,
        cos_lat,
        site_carriers,
        site_lanes,
        points,
        per_order,
        per_unit,
    )


_cache: dict[tuple[int, int], tuple[tuple, tuple, NetworkConsts]] = {}
_lock = threading.Lock()


def network_consts(
    warehouses: tuple[Warehouse, ...], carriers: tuple[Carrier, ...]
) -> NetworkConsts:
    """The constants of ``(warehouses, carriers)``, cached by the identity of both tuples."""
    key = (id(warehouses), id(carriers))
    hit = _cache.get(key)
    if hit is not None and hit[0] is warehouses and hit[1] is carriers:
        return hit[2]
    consts = _build(warehouses, carriers)
    with _lock:
        while len(_cache) >= _MAX_ENTRIES:
            _cache.pop(next(iter(_cache)))
        _cache[key] = (warehouses, carriers, consts)
    return consts
