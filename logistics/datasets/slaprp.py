"""Reader for the SLAPRP instances of Prunet et al. (``datasets/slaprp_prunet``).

Format (plain text, whitespace separated, one record per line)::

    aisles cells_per_aisle          # line 1
    p1 p2 [p3]                      # line 2: layout parameters (silva: w_a w_c)
    n_skus                          # line 3: = 2 * aisles * cells (a cell has two sides)
    n_orders                        # line 4
    k_1 ... k_n_orders              # line 5: lines of each order
    sku ... sku                     # n_orders lines, order o lists k_o SKU ids in 1..n_skus
    sku loc                         # optional trailing pairs: fixed positions,
                                    # loc a cell id in 1..aisles*cells (upstream parser)

Cells are numbered aisle by aisle (``loc = (aisle - 1) * cells + cell``). The
instances carry no order times; :func:`slaprp_history` stamps orders by their
position in the file. No best-known values ship with the set.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from logistics.datasets.catalog import dataset
from logistics.domain.layout import WarehouseLayout
from logistics.domain.slotting import PastOrder, SlotSku
from logistics.errors import DatasetFormatError

__all__ = ["SlaprpInstance", "read_slaprp", "slaprp_files", "slaprp_history", "slaprp_layout"]

DATASET = "slaprp_prunet"


@dataclass(frozen=True)
class SlaprpInstance:
    """One SLAPRP instance.

    Attributes
    ----------
    name
        ``<family>/<file stem>``.
    family
        ``"silva"`` or ``"guo"``.
    aisles, cells
        Aisles and cells per aisle (each cell has a left and a right slot).
    layout_params
        The numbers of line 2 as given (silva: aisle and cell distances).
    n_skus
        SKUs (ids 1..n_skus).
    orders
        Each order's SKU ids (1-based, as in the file).
    fixed_positions
        ``(sku, cell)`` pairs from the trailing lines (1-based).
    """

    name: str
    family: str
    aisles: int
    cells: int
    layout_params: tuple[int, ...]
    n_skus: int
    orders: tuple[tuple[int, ...], ...]
    fixed_positions: tuple[tuple[int, int], ...]
    path: Path


def slaprp_files(family: str | None = None) -> list[Path]:
    """Every instance file, or those of ``"silva"`` / ``"guo"``."""
    root = dataset(DATASET).folder / "instances"
    if family is None:
        return sorted(root.glob("*/*.txt"))
    return sorted((root / f"{family}_small").glob("*.txt"))


def _ints(path: Path, lineno: int, text: str, expected: str) -> list[int]:
    try:
        return [int(t) for t in text.split()]
    except ValueError:
        raise DatasetFormatError(path, lineno, expected) from None


def read_slaprp(path: str | Path) -> SlaprpInstance:
    """Read one instance file; a malformed file raises DatasetFormatError (file, line)."""
    path = Path(path)
    try:
        raw = path.read_text().split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetFormatError(path, 0, f"a readable text file ({exc})") from None
    lines = [ln.strip() for ln in raw]
    while lines and not lines[-1]:
        lines.pop()

    def line(k: int, expected: str) -> list[int]:
        if k >= len(lines) or not lines[k]:
            raise DatasetFormatError(path, k + 1, expected)
        return _ints(path, k + 1, lines[k], expected)

    head = line(0, "'aisles cells_per_aisle'")
    if len(head) != 2 or min(head) < 1:
        raise DatasetFormatError(path, 1, "two positive integers 'aisles cells_per_aisle'")
    aisles, cells = head
    params = line(1, "layout parameters (integers)")
    if not 2 <= len(params) <= 3:
        raise DatasetFormatError(path, 2, "two or three layout parameters")
    n_sku = line(2, "the number of SKUs")
    if len(n_sku) != 1 or n_sku[0] != 2 * aisles * cells:
        raise DatasetFormatError(path, 3, f"the number of SKUs = 2 * {aisles} * {cells}")
    n_ord = line(3, "the number of orders")
    if len(n_ord) != 1 or n_ord[0] < 1:
        raise DatasetFormatError(path, 4, "a positive number of orders")
    n_skus, n_orders = n_sku[0], n_ord[0]
    sizes = line(4, f"{n_orders} order sizes")
    if len(sizes) != n_orders or min(sizes) < 1:
        raise DatasetFormatError(path, 5, f"{n_orders} positive order sizes")
    orders = []
    for o in range(n_orders):
        k = 5 + o
        skus = line(k, f"order {o + 1}: {sizes[o]} SKU ids")
        if len(skus) != sizes[o] or not all(1 <= s <= n_skus for s in skus):
            raise DatasetFormatError(
                path, k + 1, f"order {o + 1}: {sizes[o]} SKU ids in 1..{n_skus}"
            )
        if len(set(skus)) != len(skus):
            raise DatasetFormatError(path, k + 1, f"order {o + 1}: distinct SKU ids")
        orders.append(tuple(skus))
    fixed = []
    n_cells = aisles * cells
    for k in range(5 + n_orders, len(lines)):
        pair = line(k, "a fixed position 'sku cell'")
        if len(pair) != 2 or not 1 <= pair[0] <= n_skus or not 1 <= pair[1] <= n_cells:
            raise DatasetFormatError(
                path, k + 1, f"a fixed position 'sku cell' (sku 1..{n_skus}, cell 1..{n_cells})"
            )
        fixed.append((pair[0], pair[1]))
    family = "silva" if path.name.startswith("SLAP-PRP") else "guo"
    return SlaprpInstance(
        name=f"{family}/{path.stem}",
        family=family,
        aisles=aisles,
        cells=cells,
        layout_params=tuple(params),
        n_skus=n_skus,
        orders=tuple(orders),
        fixed_positions=tuple(fixed),
        path=path,
    )


def slaprp_layout(inst: SlaprpInstance) -> WarehouseLayout:
    """A single-block layout of the instance: unit cells (1 m), 2 m aisles, depot front-left.

    Slot ``A{a:02d}-{L|R}{c:03d}-0`` is cell ``c`` (0-based) of aisle ``a``; the
    instances' own distance parameters are kept in ``layout_params``.
    """
    return WarehouseLayout.single_block(
        aisles=inst.aisles,
        slots_per_side=inst.cells,
        slot_length_m=1.0,
        rack_depth_m=0.5,
        aisle_width_m=2.0,
        cross_aisle_width_m=2.0,
        depot="left",
        name=f"slaprp-{inst.aisles}x{inst.cells}",
    )


def slaprp_history(inst: SlaprpInstance) -> tuple[tuple[SlotSku, ...], tuple[PastOrder, ...]]:
    """SKUs ``"1"..n`` and the orders as a history stamped one minute apart in file order."""
    skus = tuple(SlotSku(str(i)) for i in range(1, inst.n_skus + 1))
    history = tuple(
        PastOrder(str(k), 60 * k, tuple(str(s) for s in o)) for k, o in enumerate(inst.orders)
    )
    return skus, history
