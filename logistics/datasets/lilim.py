"""Reader for Li & Lim PDPTW files (pickup-and-delivery with time windows).

The format (tab or space separated): a first line ``K Q S`` (vehicles,
capacity, speed), then one line per node
``id x y demand earliest latest service pickup_index delivery_index``; node 0
is the depot. A pickup has ``demand > 0`` and names its delivery; a delivery
has ``demand < 0`` and names its pickup.

In the problem, a pickup stop *collects* its quantity (``pickup=(q,)``) and
its paired delivery stop *drops* it (``delivery=(q,)``); the pair (same
vehicle, pickup first) is in ``problem.pairs``. The BKS table is hierarchical
(vehicles, then full-precision distance): default ``convention="exact"``,
``objective="hierarchical"``. Travel time equals distance: the speed ``S`` is
ignored, as in the literature (some files give 0).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from logistics.datasets.routing_instance import (
    RoutingInstance,
    check_file_times,
    convention_scale,
    euclidean_matrices,
    read_bks_row,
)
from logistics.datasets.vrptw import OBJECTIVES, hierarchical_vehicle_cost
from logistics.domain.fleet import Vehicle, VehicleType
from logistics.domain.geo import Point
from logistics.domain.routing import Depot, Objective, RoutingProblem
from logistics.domain.stops import PickupDelivery, Stop, TimeWindow
from logistics.errors import DatasetFormatError, InvalidValueError, one_of

__all__ = ["read_lilim"]


def _row(path: Path, lineno: int, line: str, count: int, what: str) -> list[float]:
    parts = line.split()
    if len(parts) != count:
        raise DatasetFormatError(path, lineno, f"{count} numbers ({what}), got {len(parts)}")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise DatasetFormatError(path, lineno, f"{count} numbers ({what})") from None
    if not all(map(math.isfinite, values)):  # nan, inf: int(nan) was a ValueError
        raise DatasetFormatError(path, lineno, f"{count} finite numbers ({what})")
    return values


def _int(path: Path, lineno: int, value: float, what: str) -> int:
    if value != int(value):
        raise DatasetFormatError(path, lineno, f"an integer {what}")
    return int(value)


def read_lilim(
    path: str | Path,
    *,
    convention: str = "exact",
    objective: str = "hierarchical",
    bks_table: str | Path | None = None,
) -> RoutingInstance:
    """Read a Li & Lim PDPTW file.

    Parameters
    ----------
    path
        The instance file.
    convention
        ``"exact"`` (default) or ``"dimacs"``.
    objective
        ``"hierarchical"`` (default, like the BKS table) or ``"distance"``.
    bks_table
        BKS CSV; default ``bks.csv`` two folders up.

    Raises
    ------
    DatasetFormatError
        When the file does not follow the format (file and line named), including
        broken pairings (a pickup whose delivery does not point back to it).
    """
    path = Path(path)
    if objective not in OBJECTIVES:
        raise InvalidValueError("objective", objective, one_of(OBJECTIVES))
    scale = convention_scale(convention)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise DatasetFormatError(path, 0, "a UTF-8 text file") from None
    numbered = [(k + 1, ln) for k, ln in enumerate(lines) if ln.strip()]
    if not numbered:
        raise DatasetFormatError(path, 1, "the header line 'K Q S'")
    lineno, head = numbered[0]
    k, q, speed = _row(path, lineno, head, 3, "vehicles K, capacity Q, speed S")
    n_vehicles = _int(path, lineno, k, "vehicle count")
    capacity = _int(path, lineno, q, "capacity")
    if n_vehicles < 1 or capacity < 1 or speed < 0:
        raise DatasetFormatError(path, lineno, "positive K and Q, and S >= 0")
    rows = []
    line_of = {}
    for lineno, line in numbered[1:]:
        v = _row(path, lineno, line, 9, "id x y demand earliest latest service pickup delivery")
        node = _int(path, lineno, v[0], "node id")
        if node != len(rows):
            raise DatasetFormatError(path, lineno, f"node id {len(rows)}, got {node}")
        demand = _int(path, lineno, v[3], "demand")
        ready, due, service = (_int(path, lineno, x, "time") for x in v[4:7])
        p_idx, d_idx = (_int(path, lineno, x, "pair index") for x in v[7:9])
        if due < ready or min(ready, service) < 0:
            raise DatasetFormatError(path, lineno, "a time window with 0 <= earliest <= latest")
        check_file_times(path, lineno, [ready, due, service])
        rows.append((node, v[1], v[2], demand, ready, due, service, p_idx, d_idx))
        line_of[node] = lineno
    if len(rows) < 3:
        raise DatasetFormatError(path, len(lines), "a depot and at least one pickup-delivery pair")
    n = len(rows)
    pairs = []
    for r in rows[1:]:
        node, demand, p_idx, d_idx = r[0], r[3], r[7], r[8]
        ln = line_of[node]
        if demand > 0 or (demand == 0 and d_idx > 0):
            if p_idx != 0 or not 0 < d_idx < n:
                raise DatasetFormatError(path, ln, "a pickup naming its delivery node")
            other = rows[d_idx]
            if other[7] != node or other[3] != -demand:
                raise DatasetFormatError(
                    path, line_of[d_idx], f"the delivery of pickup {node} pointing back to it"
                )
            pairs.append(PickupDelivery(str(node), str(d_idx)))
        else:
            if d_idx != 0 or not 0 < p_idx < n:
                raise DatasetFormatError(path, ln, "a delivery naming its pickup node")
            if rows[p_idx][8] != node:
                raise DatasetFormatError(path, ln, f"pickup {p_idx} naming this delivery")
    xy = np.array([[r[1], r[2]] for r in rows])
    dist, time = euclidean_matrices(xy, convention)
    d0 = rows[0]
    horizon = TimeWindow(d0[4] * scale, d0[5] * scale)
    depot = Depot(str(d0[0]), Point(d0[1], d0[2]), opening=horizon)
    stops = tuple(
        Stop(
            id=str(r[0]),
            location=Point(r[1], r[2]),
            delivery=(max(0, -r[3]),),
            pickup=(max(0, r[3]),),
            service_s=r[6] * scale,
            time_windows=(TimeWindow(r[4] * scale, r[5] * scale),),
        )
        for r in rows[1:]
    )
    vtype = VehicleType("truck", (capacity,))
    width = len(str(n_vehicles))
    vehicles = tuple(
        Vehicle(f"v{i:0{width}d}", vtype, depot.id, depot.id, shift=horizon)
        for i in range(1, n_vehicles + 1)
    )
    per_vehicle = hierarchical_vehicle_cost(scale) if objective == "hierarchical" else 0
    problem = RoutingProblem(
        depots=(depot,),
        stops=stops,
        vehicles=vehicles,
        pairs=tuple(pairs),
        units=("units",),
        distance=dist,
        duration=time,
        distance_scale=scale,
        objective=Objective(vehicle_costs=False, distance_per_m=1, per_vehicle=per_vehicle),
        name=path.stem,
    )
    table = Path(bks_table) if bks_table else path.parent.parent / "bks.csv"
    return RoutingInstance(problem, read_bks_row(table, path.stem), path, convention)
