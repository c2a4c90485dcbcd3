"""Reader for OR-Library capacitated warehouse location files (Beasley).

Format (``datasets/orlib_cap_warehouse_location/PROVENANCE.md``)::

    m n
    capacity fixed_cost          # m lines (capa/capb/capc: the word "capacity")
    demand c_1j c_2j ... c_mj    # n blocks; numbers may wrap over several lines

``c_ij`` is the cost of allocating **all** of customer ``j``'s demand to
warehouse ``i``. The published optima (``capopt.txt``, ``bks.csv``) are for the
split-demand model. capa/capb/capc need a capacity setting (``--capacity``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from logistics.datasets.catalog import dataset
from logistics.domain.facility import SOLVER_INFINITY, FacilityLocationProblem
from logistics.errors import DatasetFormatError, InvalidValueError, quoted

__all__ = [
    "OrlibCapInstance",
    "OrlibCapCase",
    "read_orlib_cap",
    "orlib_cap_cases",
    "orlib_cap_bks",
    "read_capopt",
    "CAPACITY_SETTINGS",
]

DATASET = "orlib_cap_warehouse_location"

#: The capacity settings of the large instances (OR-Library capopt.txt).
CAPACITY_SETTINGS: dict[str, tuple[int, ...]] = {
    "capa": (8000, 10000, 12000, 14000),
    "capb": (5000, 6000, 7000, 8000),
    "capc": (5000, 5750, 6500, 7250),
}

_PLACEHOLDER = "capacity"


@dataclass(frozen=True)
class OrlibCapInstance:
    """One OR-Library case: the problem, its name and best-known (optimal) value.

    Parameters
    ----------
    name
        ``cap41`` or ``capa-8000`` (file stem plus capacity setting).
    problem
        The facility location problem (split-demand optimum = ``bks``).
    bks
        Optimal value from ``bks.csv`` (split demand), ``None`` if unknown.
    path
        The file read.
    capacity
        The capacity setting substituted for every site, if any.
    """

    name: str
    problem: FacilityLocationProblem
    bks: float | None
    path: Path
    capacity: float | None = None


@dataclass(frozen=True)
class OrlibCapCase:
    """A benchmark case from ``bks.csv``: file, capacity setting and optimum."""

    name: str
    path: Path
    capacity: float | None
    bks: float


def _tokens(path: Path) -> Iterator[tuple[str, int]]:
    try:
        fh = path.open(encoding="ascii", errors="replace")
    except OSError as exc:  # missing, a folder, unreadable: as the other readers say it
        raise DatasetFormatError(path, 0, f"a readable text file ({exc})") from None
    with fh:
        for lineno, line in enumerate(fh, start=1):
            for tok in line.split():
                yield tok, lineno


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._it = _tokens(path)
        self.line = 0

    def next(self, expected: str) -> str:
        try:
            tok, self.line = next(self._it)
        except StopIteration:
            raise DatasetFormatError(
                self.path, self.line + 1, f"{expected}, got end of file"
            ) from None
        return tok

    def number(self, expected: str, *, integer: bool = False) -> float:
        tok = self.next(expected)
        try:
            value = int(tok) if integer else float(tok)
        except ValueError:
            raise DatasetFormatError(
                self.path, self.line, f"{expected}, got {quoted(tok)}"
            ) from None
        # an int is always finite (np.isfinite refuses one past 64 bits: a TypeError)
        if (not integer and not np.isfinite(value)) or value < 0:
            raise DatasetFormatError(self.path, self.line, f"{expected} >= 0, got {quoted(tok)}")
        return value

    def block(self, count: int, expected: str) -> np.ndarray:
        """The next ``count`` numbers (fast path; on error, the exact token is named)."""
        toks: list[str] = []
        lines: list[int] = []
        for _ in range(count):
            item = next(self._it, None)
            if item is None:
                raise DatasetFormatError(
                    self.path, self.line + 1, f"{count} numbers of {expected}, got end of file"
                )
            toks.append(item[0])
            self.line = item[1]
            lines.append(item[1])
        try:
            values = np.array(toks, dtype=float)
        except ValueError:
            values = None
        if values is None or not np.all(np.isfinite(values) & (values >= 0)):
            for tok, line in zip(toks, lines, strict=True):
                try:
                    v = float(tok)
                except ValueError:
                    v = float("nan")
                if not (np.isfinite(v) and v >= 0):
                    raise DatasetFormatError(
                        self.path, line, f"a number >= 0 ({expected}), got {quoted(tok)}"
                    )
        return values

    def rest(self) -> tuple[str, int] | None:
        return next(self._it, None)


def read_orlib_cap(path: str | Path, capacity: float | None = None) -> OrlibCapInstance:
    """Read one OR-Library ``cap*.txt`` file.

    Parameters
    ----------
    path
        The instance file.
    capacity
        Capacity of every site. Required for capa/capb/capc (whose files say
        ``capacity``); for the other files it replaces the listed capacities.

    Returns
    -------
    OrlibCapInstance
        The problem and, when the case is in ``bks.csv``, its optimal value.

    Raises
    ------
    DatasetFormatError
        Naming file and line: a missing or non-numeric value, a negative
        number, or text after the last customer; line 0 when the file cannot be read.
    InvalidValueError
        ``capacity`` missing for a file that needs it, or not positive and below
        ``SOLVER_INFINITY`` (1e20).
    """
    path = Path(path)
    if capacity is not None and (
        isinstance(capacity, bool)
        or not isinstance(capacity, int | float)
        or not 0 < capacity < SOLVER_INFINITY
    ):
        raise InvalidValueError(
            "capacity", capacity, f"expected a positive number below {SOLVER_INFINITY:g}"
        )
    r = _Reader(path)
    m = int(r.number("number of warehouses m (integer)", integer=True))
    n = int(r.number("number of customers n (integer)", integer=True))
    if m < 1 or n < 1:
        raise DatasetFormatError(path, r.line, "m >= 1 warehouses and n >= 1 customers")
    # lists, grown as the file goes: a header's m is not trusted with an allocation (a
    # file saying m = 10**12 ends at its last line, not in a MemoryError)
    cap_list: list[float] = []
    fixed_list: list[float] = []
    placeholder = False
    for i in range(m):
        tok = r.next(f"capacity of warehouse {i + 1}")
        if tok.lower() == _PLACEHOLDER:
            placeholder = True
            cap = np.nan
        else:
            try:
                cap = float(tok)
            except ValueError:
                raise DatasetFormatError(
                    path,
                    r.line,
                    f"capacity of warehouse {i + 1} (a number or 'capacity'), got {quoted(tok)}",
                ) from None
            if not np.isfinite(cap) or cap < 0:
                raise DatasetFormatError(
                    path, r.line, f"capacity of warehouse {i + 1} >= 0, got {quoted(tok)}"
                )
        cap_list.append(cap)
        fixed_list.append(r.number(f"fixed cost of warehouse {i + 1}"))
    caps = np.array(cap_list)
    fixed = np.array(fixed_list)
    block = r.block(n * (m + 1), "demand and allocation costs")
    demands = block[:: m + 1].copy()
    costs = np.delete(block.reshape(n, m + 1), 0, axis=1).T.copy()
    extra = r.rest()
    if extra is not None:
        tok, line = extra
        raise DatasetFormatError(path, line, f"end of file after {n} customers, got {quoted(tok)}")
    if placeholder and capacity is None:
        settings = CAPACITY_SETTINGS.get(path.stem.lower())
        hint = f" (the OR-Library settings are {', '.join(map(str, settings))})" if settings else ""
        raise InvalidValueError(
            "capacity", None, f"{path.name} leaves capacities open: give a capacity{hint}"
        )
    original = caps.copy()
    if capacity is not None:
        caps[:] = float(capacity)
    name = path.stem if capacity is None else f"{path.stem}-{_fmt(capacity)}"
    problem = FacilityLocationProblem(
        capacities=caps,
        fixed_costs=fixed,
        demands=demands,
        assignment_costs=costs,
        name=name,
    )
    bks: float | None = None
    table = orlib_cap_bks()
    if placeholder:
        bks = table.get(name)
    elif capacity is None or np.allclose(original, float(capacity)):
        bks = table.get(path.stem)
    return OrlibCapInstance(
        name=name if placeholder or capacity is None else name,
        problem=problem,
        bks=bks,
        path=path,
        capacity=None if capacity is None else float(capacity),
    )


def _fmt(capacity: float) -> str:
    return str(int(capacity)) if float(capacity).is_integer() else str(capacity)


def _folder() -> Path:
    return dataset(DATASET).folder


def orlib_cap_bks(folder: Path | None = None) -> dict[str, float]:
    """``{case name: optimal value}`` from ``bks.csv`` (``cap41``, ``capa-8000``, ...)."""
    path = (folder or _folder()) / "bks.csv"
    if not path.exists():
        return {}
    out: dict[str, float] = {}
    with path.open(newline="") as fh:
        reader = csv.DictReader(fh)
        for lineno, row in enumerate(reader, start=2):
            try:
                out[row["instance"]] = float(row["bks_value"])
            except (KeyError, TypeError, ValueError):
                raise DatasetFormatError(
                    path, lineno, "instance,bks_value,... with a number"
                ) from None
    return out


def read_capopt(path: str | Path | None = None) -> dict[str, float]:
    """Parse OR-Library's own ``capopt.txt`` into ``{case name: optimal value}``."""
    path = Path(path) if path is not None else _folder() / "capopt.txt"
    out: dict[str, float] = {}
    current = ""
    with path.open() as fh:
        for lineno, line in enumerate(fh, start=1):
            parts = line.split()
            if (
                not parts
                or lineno == 1
                or parts[0] == "Note"
                or not any(ch.isdigit() for ch in line)
            ):
                continue
            try:
                if "(capacity" in line:
                    if not parts[0][0].isdigit():
                        current = parts.pop(0)
                    out[f"{current}-{parts[2].rstrip(')')}"] = float(parts[0])
                elif len(parts) == 2:
                    out[parts[0]] = float(parts[1])
                else:
                    continue  # trailing prose
            except (IndexError, ValueError):
                raise DatasetFormatError(
                    path, lineno, "'name value' or 'value (capacity C)'"
                ) from None
    return out


def orlib_cap_cases(folder: Path | None = None) -> list[OrlibCapCase]:
    """The 49 benchmark cases (37 small files, 3 large files x 4 capacities), from ``bks.csv``."""
    folder = folder or _folder()
    cases = []
    with (folder / "bks.csv").open(newline="") as fh:
        for row in csv.DictReader(fh):
            name = row["instance"]
            cap = row.get("capacity_setting") or ""
            stem = name.split("-")[0]
            cases.append(
                OrlibCapCase(
                    name=name,
                    path=folder / "instances" / f"{stem}.txt",
                    capacity=float(cap) if cap else None,
                    bks=float(row["bks_value"]),
                )
            )
    return cases
