"""Reader for CVRPLIB / TSPLIB CVRP files (Uchoa X set, XXL Belgium).

The format: ``KEY : value`` header lines (``NAME``, ``TYPE``, ``DIMENSION``,
``EDGE_WEIGHT_TYPE``, ``CAPACITY``, optionally ``VEHICLES``), then
``NODE_COORD_SECTION`` (``id x y``), ``DEMAND_SECTION`` (``id demand``),
``DEPOT_SECTION`` (depot ids ending with ``-1``) and ``EOF``. Node 1 is the
depot. Stop ids are the file's node ids (``"2"`` .. ``"n"``); CVRPLIB ``.sol``
files number customers ``node id - 1``.

Convention: each arc's Euclidean length rounded to the nearest integer
(TSPLIB ``nint``), distance only, no limit on the number of routes. The fleet
is sized ``max(k, ceil(demand / Q))`` plus a margin (``k`` from ``-kK`` in the
name or ``VEHICLES``), so every instance has enough vehicles.

Large files (XXL: up to 30,001 nodes) are read without matrices by default
(``matrices=None`` builds them only up to 2,000 nodes); a full matrix of 30,000
nodes would need about 7 GB.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np

from logistics.datasets.routing_instance import RoutingInstance, euclidean_matrices, read_bks_row
from logistics.domain.fleet import Vehicle, VehicleType
from logistics.domain.geo import Point
from logistics.domain.routing import Depot, Objective, RoutingProblem
from logistics.domain.stops import Stop
from logistics.errors import DatasetFormatError

__all__ = ["read_cvrplib", "read_cvrplib_solution", "fleet_size", "MATRIX_NODE_LIMIT"]

MATRIX_NODE_LIMIT = 2_000
"""Readers build matrices at parse time only up to this many nodes (by default)."""


def fleet_size(total_demand: int, capacity: int, k: int | None) -> int:
    """Vehicles to offer: the bin-packing bound or ``k``, plus 10% (at least 3)."""
    lower = max(math.ceil(total_demand / capacity), k or 0, 1)
    return lower + max(3, math.ceil(0.1 * lower))


def _split_header(line: str) -> tuple[str, str] | None:
    if ":" not in line:
        return None
    key, _, value = line.partition(":")
    return key.strip().upper(), value.strip().strip('"').strip()


def read_cvrplib(
    path: str | Path,
    *,
    matrices: bool | None = None,
    bks_table: str | Path | None = None,
) -> RoutingInstance:
    """Read a CVRPLIB CVRP file (EUC_2D).

    Parameters
    ----------
    path
        The ``.vrp`` file.
    matrices
        Build the (nint) distance matrix now; default only up to
        :data:`MATRIX_NODE_LIMIT` nodes. Without matrices, solvers compute
        distances from the points (``large.py`` does so per region).
    bks_table
        BKS CSV; default ``bks.csv`` two folders up.

    Raises
    ------
    DatasetFormatError
        When the file does not follow the format (file and line named).
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise DatasetFormatError(path, 0, "a UTF-8 text file") from None
    header: dict[str, str] = {}
    coords: dict[int, tuple[float, float]] = {}
    demands: dict[int, int] = {}
    depots: list[int] = []
    section = None
    section_line: dict[str, int] = {}
    saw_eof = False
    dimension = None
    for lineno, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        upper = line.split()[0].upper()
        if upper == "EOF":
            saw_eof = True
            break
        if upper.endswith("_SECTION"):
            section = upper
            section_line[section] = lineno
            if section not in ("NODE_COORD_SECTION", "DEMAND_SECTION", "DEPOT_SECTION"):
                raise DatasetFormatError(path, lineno, "a NODE_COORD, DEMAND or DEPOT section")
            if dimension is None:
                raise DatasetFormatError(path, lineno, "DIMENSION before the sections")
            continue
        if section is None:
            kv = _split_header(line)
            if kv is None:
                raise DatasetFormatError(path, lineno, "a 'KEY : value' header line")
            header[kv[0]] = kv[1]
            if kv[0] == "DIMENSION":
                try:
                    dimension = int(kv[1])
                except ValueError:
                    raise DatasetFormatError(path, lineno, "an integer DIMENSION") from None
            continue
        parts = line.split()
        try:
            if section == "NODE_COORD_SECTION":
                if len(parts) != 3:
                    raise ValueError
                node = int(parts[0])
                coords[node] = (float(parts[1]), float(parts[2]))
            elif section == "DEMAND_SECTION":
                if len(parts) != 2:
                    raise ValueError
                node, q = int(parts[0]), int(parts[1])
                demands[node] = q
            else:
                if len(parts) != 1:
                    raise ValueError
                d = int(parts[0])
                if d != -1:
                    depots.append(d)
                else:
                    section = "DONE"
        except ValueError:
            what = {
                "NODE_COORD_SECTION": "'id x y'",
                "DEMAND_SECTION": "'id demand' (integers)",
                "DEPOT_SECTION": "a depot id or -1",
            }.get(section, "EOF after the depot section")
            raise DatasetFormatError(path, lineno, what) from None
        if section == "NODE_COORD_SECTION" and node != len(coords):
            raise DatasetFormatError(path, lineno, f"node id {len(coords)} in order")
        if section == "DEMAND_SECTION" and q < 0:
            raise DatasetFormatError(path, lineno, "a non-negative demand")
    if not saw_eof and section != "DONE":
        raise DatasetFormatError(path, len(lines), "a DEPOT_SECTION ending with -1")
    if header.get("EDGE_WEIGHT_TYPE", "").upper() != "EUC_2D":
        raise DatasetFormatError(path, 0, "EDGE_WEIGHT_TYPE : EUC_2D")
    try:
        capacity = int(header["CAPACITY"])
    except (KeyError, ValueError):
        raise DatasetFormatError(path, 0, "an integer CAPACITY header") from None
    n = dimension or 0
    if len(coords) != n or sorted(coords) != list(range(1, n + 1)):
        at = section_line.get("NODE_COORD_SECTION", 0)
        raise DatasetFormatError(path, at, f"{n} coordinates numbered 1..{n} in this section")
    if sorted(demands) != list(range(1, n + 1)):
        at = section_line.get("DEMAND_SECTION", 0)
        raise DatasetFormatError(path, at, f"{n} demands numbered 1..{n} in this section")
    if depots != [1]:
        at = section_line.get("DEPOT_SECTION", 0)
        raise DatasetFormatError(path, at, "exactly one depot, node 1")
    name = header.get("NAME", path.stem)
    k_match = re.search(r"-k(\d+)", name)
    k = int(header["VEHICLES"]) if "VEHICLES" in header else None
    if k is None and k_match:
        k = int(k_match.group(1))
    too_big = [i for i in range(2, n + 1) if demands[i] > capacity]
    if too_big:
        raise DatasetFormatError(path, 0, f"demands within CAPACITY (node {too_big[0]})")
    total = sum(demands[i] for i in range(2, n + 1))
    depot = Depot("1", Point(*coords[1]))
    stops = tuple(
        Stop(id=str(i), location=Point(*coords[i]), delivery=(demands[i],), pickup=(0,))
        for i in range(2, n + 1)
    )
    vtype = VehicleType("truck", (capacity,))
    count = fleet_size(total, capacity, k)
    width = len(str(count))
    vehicles = tuple(Vehicle(f"v{j:0{width}d}", vtype, "1", "1") for j in range(1, count + 1))
    if matrices is None:
        matrices = n <= MATRIX_NODE_LIMIT
    dist = time = None
    if matrices:
        dist, time = euclidean_matrices(np.array([coords[i] for i in range(1, n + 1)]), "nint")
    problem = RoutingProblem(
        depots=(depot,),
        stops=stops,
        vehicles=vehicles,
        units=("units",),
        distance=dist,
        duration=time,
        distance_scale=1,
        objective=Objective(vehicle_costs=False, distance_per_m=1),
        name=name,
    )
    table = Path(bks_table) if bks_table else path.parent.parent / "bks.csv"
    return RoutingInstance(problem, read_bks_row(table, name), path, "nint")


def read_cvrplib_solution(path: str | Path) -> tuple[list[list[str]], float]:
    """Routes (as stop ids, i.e. file node ids) and cost of a CVRPLIB ``.sol`` file.

    Uses the ``vrplib`` package; customers in ``.sol`` files are numbered
    ``node id - 1``, so ``c`` becomes stop ``str(c + 1)``.
    """
    import vrplib

    path = Path(path)
    try:
        sol = vrplib.read_solution(str(path))
        routes = [[str(int(c) + 1) for c in r] for r in sol["routes"]]
        return routes, float(sol["cost"])
    except (KeyError, ValueError, IndexError) as exc:
        reason = f"'Route #k: ...' lines and a 'Cost' line ({exc})"
        raise DatasetFormatError(path, 0, reason) from None
