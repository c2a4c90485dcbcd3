"""Reader for VRPTW files in Solomon's text format (Solomon 100, Gehring-Homberger).

The format: a name line, a ``VEHICLE`` block (``NUMBER CAPACITY`` header, then
the two integers), a ``CUSTOMER`` block (a column header, then one row per node
``CUST_NO X Y DEMAND READY DUE SERVICE``); node 0 is the depot.

Conventions (read each set's ``PROVENANCE.md``):

* Solomon 100: three BKS tables. The default here is the distance-only
  objective with every arc truncated to one decimal (``"dimacs"``, BKS from
  ``bks_distance_dimacs_truncated.csv``): the convention an integer solver
  reproduces exactly. ``convention="exact"`` uses full precision and
  ``bks_distance_only.csv`` (or ``bks.csv`` with ``objective="hierarchical"``).
* Gehring-Homberger: one BKS table, hierarchical (vehicles first, then
  full-precision distance): default ``convention="exact"``,
  ``objective="hierarchical"``.

Travel time equals distance; times, service and windows are scaled like the
distance matrix (``distance_scale`` matrix units per unit of the file).
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
from logistics.domain.fleet import Vehicle, VehicleType
from logistics.domain.geo import Point
from logistics.domain.routing import Depot, Objective, RoutingProblem
from logistics.domain.stops import Stop, TimeWindow
from logistics.errors import DatasetFormatError, InvalidValueError, one_of

__all__ = [
    "read_solomon",
    "read_homberger",
    "read_vrptw",
    "parse_vrptw_text",
    "VrptwData",
    "hierarchical_vehicle_cost",
    "OBJECTIVES",
]

OBJECTIVES = ("distance", "hierarchical")


def hierarchical_vehicle_cost(scale: int) -> int:
    """Per-vehicle cost (matrix units) that makes vehicles count before distance.

    10,000 units of the set's distance per vehicle: more than any plan of these
    sets could save in distance by using one more vehicle.
    """
    return 10_000 * scale


class VrptwData:
    """Raw numbers of a Solomon-format file (before scaling)."""

    __slots__ = ("name", "vehicles", "capacity", "rows")

    def __init__(self, name: str, vehicles: int, capacity: int, rows: list[tuple]) -> None:
        self.name = name
        self.vehicles = vehicles
        self.capacity = capacity
        self.rows = rows  # (id, x, y, demand, ready, due, service)


def _numbers(path: Path, lineno: int, line: str, count: int, what: str) -> list[float]:
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


def parse_vrptw_text(path: Path, text: str) -> VrptwData:
    """Parse the text of a Solomon-format file.

    Raises
    ------
    DatasetFormatError
        Naming the file and line of the first thing that does not fit the format.
    """
    lines = text.splitlines()
    i = 0

    def next_nonblank(start: int) -> int:
        j = start
        while j < len(lines) and not lines[j].strip():
            j += 1
        return j

    i = next_nonblank(0)
    if i >= len(lines):
        raise DatasetFormatError(path, 1, "an instance name line")
    name = lines[i].strip()
    i = next_nonblank(i + 1)
    if i >= len(lines) or lines[i].strip().upper() != "VEHICLE":
        raise DatasetFormatError(path, i + 1, "the VEHICLE section")
    i = next_nonblank(i + 1)
    if i >= len(lines) or "CAPACITY" not in lines[i].upper():
        raise DatasetFormatError(path, i + 1, "the 'NUMBER CAPACITY' header")
    i = next_nonblank(i + 1)
    if i >= len(lines):
        raise DatasetFormatError(path, i + 1, "the vehicle number and capacity")
    number, capacity = _numbers(path, i + 1, lines[i], 2, "vehicle NUMBER and CAPACITY")
    i = next_nonblank(i + 1)
    if i >= len(lines) or lines[i].strip().upper() != "CUSTOMER":
        raise DatasetFormatError(path, i + 1, "the CUSTOMER section")
    i = next_nonblank(i + 1)
    if i >= len(lines) or "CUST" not in lines[i].upper():
        raise DatasetFormatError(path, i + 1, "the customer column header")
    rows: list[tuple] = []
    for j in range(i + 1, len(lines)):
        if not lines[j].strip():
            continue
        v = _numbers(path, j + 1, lines[j], 7, "CUST_NO X Y DEMAND READY DUE SERVICE")
        ints = [v[0], v[3], v[4], v[5], v[6]]
        if any(x != int(x) for x in ints):
            raise DatasetFormatError(path, j + 1, "integer id, demand, times and service")
        cust = int(v[0])
        if cust != len(rows):
            raise DatasetFormatError(path, j + 1, f"customer number {len(rows)}, got {cust}")
        if v[3] < 0:
            raise DatasetFormatError(path, j + 1, "a non-negative demand")
        if v[5] < v[4]:
            raise DatasetFormatError(path, j + 1, "a due date not before the ready time")
        check_file_times(path, j + 1, v[4:7])
        rows.append((cust, v[1], v[2], int(v[3]), int(v[4]), int(v[5]), int(v[6])))
    if len(rows) < 2:
        raise DatasetFormatError(path, len(lines), "a depot row and at least one customer")
    if number < 1 or capacity < 1 or number != int(number) or capacity != int(capacity):
        raise DatasetFormatError(path, i, "a positive integer vehicle number and capacity")
    return VrptwData(name, int(number), int(capacity), rows)


def build_vrptw_problem(data: VrptwData, convention: str, objective: str) -> RoutingProblem:
    """The :class:`RoutingProblem` of parsed data under ``convention`` and ``objective``."""
    if objective not in OBJECTIVES:
        raise InvalidValueError("objective", objective, one_of(OBJECTIVES))
    scale = convention_scale(convention)
    xy = np.array([[r[1], r[2]] for r in data.rows])
    dist, time = euclidean_matrices(xy, convention)
    d0 = data.rows[0]
    horizon = TimeWindow(d0[4] * scale, d0[5] * scale)
    depot = Depot(str(d0[0]), Point(d0[1], d0[2]), opening=horizon)
    stops = tuple(
        Stop(
            id=str(r[0]),
            location=Point(r[1], r[2]),
            delivery=(r[3],),
            pickup=(0,),
            service_s=r[6] * scale,
            time_windows=(TimeWindow(r[4] * scale, r[5] * scale),),
        )
        for r in data.rows[1:]
    )
    vtype = VehicleType("truck", (data.capacity,))
    width = len(str(data.vehicles))
    vehicles = tuple(
        Vehicle(f"v{k:0{width}d}", vtype, depot.id, depot.id, shift=horizon)
        for k in range(1, data.vehicles + 1)
    )
    per_vehicle = hierarchical_vehicle_cost(scale) if objective == "hierarchical" else 0
    return RoutingProblem(
        depots=(depot,),
        stops=stops,
        vehicles=vehicles,
        units=("units",),
        distance=dist,
        duration=time,
        distance_scale=scale,
        objective=Objective(vehicle_costs=False, distance_per_m=1, per_vehicle=per_vehicle),
        name=data.name,
    )


def _bks_table(folder: Path, convention: str, objective: str, family: str) -> Path:
    if family == "solomon" and objective == "distance":
        name = "bks_distance_dimacs_truncated.csv" if convention == "dimacs" else None
        name = name or "bks_distance_only.csv"
        return folder / name
    return folder / "bks.csv"


def read_vrptw(
    path: str | Path,
    *,
    convention: str = "exact",
    objective: str = "hierarchical",
    bks_table: str | Path | None = None,
) -> RoutingInstance:
    """Read a Solomon-format VRPTW file.

    Parameters
    ----------
    path
        The instance file.
    convention
        ``"dimacs"`` or ``"exact"`` (see :mod:`logistics.datasets.routing_instance`).
    objective
        ``"distance"`` (distance only, vehicles free) or ``"hierarchical"``.
    bks_table
        BKS CSV to look the instance up in; by default the one matching the set,
        objective and convention (``None`` BKS when there is no such row).

    Raises
    ------
    DatasetFormatError
        When the file does not follow the format (file and line named).
    """
    path = Path(path)
    if convention not in ("dimacs", "exact"):
        raise InvalidValueError("convention", convention, one_of(("dimacs", "exact")))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DatasetFormatError(path, 0, "a UTF-8 text file") from None
    data = parse_vrptw_text(path, text)
    problem = build_vrptw_problem(data, convention, objective)
    folder = path.parent.parent
    family = "solomon" if (folder / "bks_distance_only.csv").exists() else "homberger"
    table = Path(bks_table) if bks_table else _bks_table(folder, convention, objective, family)
    bks = read_bks_row(table, data.name) or read_bks_row(table, path.stem)
    return RoutingInstance(problem, bks, path, convention)


def read_solomon(
    path: str | Path, *, convention: str = "dimacs", objective: str = "distance"
) -> RoutingInstance:
    """A Solomon 100 instance; default: distance only, arcs truncated to 0.1 (DIMACS)."""
    return read_vrptw(path, convention=convention, objective=objective)


def read_homberger(
    path: str | Path, *, convention: str = "exact", objective: str = "hierarchical"
) -> RoutingInstance:
    """A Gehring-Homberger instance; default: hierarchical, full precision (SINTEF)."""
    return read_vrptw(path, convention=convention, objective=objective)
