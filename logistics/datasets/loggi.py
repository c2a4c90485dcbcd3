"""Reader for Loggi BUD CVRP samples (Rio de Janeiro, real lat/lon).

The format (JSON): ``name``, ``region``, ``origin {lng, lat}`` (the hub),
``vehicle_capacity`` and ``deliveries[] {id, point {lng, lat}, size}``.
Coordinates are WGS84 *longitude first* in the file; the problem uses
:class:`~logistics.domain.geo.LatLon`.

A few deliveries appear twice with the same id (the samples' known quirk):
each copy is a separate parcel; the second gets the id ``"<id>#2"``.
There is no BKS (Loggi measures OSRM road distance). Distances are
great-circle meters (haversine) times ``road_factor``; travel time assumes
``speed_kmh``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from logistics.datasets.routing_instance import RoutingInstance
from logistics.domain.fleet import Vehicle, VehicleType
from logistics.domain.geo import LatLon
from logistics.domain.routing import Depot, Objective, RoutingProblem
from logistics.domain.stops import Stop
from logistics.errors import DatasetFormatError, InvalidValueError, quoted

__all__ = ["read_loggi", "haversine_matrix_m"]

EARTH_RADIUS_M = 6_371_008.8


def haversine_matrix_m(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Great-circle distances in meters (float) between every pair of points.

    A thin wrapper over :func:`logistics.matrices.haversine_matrix`.
    """
    from logistics.matrices import haversine_matrix

    return haversine_matrix(np.column_stack([np.asarray(lat), np.asarray(lon)]))


def _point(path: Path, obj: object, where: str) -> LatLon:
    if not isinstance(obj, dict) or not {"lng", "lat"} <= set(obj):
        raise DatasetFormatError(path, 0, f"{where} as an object {{lng, lat}}")
    try:
        return LatLon(float(obj["lat"]), float(obj["lng"]))
    except (TypeError, ValueError, InvalidValueError):
        raise DatasetFormatError(path, 0, f"{where} with valid lat/lng degrees") from None


def read_loggi(
    path: str | Path,
    *,
    vehicles: int | None = None,
    road_factor: float = 1.0,
    speed_kmh: float = 30.0,
) -> RoutingInstance:
    """Read a Loggi BUD CVRP JSON file.

    Parameters
    ----------
    path
        The ``.json`` file.
    vehicles
        Fleet size; default ``ceil(total size / capacity)`` plus 2.
    road_factor
        Multiplier from straight-line to driving distance.
    speed_kmh
        Average speed for the travel-time matrix.

    Raises
    ------
    DatasetFormatError
        When the JSON is invalid or a field is missing (the line of a JSON
        syntax error, else 0 and the field named).
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DatasetFormatError(path, exc.lineno, f"valid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise DatasetFormatError(path, 1, "a JSON object")
    for key in ("name", "origin", "vehicle_capacity", "deliveries"):
        if key not in data:
            raise DatasetFormatError(path, 0, f"the field {quoted(key)}")
    capacity = data["vehicle_capacity"]
    if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
        raise DatasetFormatError(path, 0, "a positive integer 'vehicle_capacity'")
    origin = _point(path, data["origin"], "'origin'")
    if not isinstance(data["deliveries"], list) or not data["deliveries"]:
        raise DatasetFormatError(path, 0, "a non-empty 'deliveries' list")
    stops: list[Stop] = []
    seen: dict[str, int] = {}
    for i, d in enumerate(data["deliveries"]):
        if not isinstance(d, dict) or not {"id", "point", "size"} <= set(d):
            raise DatasetFormatError(path, 0, f"deliveries[{i}] with id, point and size")
        size = d["size"]
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= capacity:
            raise DatasetFormatError(path, 0, f"deliveries[{i}].size within 0..capacity")
        base = str(d["id"])
        seen[base] = seen.get(base, 0) + 1
        sid = base if seen[base] == 1 else f"{base}#{seen[base]}"
        loc = _point(path, d["point"], f"deliveries[{i}].point")
        stops.append(Stop(id=sid, location=loc, delivery=(size,), pickup=(0,)))
    lat = np.array([origin.lat] + [s.location.lat for s in stops])
    lon = np.array([origin.lon] + [s.location.lon for s in stops])
    meters = haversine_matrix_m(lat, lon) * road_factor
    dist = np.rint(meters).astype(np.int64)
    time = np.rint(meters / (speed_kmh / 3.6)).astype(np.int64)
    total = sum(s.delivery[0] for s in stops)
    count = vehicles or math.ceil(total / capacity) + 2
    vtype = VehicleType("van", (capacity,))
    fleet = tuple(Vehicle(f"v{j:02d}", vtype, "hub", "hub") for j in range(1, count + 1))
    problem = RoutingProblem(
        depots=(Depot("hub", origin),),
        stops=tuple(stops),
        vehicles=fleet,
        units=("parcels",),
        distance=dist,
        duration=time,
        distance_scale=1,
        objective=Objective(vehicle_costs=False, distance_per_m=1),
        name=str(data["name"]),
    )
    return RoutingInstance(problem, None, path, "haversine")
