"""What every routing benchmark reader returns: the problem, the BKS row, the file's ids.

Benchmark sets give planar coordinates and measure cost in their own
convention. Readers turn coordinates into integer matrices once, here:

``"dimacs"``
    Each arc's Euclidean length truncated to one decimal (DIMACS / LKH-3
    convention for Solomon); matrices hold tenths (``distance_scale=10``).
``"exact"``
    Full precision, kept to two decimals: distance matrix rounded to
    hundredths, travel-time matrix rounded *up* so a plan feasible on the
    matrices is feasible in exact arithmetic (``distance_scale=100``).
``"nint"``
    TSPLIB nearest-integer rounding of each arc (CVRPLIB convention,
    ``distance_scale=1``).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from logistics.domain._checks import MAX_AMOUNT
from logistics.domain.routing import RoutingProblem
from logistics.errors import DatasetFormatError, InvalidValueError, one_of

__all__ = [
    "BksRow",
    "RoutingInstance",
    "CONVENTIONS",
    "euclidean_matrices",
    "read_bks_row",
    "convention_scale",
    "exact_distance",
    "check_file_times",
    "MAX_FILE_TIME",
]

CONVENTIONS = ("dimacs", "exact", "nint")


@dataclass(frozen=True, slots=True)
class BksRow:
    """A best-known solution: ``value`` in the set's cost units, ``vehicles`` if known."""

    instance: str
    value: float | None
    vehicles: int | None
    source: str
    table: str


@dataclass(frozen=True)
class RoutingInstance:
    """A parsed benchmark file.

    Parameters
    ----------
    problem
        The routing problem (stop ids are the file's node ids as strings).
    bks
        The best-known solution row in the chosen convention, or ``None``.
    path
        The file that was read.
    convention
        Distance convention used for the matrices (see module docs).
    """

    problem: RoutingProblem
    bks: BksRow | None
    path: Path
    convention: str

    @property
    def name(self) -> str:
        return self.problem.name

    def cost_in_set_units(self, matrix_cost: int | float) -> float:
        """A cost in matrix units converted to the set's own units."""
        return float(matrix_cost) / self.problem.distance_scale


MAX_FILE_TIME = MAX_AMOUNT // 100
"""Largest ready time, due date or service time a Solomon or Li & Lim file may give: times
are scaled by up to 100 (:func:`convention_scale`) and then must stay within the domain's
:data:`~logistics.domain._checks.MAX_AMOUNT` seconds (a due date of 1e20 was an
``OverflowError`` traceback inside PyVRP)."""


def check_file_times(path: Path, lineno: int, times: list[float]) -> None:
    """:class:`DatasetFormatError` at ``path:lineno`` when a time is above
    :data:`MAX_FILE_TIME`."""
    if max(times) > MAX_FILE_TIME:
        raise DatasetFormatError(path, lineno, f"times (ready, due, service) <= {MAX_FILE_TIME}")


def convention_scale(convention: str) -> int:
    """Matrix units per unit of the set's distance for ``convention``."""
    scales = {"dimacs": 10, "exact": 100, "nint": 1}
    if convention not in scales:
        raise InvalidValueError("convention", convention, one_of(scales))
    return scales[convention]


def euclidean_matrices(xy: np.ndarray, convention: str) -> tuple[np.ndarray, np.ndarray]:
    """Integer (distance, travel-time) matrices of points ``xy`` (shape ``(n, 2)``).

    Built with :mod:`logistics.matrices` (``euclidean_matrix`` with the set's
    rounding, then ``to_int_matrix``). Travel time equals distance (speed 1, the
    benchmark convention), in the same scaled units; under ``"exact"`` time is
    rounded up (see module docs).
    """
    from logistics.matrices import Rounding, euclidean_matrix, to_int_matrix

    xy = np.asarray(xy, dtype=np.float64)
    if convention == "dimacs":
        d = euclidean_matrix(xy, rounding=Rounding.TRUNCATE_1DP)
        m = to_int_matrix(d, 10, rounding="round", dtype=np.int64)
        return m, m.copy()
    if convention == "exact":
        d = euclidean_matrix(xy, rounding=Rounding.EXACT)
        dist = to_int_matrix(d, 100, rounding="round", dtype=np.int64)
        time = to_int_matrix(d, 100, rounding="ceil", dtype=np.int64)
        return dist, time
    if convention == "nint":
        d = euclidean_matrix(xy, rounding=Rounding.ROUND)
        m = to_int_matrix(d, 1, rounding="round", dtype=np.int64)
        return m, m.copy()
    raise InvalidValueError("convention", convention, one_of(CONVENTIONS))


def read_bks_row(path: Path, instance: str) -> BksRow | None:
    """The row of ``instance`` in the BKS table ``path`` (``None`` if absent or blank).

    Raises
    ------
    DatasetFormatError
        When the table lacks the standard columns or a value is not a number.
    """
    if not path.exists():
        return None
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        needed = {"instance", "bks_value", "vehicles_if_known"}
        if reader.fieldnames is None or not needed <= set(reader.fieldnames):
            raise DatasetFormatError(path, 1, f"a CSV header with columns {sorted(needed)}")
        for lineno, row in enumerate(reader, start=2):
            if row["instance"].strip().lower() != instance.lower():
                continue
            raw = (row["bks_value"] or "").strip()
            if not raw:
                return None
            try:
                value = float(raw)
                vehicles = int(row["vehicles_if_known"]) if row["vehicles_if_known"] else None
            except ValueError:
                raise DatasetFormatError(path, lineno, "a numeric bks_value") from None
            if not math.isfinite(value):
                raise DatasetFormatError(path, lineno, "a finite bks_value")
            return BksRow(instance, value, vehicles, row.get("source", ""), path.name)
    return None


def exact_distance(problem: RoutingProblem, routes: list[tuple[str, list[str]]]) -> float:
    """Full-precision Euclidean length of ``routes`` (vehicle id, stop ids) in the set's
    units, depot to depot: what a full-precision BKS table measures. The ``"exact"``
    matrices hold each arc rounded to a hundredth, whose sum drifts from it by a few
    hundredths (lc101's BKS routes: 829.01 on the matrix, 828.9369 exact).
    """
    where = {s.id: s.location for s in problem.stops}
    depots = {d.id: d.location for d in problem.depots}
    vehicles = {v.id: v for v in problem.vehicles}
    total = 0.0
    for vehicle_id, stop_ids in routes:
        if not stop_ids:
            continue
        v = vehicles[vehicle_id]
        points = [depots[v.start_depot], *(where[s] for s in stop_ids)]
        if v.end_depot is not None:
            points.append(depots[v.end_depot])
        total += sum(
            math.dist((a.x, a.y), (b.x, b.y)) for a, b in zip(points, points[1:], strict=False)
        )
    return total
