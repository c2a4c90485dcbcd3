"""Reserve stock for orders without ever overselling (design.md §5).

The pattern:

1. read a snapshot of free units (a plain read: no locks are held while deciding);
2. let the caller's ``decide(snapshot)`` choose warehouses (the sourcing solver);
3. in ONE write transaction, move units from ``available`` to ``reserved`` with
   a conditional ``UPDATE stock SET available = available - q ... WHERE ...
   AND available - safety_stock >= q RETURNING`` (the decision never takes a
   row's safety stock, and neither may two racing orders), line by line in a
   fixed ``(warehouse, sku)`` order (so two orders never wait on each other in
   opposite orders), write the idempotency key with its answer, the order, its
   shipments, its reservations and the decision log, and count the warehouse
   days (SQLite: prepared ``sqlite3`` statements,
   :mod:`logistics.store.order_write_sqlite`; PostgreSQL: one statement,
   :mod:`logistics.store.order_write_pg`);
4. if any line's condition fails the snapshot was stale: roll back everything
   and decide again on a fresh snapshot, a bounded number of times.

Cancel and release flip each reservation from ``held`` to ``released`` with a
conditional update first and only return the units they flipped, so running
them twice (or concurrently) returns stock exactly once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from logistics.errors import LogisticsError
from logistics.store.allocation import (
    Allocation,
    CapacityConflict,
    ConflictsExhausted,
    Decide,
    OrderExists,
    PlacedOrder,
    PlannedShipment,
    StockConflict,
)
from logistics.store.db import Store
from logistics.store.idempotency import KeyWithAnswer
from logistics.store.models import (
    DecisionLog,
    Order,
    OrderState,
    Reservation,
    ReservationState,
    Shipment,
    Stock,
    WarehouseDay,
    utcnow,
)
from logistics.store.order_write_pg import write_and_reserve
from logistics.store.order_write_sqlite import write_and_reserve_sqlite
from logistics.store.stock import stock_snapshot

__all__ = [
    "PlannedShipment",
    "Allocation",
    "Decide",
    "StockConflict",
    "CapacityConflict",
    "ConflictsExhausted",
    "OrderExists",
    "PlacedOrder",
    "CancelResult",
    "place_order",
    "cancel_order",
    "release_reservation",
    "ship_order",
    "stock_totals",
]


@dataclass(frozen=True, slots=True)
class CancelResult:
    """What a cancel did: whether this call cancelled it and the units it returned."""

    order_id: str
    cancelled_now: bool
    state: str
    units_returned: int


_DAYS = WarehouseDay.__table__
_RELEASE_DAY_STMT = (
    update(_DAYS)
    .where(
        _DAYS.c.warehouse_id == bindparam("w"),
        _DAYS.c.day == bindparam("d"),
        _DAYS.c.shipments >= bindparam("n"),
    )
    .values(shipments=_DAYS.c.shipments - bindparam("n"))
    .returning(_DAYS.c.shipments)
)


def _release_capacity(session: Session, order_id: str) -> None:
    conn = session.connection()
    rows = conn.execute(
        select(Shipment.warehouse_id, Shipment.day).where(
            Shipment.order_id == order_id, Shipment.day.is_not(None)
        )
    ).all()
    count: dict[tuple[str, str], int] = defaultdict(int)
    for w, d in rows:
        count[(w, d)] += 1
    for (w, d), n in sorted(count.items()):
        # a missing or smaller counter means the books disagree: never hide it
        if conn.execute(_RELEASE_DAY_STMT, {"w": w, "d": d, "n": n}).first() is None:
            raise LogisticsError(f"{w} counts fewer than {n} shipment(s) on {d}")


def place_order(
    store: Store,
    *,
    order_id: str,
    sku_ids: Iterable[str],
    request: Mapping[str, Any],
    decide: Decide,
    owner_key_id: str | None = None,
    attempts: int = 3,
    key: KeyWithAnswer | None = None,
    read_snapshot: Callable[[Session], Any] | None = None,
) -> PlacedOrder:
    """Decide on a snapshot and reserve with conditional updates; re-decide on conflict.

    Parameters
    ----------
    store
        The database.
    order_id
        Id of the order to store (must be new).
    sku_ids
        SKUs the order asks for (the snapshot covers them in every warehouse).
    request
        The order as received (stored for audits and replays).
    decide
        Pure function from free units per ``(warehouse, sku)`` to an
        :class:`Allocation`; may raise :class:`~logistics.errors.InfeasibleError`.
    owner_key_id
        The API key that placed it (shop keys read only their own orders).
    attempts
        How many decisions to try before giving up on conflicts.
    key
        An idempotency key stored with its answer as the FIRST write of the
        reserving transaction, atomically with the stock: a key another request
        holds fails (:class:`~logistics.store.idempotency.KeyTaken`) before any
        stock row is locked, and nothing is written.
    read_snapshot
        Reads what ``decide`` is given (default: free units per ``(warehouse,
        sku)`` of ``sku_ids``); plain reads (:meth:`Store.snapshot`), no locks.

    Raises
    ------
    InfeasibleError
        The decision found no way to serve the order (nothing is reserved).
    ConflictsExhausted
        Every attempt lost a race for stock (nothing is reserved).
    OrderExists
        ``order_id`` is taken.
    KeyTaken
        ``key`` is held by another request (nothing is reserved).
    """
    skus = sorted(set(sku_ids))
    last: StockConflict | None = None
    for attempt in range(1, attempts + 1):
        with store.snapshot_connection() as conn:
            snapshot = stock_snapshot(conn, skus) if read_snapshot is None else read_snapshot(conn)
        allocation = decide(snapshot)  # may raise InfeasibleError: nothing reserved
        try:
            now = utcnow()
            placed = PlacedOrder(order_id, allocation, attempt, now)
            answer = None if key is None else key.answer(placed)
            args = (order_id, request, allocation, owner_key_id, attempt, now, key, answer)
            if store.sqlite:
                with store.sqlite_write_cursor() as cur:
                    write_and_reserve_sqlite(cur, *args)
            else:  # PostgreSQL: all of it in one statement
                with store.postgres_write_cursor() as cur:
                    write_and_reserve(cur, *args)
            return placed
        except StockConflict as conflict:
            last = conflict
            with store.write() as session:
                session.add(
                    DecisionLog(
                        order_id=order_id,
                        attempt=attempt,
                        outcome="conflict",
                        detail={
                            "warehouse_id": conflict.warehouse_id,
                            "sku_id": conflict.sku_id,
                            "quantity": conflict.quantity,
                        },
                    )
                )
        except (IntegrityError, store.driver.IntegrityError) as exc:
            raise OrderExists(order_id) from exc
    assert last is not None
    raise ConflictsExhausted(order_id, attempts, last)


def _return_units(session: Session, rows: Iterable[tuple[str, str, int]]) -> int:
    merged: dict[tuple[str, str], int] = defaultdict(int)
    for w, s, q in rows:
        merged[(w, s)] += q
    now = utcnow()
    total = 0
    for (w, s), q in sorted(merged.items()):
        got = session.execute(
            update(Stock)
            .where(Stock.warehouse_id == w, Stock.sku_id == s, Stock.reserved >= q)
            .values(
                available=Stock.available + q,
                reserved=Stock.reserved - q,
                version=Stock.version + 1,
                updated_at=now,
            )
            .returning(Stock.available),
            execution_options={"synchronize_session": False},
        ).first()
        if got is None:  # the counters disagree with the reservations: never hide it
            raise LogisticsError(f"stock {w}/{s} holds fewer than {q} reserved units")
        total += q
    return total


def cancel_order(store: Store, order_id: str) -> CancelResult:
    """Cancel an order and return its held units exactly once.

    Raises
    ------
    KeyError
        No such order.
    """
    with store.write() as session:
        flipped = session.execute(
            update(Order)
            .where(Order.id == order_id, Order.state == OrderState.RESERVED)
            .values(state=OrderState.CANCELLED, cancelled_at=utcnow())
            .returning(Order.id),
            execution_options={"synchronize_session": False},
        ).first()
        if flipped is None:
            state = session.scalar(select(Order.state).where(Order.id == order_id))
            if state is None:
                raise KeyError(order_id)
            return CancelResult(order_id, False, state, 0)
        released = session.execute(
            update(Reservation)
            .where(Reservation.order_id == order_id, Reservation.state == ReservationState.HELD)
            .values(state=ReservationState.RELEASED, closed_at=utcnow())
            .returning(Reservation.warehouse_id, Reservation.sku_id, Reservation.quantity),
            execution_options={"synchronize_session": False},
        ).all()
        units = _return_units(session, [tuple(r) for r in released])
        _release_capacity(session, order_id)
        session.add(
            DecisionLog(order_id=order_id, outcome="cancelled", detail={"units_returned": units})
        )
    return CancelResult(order_id, True, OrderState.CANCELLED, units)


def release_reservation(store: Store, reservation_id: int) -> int:
    """Release one held reservation (e.g. a line the shop dropped); returns units returned.

    Returns 0 when it was already released or shipped.
    """
    with store.write() as session:
        row = session.execute(
            update(Reservation)
            .where(Reservation.id == reservation_id, Reservation.state == ReservationState.HELD)
            .values(state=ReservationState.RELEASED, closed_at=utcnow())
            .returning(Reservation.warehouse_id, Reservation.sku_id, Reservation.quantity),
            execution_options={"synchronize_session": False},
        ).first()
        if row is None:
            return 0
        return _return_units(session, [tuple(row)])


def ship_order(store: Store, order_id: str) -> int:
    """Mark an order shipped: its held units leave the building (exactly once)."""
    with store.write() as session:
        flipped = session.execute(
            update(Order)
            .where(Order.id == order_id, Order.state == OrderState.RESERVED)
            .values(state=OrderState.SHIPPED)
            .returning(Order.id),
            execution_options={"synchronize_session": False},
        ).first()
        if flipped is None:
            return 0
        rows = session.execute(
            update(Reservation)
            .where(Reservation.order_id == order_id, Reservation.state == ReservationState.HELD)
            .values(state=ReservationState.SHIPPED, closed_at=utcnow())
            .returning(Reservation.warehouse_id, Reservation.sku_id, Reservation.quantity),
            execution_options={"synchronize_session": False},
        ).all()
        total = 0
        for w, s, q in sorted(tuple(r) for r in rows):
            got = session.execute(
                update(Stock)
                .where(Stock.warehouse_id == w, Stock.sku_id == s, Stock.reserved >= q)
                .values(reserved=Stock.reserved - q, version=Stock.version + 1)
                .returning(Stock.reserved),
                execution_options={"synchronize_session": False},
            ).first()
            if got is None:
                raise LogisticsError(f"stock {w}/{s} holds fewer than {q} reserved units")
            total += q
        return total


def stock_totals(session: Session) -> dict[str, int]:
    """Sums over all stock rows and held reservations (for invariant checks)."""
    available, reserved = session.execute(
        select(
            func.coalesce(func.sum(Stock.available), 0), func.coalesce(func.sum(Stock.reserved), 0)
        )
    ).one()
    held = session.scalar(
        select(func.coalesce(func.sum(Reservation.quantity), 0)).where(
            Reservation.state == ReservationState.HELD
        )
    )
    return {"available": int(available), "reserved": int(reserved), "held": int(held)}
