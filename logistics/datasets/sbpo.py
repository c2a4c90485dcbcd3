"""Reader for the SBPO 2025 wave-picking instances (``datasets/wave_picking_sbpo2025``).

Format (plain text, whitespace separated)::

    o i a                      # orders, distinct items, aisles
    k item_1 qty_1 ... item_k qty_k     # o lines, one per order
    k item_1 qty_1 ... item_k qty_k     # a lines, one per aisle (stock)
    LB UB                      # bounds on the wave size in units

The reference objectives shipped beside the instances are values published by
a participating team, not official results; they are returned as
:class:`SbpoReference` so callers can say so.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from logistics.datasets.catalog import dataset
from logistics.domain.wave_selection import MAX_BOUND, MAX_UNITS, WaveSelectionProblem
from logistics.errors import DatasetFormatError, InvalidValueError

__all__ = [
    "SbpoReference",
    "load_sbpo_instance",
    "read_sbpo",
    "read_sbpo_references",
    "sbpo_reference",
    "sbpo_files",
]

DATASET = "wave_picking_sbpo2025"


@dataclass(frozen=True, slots=True)
class SbpoReference:
    """A participant's published objective for one instance (unofficial, unverified).

    Parameters
    ----------
    instance
        Path relative to ``instances/``, e.g. ``"dataset_a/instance_0001.txt"``.
    objective
        Units per aisle reported by the participant.
    source
        Where the value comes from.
    """

    instance: str
    objective: float
    source: str


def _ints(path: Path, lineno: int, text: str, expected: str) -> list[int]:
    try:
        return [int(tok) for tok in text.split()]
    except ValueError:
        raise DatasetFormatError(path, lineno, expected) from None


def _sparse_row(
    path: Path, lineno: int, text: str, n_items: int, what: str
) -> tuple[tuple[int, int], ...]:
    expected = f"{what}: 'k item_1 units_1 ... item_k units_k' with integers"
    vals = _ints(path, lineno, text, expected)
    if not vals:
        raise DatasetFormatError(path, lineno, expected + " (line is empty)")
    k = vals[0]
    if k < 0 or len(vals) != 1 + 2 * k:
        raise DatasetFormatError(
            path, lineno, f"{what}: k={k} followed by {2 * max(k, 0)} numbers, got {len(vals) - 1}"
        )
    pairs: list[tuple[int, int]] = []
    seen: set[int] = set()
    for j in range(k):
        item, units = vals[1 + 2 * j], vals[2 + 2 * j]
        if not 0 <= item < n_items:
            raise DatasetFormatError(path, lineno, f"{what}: item in [0, {n_items}), got {item}")
        if not 1 <= units <= MAX_UNITS:
            raise DatasetFormatError(
                path, lineno, f"{what}: units >= 1 and <= {MAX_UNITS} for item {item}, got {units}"
            )
        if item in seen:
            raise DatasetFormatError(path, lineno, f"{what}: item {item} listed once")
        seen.add(item)
        pairs.append((item, units))
    pairs.sort()
    return tuple(pairs)


def read_sbpo(path: str | Path, name: str | None = None) -> WaveSelectionProblem:
    """Read one SBPO 2025 instance file.

    Parameters
    ----------
    path
        The ``.txt`` instance.
    name
        Label of the problem; defaults to ``<parent folder>/<file stem>``.

    Returns
    -------
    WaveSelectionProblem

    Raises
    ------
    DatasetFormatError
        Naming the file, the 1-based line and what was expected there.
    """
    path = Path(path)
    try:
        raw = path.read_text()
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetFormatError(path, 0, f"a readable text file ({exc})") from None
    lines = raw.splitlines()
    # Trailing blank lines are tolerated; blank lines inside the file are not.
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise DatasetFormatError(path, 1, "header 'orders items aisles'")
    header = _ints(path, 1, lines[0], "header 'orders items aisles' (3 integers)")
    if len(header) != 3 or min(header) < 0:
        raise DatasetFormatError(path, 1, "header 'orders items aisles' (3 integers >= 0)")
    n_orders, n_items, n_aisles = header
    needed = 1 + n_orders + n_aisles + 1
    if len(lines) < needed:
        raise DatasetFormatError(
            path,
            len(lines) + 1,
            f"{needed} lines ({n_orders} orders, {n_aisles} aisles, then 'LB UB'), "
            f"file ends after {len(lines)}",
        )
    if len(lines) > needed:
        raise DatasetFormatError(path, needed + 1, "end of file after the 'LB UB' line")
    orders = tuple(
        _sparse_row(path, 2 + k, lines[1 + k], n_items, f"order {k}") for k in range(n_orders)
    )
    aisles = tuple(
        _sparse_row(path, 2 + n_orders + k, lines[1 + n_orders + k], n_items, f"aisle {k}")
        for k in range(n_aisles)
    )
    bounds = _ints(path, needed, lines[needed - 1], "'LB UB' (2 integers)")
    if len(bounds) != 2 or bounds[0] < 0 or not bounds[0] <= bounds[1] <= MAX_BOUND:
        raise DatasetFormatError(path, needed, f"'LB UB' with 0 <= LB <= UB <= {MAX_BOUND}")
    if name is None:
        name = f"{path.parent.name}/{path.stem}"
    try:
        return WaveSelectionProblem(
            orders=orders,
            aisles=aisles,
            n_items=n_items,
            lb=bounds[0],
            ub=bounds[1],
            name=name,
        )
    except InvalidValueError as exc:  # pragma: no cover - rows are checked above
        raise DatasetFormatError(path, 0, str(exc)) from None


def read_sbpo_references(path: str | Path | None = None) -> dict[str, SbpoReference]:
    """The participant reference table, keyed by ``dataset_x/instance_nnnn.txt``."""
    path = (
        Path(path)
        if path is not None
        else dataset(DATASET).folder / ("reference_objectives_participant.csv")
    )
    out: dict[str, SbpoReference] = {}
    with path.open(newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or not {"instance", "bks_value"} <= set(reader.fieldnames):
            raise DatasetFormatError(path, 1, "header with 'instance' and 'bks_value'")
        for lineno, row in enumerate(reader, start=2):
            try:
                value = float(row["bks_value"])
            except (TypeError, ValueError):
                raise DatasetFormatError(path, lineno, "a number in 'bks_value'") from None
            out[row["instance"]] = SbpoReference(row["instance"], value, row.get("source") or "")
    return out


def sbpo_reference(path: str | Path) -> SbpoReference | None:
    """The participant reference for instance file ``path``, or ``None`` if not listed."""
    path = Path(path)
    return read_sbpo_references().get(f"{path.parent.name}/{path.name}")


def sbpo_files(subset: str | None = None) -> list[Path]:
    """Instance files, all or one of ``"a"``/``"b"`` (``dataset_a`` / ``dataset_b``)."""
    root = dataset(DATASET).folder / "instances"
    if subset is None:
        return sorted(root.glob("dataset_*/*.txt"))
    key = subset.lower().removeprefix("dataset_")
    if key not in {"a", "b"}:
        raise InvalidValueError("subset", subset, "one of 'a', 'b'")
    return sorted((root / f"dataset_{key}").glob("*.txt"))


def load_sbpo_instance(path: str | Path) -> tuple[WaveSelectionProblem, SbpoReference | None]:
    """Read instance ``path`` and its participant reference row (``None`` when not listed)."""
    return read_sbpo(path), sbpo_reference(path)
