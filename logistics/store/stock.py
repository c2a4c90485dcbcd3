"""Master data and stock counters: put, adjust, read (design.md §5).

Every change to a stock row is one SQL statement whose ``WHERE`` clause states
the condition it needs (``available + delta >= 0``...), so two writers can
never both succeed on a condition only one of them can meet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from logistics.domain.catalog import InventoryPosition
from logistics.domain.geo import LatLon
from logistics.domain.network import Warehouse as WarehouseSpec
from logistics.domain.network import WarehouseKind
from logistics.domain.orders import MAX_QUANTITY
from logistics.errors import InvalidValueError
from logistics.store.bulk_writes import refuse_duplicates
from logistics.store.keyset import keyset_page
from logistics.store.models import Sku, Stock, Warehouse, utcnow

__all__ = [
    "StockLevel",
    "StockChange",
    "upsert_warehouses",
    "upsert_skus",
    "put_stock",
    "adjust_stock",
    "read_positions",
    "stock_snapshot",
    "load_warehouses",
]


@dataclass(frozen=True, slots=True)
class StockLevel:
    """Set the units physically on hand of one SKU in one warehouse.

    ``on_hand`` counts held units too: after the put, ``available = on_hand -
    reserved``; it is an error to put fewer units than are reserved.
    """

    warehouse_id: str
    sku_id: str
    on_hand: int
    safety_stock: int | None = None


@dataclass(frozen=True, slots=True)
class StockChange:
    """Add (``delta > 0``, a receipt) or remove (``delta < 0``, a count loss) free units."""

    warehouse_id: str
    sku_id: str
    delta: int


def upsert_warehouses(
    session: Session, warehouses: Iterable[WarehouseSpec], field: str = "warehouses"
) -> int:
    """Insert or update warehouses from domain objects; returns how many.

    Raises
    ------
    InvalidValueError
        One id given twice (``field[i].id``): nothing is written.
    """
    warehouses = list(warehouses)
    refuse_duplicates([w.id for w in warehouses], field, "id", "warehouse")
    n = 0
    for w in warehouses:
        row = session.get(Warehouse, w.id) or Warehouse(id=w.id)
        row.name = w.name
        row.kind = str(WarehouseKind(w.kind))
        row.lat, row.lon = w.location.lat, w.location.lon
        row.capacity_per_day = w.capacity_per_day
        row.handling_cost_per_order = w.handling_cost_per_order
        row.handling_cost_per_unit = w.handling_cost_per_unit
        row.cutoffs_s = list(w.cutoffs_s)
        row.utc_offset_s = w.utc_offset_s
        row.time_zone = w.time_zone
        session.add(row)
        n += 1
    session.flush()
    return n


def upsert_skus(session: Session, skus: Iterable, field: str = "skus") -> int:
    """Insert or update SKUs from :class:`logistics.domain.Sku` objects; returns how many.

    Raises
    ------
    InvalidValueError
        One id given twice (``field[i].id``): nothing is written.
    """
    skus = list(skus)
    refuse_duplicates([s.id for s in skus], field, "id", "SKU")
    n = 0
    for s in skus:
        row = session.get(Sku, s.id) or Sku(id=s.id)
        row.weight_g, row.volume_cm3 = s.weight_g, s.volume_cm3
        row.item_class, row.kit_id = s.item_class, s.kit_id
        session.add(row)
        n += 1
    session.flush()
    return n


def load_warehouses(
    session: Session, *, after: str | None = None, limit: int | None = None
) -> list[WarehouseSpec]:
    """Warehouses as domain objects, ordered by id: every one, or (keyset paging) at
    most ``limit`` of those whose id comes after ``after``."""
    q = keyset_page(select(Warehouse), [Warehouse.id], None if after is None else [after], limit)
    rows = session.scalars(q).all()
    return [
        WarehouseSpec(
            id=r.id,
            location=LatLon(r.lat, r.lon),
            capacity_per_day=r.capacity_per_day,
            cutoffs_s=tuple(r.cutoffs_s),
            handling_cost_per_order=r.handling_cost_per_order,
            handling_cost_per_unit=r.handling_cost_per_unit,
            kind=WarehouseKind(r.kind),
            utc_offset_s=r.utc_offset_s,
            name=r.name,
            time_zone=r.time_zone,
        )
        for r in rows
    ]


def _check_known(session: Session, pairs: Sequence[tuple[str, str]], field: str) -> None:
    whs = {p[0] for p in pairs}
    skus = {p[1] for p in pairs}
    known_w = set(session.scalars(select(Warehouse.id).where(Warehouse.id.in_(whs))))
    known_s = set(session.scalars(select(Sku.id).where(Sku.id.in_(skus))))
    for i, (w, s) in enumerate(pairs):
        if w not in known_w:
            raise InvalidValueError(f"{field}[{i}].warehouse_id", w, "unknown warehouse")
        if s not in known_s:
            raise InvalidValueError(f"{field}[{i}].sku_id", s, "unknown SKU")


def put_stock(session: Session, levels: Sequence[StockLevel], field: str = "items") -> int:
    """Set on-hand units (bulk); held units stay held. Rows are touched in key order.

    Raises
    ------
    InvalidValueError
        Unknown warehouse or SKU, a position given twice, a negative count, or fewer
        units than are held.
    """
    pairs = [(lv.warehouse_id, lv.sku_id) for lv in levels]
    _check_known(session, pairs, field)
    refuse_duplicates(pairs, field, "sku_id", "stock position")
    order = sorted(range(len(levels)), key=lambda i: pairs[i])
    for i in order:
        lv = levels[i]
        if lv.on_hand < 0:
            raise InvalidValueError(f"{field}[{i}].on_hand", lv.on_hand, "must be >= 0")
        row = session.get(Stock, (lv.warehouse_id, lv.sku_id))
        if row is None:
            row = Stock(
                warehouse_id=lv.warehouse_id,
                sku_id=lv.sku_id,
                available=lv.on_hand,
                reserved=0,
                safety_stock=lv.safety_stock or 0,
                version=0,
            )
            session.add(row)
            session.flush()
            continue
        values: dict = {
            "available": lv.on_hand - Stock.reserved,
            "version": Stock.version + 1,
            "updated_at": utcnow(),
        }
        if lv.safety_stock is not None:
            values["safety_stock"] = lv.safety_stock
        got = session.execute(
            update(Stock)
            .where(
                Stock.warehouse_id == lv.warehouse_id,
                Stock.sku_id == lv.sku_id,
                Stock.reserved <= lv.on_hand,
            )
            .values(**values)
            .returning(Stock.available),
            execution_options={"synchronize_session": False},
        ).first()
        if got is None:
            raise InvalidValueError(
                f"{field}[{i}].on_hand",
                lv.on_hand,
                f"fewer units than are reserved ({row.reserved}); cancel or ship orders first",
            )
    session.expire_all()
    return len(levels)


def adjust_stock(session: Session, changes: Sequence[StockChange], field: str = "items") -> int:
    """Add or remove free units (bulk), never below zero nor above ``MAX_QUANTITY`` units
    on hand (what a put may set). Rows are touched in key order.

    Raises
    ------
    InvalidValueError
        Unknown warehouse or SKU, a removal of more units than are free, or an addition
        past ``MAX_QUANTITY`` on hand.
    """
    pairs = [(c.warehouse_id, c.sku_id) for c in changes]
    _check_known(session, pairs, field)
    for i in sorted(range(len(changes)), key=lambda i: pairs[i]):
        c = changes[i]
        if session.get(Stock, pairs[i]) is None:
            session.add(Stock(warehouse_id=c.warehouse_id, sku_id=c.sku_id, available=0))
            session.flush()
        got = session.execute(
            update(Stock)
            .where(
                Stock.warehouse_id == c.warehouse_id,
                Stock.sku_id == c.sku_id,
                Stock.available + c.delta >= 0,
                Stock.available + Stock.reserved + c.delta <= MAX_QUANTITY,
            )
            .values(
                available=Stock.available + c.delta,
                version=Stock.version + 1,
                updated_at=utcnow(),
            )
            .returning(Stock.available),
            execution_options={"synchronize_session": False},
        ).first()
        if got is None:
            why = (
                f"would take units on hand above {MAX_QUANTITY}"
                if c.delta > 0
                else "would take free units below zero"
            )
            raise InvalidValueError(f"{field}[{i}].delta", c.delta, why)
    session.expire_all()
    return len(changes)


def read_positions(
    session: Session,
    *,
    warehouse_id: str | None = None,
    sku_ids: Iterable[str] | None = None,
    after: tuple[str, str] | None = None,
    limit: int | None = None,
) -> list[InventoryPosition]:
    """Stock positions as domain objects (``on_hand`` = free + held), in key order
    ``(warehouse_id, sku_id)``; with keyset paging, at most ``limit`` of those whose key
    comes after ``after``."""
    q = keyset_page(select(Stock), [Stock.warehouse_id, Stock.sku_id], after, limit)
    if warehouse_id is not None:
        q = q.where(Stock.warehouse_id == warehouse_id)
    if sku_ids is not None:
        q = q.where(Stock.sku_id.in_(list(sku_ids)))
    return [
        InventoryPosition(
            warehouse_id=r.warehouse_id,
            sku_id=r.sku_id,
            on_hand=r.available + r.reserved,
            reserved=r.reserved,
            safety_stock=r.safety_stock,
        )
        for r in session.scalars(q)
    ]


def stock_snapshot(session: Session, sku_ids: Iterable[str]) -> dict[tuple[str, str], int]:
    """Units that may be reserved per ``(warehouse_id, sku_id)`` for the given SKUs: free
    units above the row's safety stock, as the reserving update checks (a plain read, no
    locks)."""
    q = select(Stock.warehouse_id, Stock.sku_id, Stock.available, Stock.safety_stock).where(
        Stock.sku_id.in_(list(sku_ids))
    )
    return {(w, s): max(0, a - safety) for w, s, a, safety in session.execute(q)}
