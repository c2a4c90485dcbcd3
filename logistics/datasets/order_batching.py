"""Readers for the order-batching instances in ``datasets/order_batching_obp``.

Two families, in their original text formats (see each folder's ``FORMAT.md``):

* **Albareda et al. (2009), W1-W4**: ``wsrp_input_pedido_<wh>_<id>.txt`` (orders:
  due date, then per line aisle, side, position, weight, item id) with its
  ``wsrp_input_layout_<wh>_<id>.txt`` (aisles, shelf length, aisle width, picker
  capacity, depot at the bottom left or centre). Capacity is in *weight*.
* **Henn et al. (2010) / Henn & Wäscher (2012), W5A and W5B**:
  ``<setting>[s|l]-<orders>-<capacity>-<id>.txt`` (orders of articles at
  ``Aisle k`` = aisle ``k // 2``, side ``k % 2``, ``Location`` 0..44) with its
  ``sett<setting>.txt``. Capacity is in *articles* (items).

Modelling choices (the sources do not say more):

* Albareda: aisle centre lines at the file's "distance to origin"; an aisle is
  ``shelf length`` long between the front and back cross-aisle centre lines and a
  line's ``position`` is measured from the front one; the depot is the origin
  of the file's aisle distances (side -1: left of it), on the front cross-aisle
  (in front of the first aisle for ``0``, in the middle for ``1``). Weights are
  multiplied by 1000 (grams), as is the capacity. Slots are
  the items the orders reference (``I<item id>``); an item id that appears at two
  locations is a format error. Due dates are read as milliseconds (like the
  arrival-time files) and become ``cutoff_s``.
* Henn: aisle pitch ``aisle width + 2 * cell width`` (5 m), a cross-aisle as wide as
  an aisle at both ends (so 1 m is walked to reach the first cell centre), cell
  ``k`` centred at ``1 + (k + 0.5) * cell length`` m, depot in front of the
  leftmost aisle, ``dis_ais_wa`` metres from the front cross-aisle centre line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from logistics.datasets.catalog import instance_files
from logistics.domain.layout import Side, Slot, WarehouseLayout, mm
from logistics.domain.picking import PickLine, PickOrder
from logistics.errors import DatasetFormatError, quoted

__all__ = [
    "ObpInstance",
    "read_obp_instance",
    "read_albareda",
    "read_henn",
    "read_arrival_times",
    "obp_instances",
    "instance_class",
]

_HENN_NAME = re.compile(r"^(\d+)([sl])-(\d+)-(\d+)-(\d+)\.txt$")
_ALBAREDA_NAME = re.compile(r"^wsrp_input_pedido_(\d\d)_(\d{3})\.txt$")


@dataclass(frozen=True)
class ObpInstance:
    """One order-batching instance.

    Attributes
    ----------
    name
        Unique name, e.g. ``"W1/50/01_000"`` or ``"W5A/abc1/29s-40-30-0"``.
    family
        ``"albareda"`` or ``"henn"``.
    instance_class
        Reporting class: ``"W1"``..``"W4"``, ``"W5A"``, ``"W5B"``.
    layout
        The warehouse.
    orders
        Orders in file order (ids ``"0"``, ``"1"``, ...).
    capacity
        Cart capacity, in ``capacity_kind`` units.
    capacity_kind
        ``"weight_g"`` (Albareda) or ``"items"`` (Henn).
    path
        The order file.
    """

    name: str
    family: str
    instance_class: str
    layout: WarehouseLayout
    orders: tuple[PickOrder, ...]
    capacity: int
    capacity_kind: str
    path: Path


def instance_class(path: Path) -> str:
    """``"W1"``..``"W4"`` for Albareda files, ``"W5A"``/``"W5B"`` for Henn files."""
    m = _ALBAREDA_NAME.match(path.name)
    if m:
        return f"W{int(m.group(1))}"
    return "W5B" if "henn_W5B" in path.parts else "W5A"


def obp_instances(classes: tuple[str, ...] | None = None) -> list[Path]:
    """Order files of the catalogued set, optionally only the given classes."""
    files = instance_files("order_batching_obp")
    if classes:
        files = [f for f in files if instance_class(f) in classes]
    return files


def read_obp_instance(path: str | Path) -> ObpInstance:
    """Read an Albareda or Henn order file (and its layout/settings file)."""
    path = Path(path)
    if _ALBAREDA_NAME.match(path.name):
        return read_albareda(path)
    if _HENN_NAME.match(path.name):
        return read_henn(path)
    raise DatasetFormatError(path, 0, "an Albareda 'wsrp_input_pedido_*' or Henn order file name")


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="latin-1").splitlines()
    except OSError as exc:
        raise DatasetFormatError(path, 0, f"a readable file ({exc.strerror})") from None


def _numbers(path: Path, lines: list[str], i: int, count: int, what: str) -> list[float]:
    """Line ``i`` (0-based) as ``count`` numbers or more."""
    if i >= len(lines):
        raise DatasetFormatError(path, i + 1, f"{what} (file ends early)")
    parts = lines[i].split()
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise DatasetFormatError(path, i + 1, what) from None
    if len(values) < count:
        raise DatasetFormatError(path, i + 1, what)
    return values


def _int(path: Path, line: int, value: float, what: str) -> int:
    if value != int(value):
        raise DatasetFormatError(path, line, f"{what} as an integer")
    return int(value)


def read_albareda(path: str | Path) -> ObpInstance:
    """Read ``wsrp_input_pedido_<wh>_<id>.txt`` and its layout file."""
    path = Path(path)
    m = _ALBAREDA_NAME.match(path.name)
    if not m:
        raise DatasetFormatError(path, 0, "a file named wsrp_input_pedido_<wh>_<id>.txt")
    lay_path = path.with_name(f"wsrp_input_layout_{m.group(1)}_{m.group(2)}.txt")
    lay = _lines(lay_path)
    n_aisles_f, _n_items = _numbers(lay_path, lay, 1, 2, "'<aisles> <items>'")[:2]
    n_aisles = _int(lay_path, 2, n_aisles_f, "number of aisles")
    depot_kind = _int(lay_path, 4, _numbers(lay_path, lay, 3, 1, "depot position")[0], "depot")
    shelf_len, _shelf_w = _numbers(lay_path, lay, 7, 2, "'<shelf length> <shelf width>'")[:2]
    aisle_w = _numbers(lay_path, lay, 9, 1, "aisle width")[0]
    capacity = _numbers(lay_path, lay, 11, 1, "picker capacity")[0]
    pick_time = _numbers(lay_path, lay, 13, 1, "picking time")[0]
    if depot_kind not in (0, 1):
        raise DatasetFormatError(lay_path, 4, "depot position 0 (left) or 1 (centre)")
    xs: list[int] = []
    for a in range(n_aisles):
        vals = _numbers(lay_path, lay, 17 + a, 4, "'<aisle> <dist right> <dist left> <side>'")
        if int(vals[0]) != a:
            raise DatasetFormatError(lay_path, 18 + a, f"aisle number {a}")
        if vals[3] not in (-1.0, 0.0, 1.0):
            raise DatasetFormatError(lay_path, 18 + a, "side -1 (left of the depot), 0 or 1")
        xs.append(mm(vals[1]) * (-1 if vals[3] < 0 else 1))
    if 17 + n_aisles >= len(lay) or lay[17 + n_aisles].split()[:1] != ["9999"]:
        raise DatasetFormatError(lay_path, 18 + n_aisles, "the end marker 9999")
    length = mm(shelf_len)

    lines = _lines(path)
    n_orders = _int(path, 2, _numbers(path, lines, 1, 1, "number of orders")[0], "orders")
    i = 3
    items: dict[int, tuple[int, int, int]] = {}
    orders: list[PickOrder] = []
    for k in range(n_orders):
        head = _numbers(path, lines, i, 2, f"'<due date> <lines>' of order {k}")
        due, n_lines = head[0], _int(path, i + 1, head[1], "number of lines")
        i += 1
        order_lines: list[PickLine] = []
        for _ in range(n_lines):
            v = _numbers(path, lines, i, 5, "'<aisle> <side> <position> <weight> <item id>'")
            aisle, side, item = int(v[0]), int(v[1]), int(v[4])
            pos = mm(v[2])
            if not 0 <= aisle < n_aisles or side not in (0, 1) or not 0 <= pos <= length:
                raise DatasetFormatError(path, i + 1, "an item inside the layout")
            loc = (aisle, side, pos)
            if items.setdefault(item, loc) != loc:
                raise DatasetFormatError(path, i + 1, f"item {item} at its earlier location")
            order_lines.append(PickLine(f"I{item}", 1, weight_g=mm(v[3])))
            i += 1
        orders.append(PickOrder(str(k), tuple(order_lines), cutoff_s=int(round(due / 1000.0))))
    for j in range(i, len(lines)):
        if lines[j].strip():
            raise DatasetFormatError(path, j + 1, f"end of file after {n_orders} orders")
    slots = tuple(
        Slot(f"I{item}", aisle, pos, Side.LEFT if side == 0 else Side.RIGHT)
        for item, (aisle, side, pos) in sorted(items.items())
    )
    layout = WarehouseLayout(
        aisle_x_mm=tuple(xs),
        cross_aisle_y_mm=(0, length),
        slots=slots,
        depot_x_mm=0,
        aisle_width_mm=mm(aisle_w),
        cross_aisle_width_mm=mm(aisle_w),
        pick_time_s=pick_time,
        name=f"albareda-W{int(m.group(1))}-{m.group(2)}",
    )
    wh = f"W{int(m.group(1))}"
    return ObpInstance(
        name=f"{wh}/{path.parent.name}/{m.group(1)}_{m.group(2)}",
        family="albareda",
        instance_class=wh,
        layout=layout,
        orders=tuple(orders),
        capacity=mm(capacity),
        capacity_kind="weight_g",
        path=path,
    )


_SETT_KEYS = ("no_aisles_", "no_cells__", "cell_lengt", "cell_width", "aisle_widt", "dis_ais_wa")


def _read_sett(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for n, line in enumerate(_lines(path), start=1):
        if ":" in line:
            key, _, value = line.partition(":")
            out[key.strip()] = value.strip()
        elif not out or "chaotical_" in out:
            if not out:
                raise DatasetFormatError(path, n, "'<key>: <value>'")
            break
    for key in (*_SETT_KEYS, "m_no_a_p_b", "no_orders_"):
        if key not in out:
            raise DatasetFormatError(path, 0, f"the setting {quoted(key)}")
    return out


@lru_cache(maxsize=8)
def _henn_layout(
    n_aisles: int, n_cells: int, cell_len: float, cell_w: float, aisle_w: float, depot_d: float
) -> WarehouseLayout:
    return WarehouseLayout.single_block(
        aisles=n_aisles,
        slots_per_side=n_cells,
        slot_length_m=cell_len,
        rack_depth_m=cell_w,
        aisle_width_m=aisle_w,
        cross_aisle_width_m=aisle_w,
        depot="left",
        depot_offset_m=depot_d,
        name=f"henn-{n_aisles}x{n_cells}",
    )


def read_henn(path: str | Path) -> ObpInstance:
    """Read a Henn order file ``<setting>[s|l]-<orders>-<capacity>-<id>.txt`` and its settings."""
    path = Path(path)
    m = _HENN_NAME.match(path.name)
    if not m:
        raise DatasetFormatError(path, 0, "a file named <setting>[s|l]-<orders>-<cap>-<id>.txt")
    sett_path = path.with_name(f"sett{m.group(1)}.txt")
    sett = _read_sett(sett_path)
    try:
        n_aisles = int(sett["no_aisles_"])
        n_cells = int(sett["no_cells__"])
        cell_len = float(sett["cell_lengt"])
        cell_w = float(sett["cell_width"])
        aisle_w = float(sett["aisle_widt"])
        depot_d = float(sett["dis_ais_wa"])
        sett_cap = int(sett["m_no_a_p_b"])
    except ValueError:
        raise DatasetFormatError(sett_path, 0, "numeric warehouse settings") from None
    n_orders, capacity = int(m.group(3)), int(m.group(4))
    if sett_cap != capacity:
        raise DatasetFormatError(sett_path, 0, f"capacity m_no_a_p_b = {capacity} as in the name")
    layout = _henn_layout(n_aisles, n_cells, cell_len, cell_w, aisle_w, depot_d)
    lines = _lines(path)
    head = re.compile(r"^Order\s+(\d+)\s+number of articles\s+(\d+)\s*$")
    art = re.compile(r"^(\d+)\s+Aisle\s+(\d+)\s+Location\s+(\d+)\s*$")
    orders: list[PickOrder] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        h = head.match(lines[i])
        if not h or int(h.group(1)) != len(orders):
            raise DatasetFormatError(path, i + 1, f"'Order {len(orders)}\tnumber of articles <n>'")
        n_art = int(h.group(2))
        qty: dict[str, int] = {}
        for j in range(n_art):
            a = art.match(lines[i + 1 + j]) if i + 1 + j < len(lines) else None
            if not a or int(a.group(1)) != j:
                raise DatasetFormatError(path, i + 2 + j, f"'{j}\tAisle <k>\tLocation <l>'")
            k, loc = int(a.group(2)), int(a.group(3))
            if not 0 <= k < 2 * n_aisles or not 0 <= loc < n_cells:
                raise DatasetFormatError(path, i + 2 + j, "an aisle and location inside the layout")
            sid = f"A{k // 2:02d}-{'L' if k % 2 == 0 else 'R'}{loc:03d}-0"
            qty[sid] = qty.get(sid, 0) + 1
        if n_art == 0:
            raise DatasetFormatError(path, i + 1, "an order with at least one article")
        orders.append(PickOrder(str(len(orders)), tuple(PickLine(s, q) for s, q in qty.items())))
        i += 1 + n_art
    if len(orders) != n_orders:
        raise DatasetFormatError(path, len(lines), f"{n_orders} orders as in the file name")
    folder = path.parent.name
    cls = "W5B" if path.parent.parent.name == "henn_W5B" else "W5A"
    return ObpInstance(
        name=f"{cls}/{folder}/{path.stem}",
        family="henn",
        instance_class=cls,
        layout=layout,
        orders=tuple(orders),
        capacity=capacity,
        capacity_kind="items",
        path=path,
    )


def read_arrival_times(path: str | Path) -> tuple[int, ...]:
    """Arrival times (ms) of ``TiemposOrders_<E|U>_<n>_H<h>.txt``: one per order, cumulative.

    The file lists the gap before each next order (ms) followed by one trailing
    value the format does not explain (every shipped file has ``n + 1`` values);
    the result is each of the ``n`` orders' arrival time since the start (ms).
    """
    path = Path(path)
    lines = _lines(path)
    if len(lines) < 2 or ":" not in lines[0] or ":" not in lines[1]:
        raise DatasetFormatError(path, 1, "the two header lines '<label>: <n>'")
    try:
        n = int(lines[1].split(":")[1])
    except ValueError:
        raise DatasetFormatError(path, 2, "'Numero de pedidos entregados: <n>'") from None
    out: list[int] = []
    t = 0
    for j, line in enumerate(lines[2:], start=3):
        if not line.strip():
            continue
        try:
            t += int(line.strip())
        except ValueError:
            raise DatasetFormatError(path, j, "an integer number of milliseconds") from None
        out.append(t)
    if len(out) != n + 1:
        raise DatasetFormatError(path, len(lines), f"{n + 1} values ({n} orders + 1)")
    return tuple(out[:n])
