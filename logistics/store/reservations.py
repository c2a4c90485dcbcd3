"""Reserve stock for orders without ever overselling (design.md §5).

The pattern:

1. read a snapshot of free units (a plain read: no locks are held while deciding);
2. let the caller's ``decide(snapshot)`` choose warehouses (the sourcing solver);
3. in ONE write transaction, move units from ``available`` to ``reserved`` with
   a conditional ``UPDATE stock SET available = available - q ... WHERE ...
   AND available >= q RETURNING``, line by line in a fixed ``(warehouse, sku)``
   order (so two orders never wait on each other in opposite orders), write the
   order, its shipments, its reservations and the decision log;
4. if any line's condition fails the snapshot was stale: roll back everything
   and decide again on a fresh snapshot, a bounded number of times.

Cancel and release flip each reservation from ``held`` to ``released`` with a
conditional update first and only return the units they flipped, so running
them twice (or concurrently) returns stock exactly once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update
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
    days_needed,
    merge_lines,
    shipment_rows,
)
from logistics.store.db import RawJSON, Store, connection_of
from logistics.store.idempotency import KeyTaken, KeyWithAnswer, store_key
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
from logistics.store.stock import stock_snapshot

__all__ = [
    "PlannedShipment",
    "Allocation",
    "Decide",
    "StockConflict",
    "CapacityConflict",
    "take_capacity",
    "ConflictsExhausted",
    "OrderExists",
    "PlacedOrder",
    "CancelResult",
    "reserve_lines",
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


_STOCK = Stock.__table__
# Built once (Core, bound parameters): the hot path of every order then skips
# statement construction and the ORM's bulk-persistence layer.
_RESERVE_STMT = (
    update(_STOCK)
    .where(
        _STOCK.c.warehouse_id == bindparam("w"),
        _STOCK.c.sku_id == bindparam("s"),
        _STOCK.c.available >= bindparam("q"),
    )
    .values(
        available=_STOCK.c.available - bindparam("q"),
        reserved=_STOCK.c.reserved + bindparam("q"),
        version=_STOCK.c.version + 1,
        updated_at=bindparam("now"),
    )
    .returning(_STOCK.c.available)
)
_INSERT_ORDER = insert(Order.__table__)
_INSERT_SHIPMENTS = insert(Shipment.__table__)
_INSERT_RESERVATIONS = insert(Reservation.__table__)
_INSERT_LOG = insert(DecisionLog.__table__)


def reserve_lines(session: Session | Connection, lines: Sequence[tuple[str, str, int]]) -> None:
    """Move units from free to held in ``(warehouse, sku)`` order, in the caller's transaction.

    Parameters
    ----------
    lines
        ``(warehouse_id, sku_id, quantity)`` triples; merged and sorted here.

    Raises
    ------
    StockConflict
        A line found fewer free units than asked; the caller must roll back
        (earlier lines of the same transaction were already decremented).
    """
    merged: dict[tuple[str, str], int] = defaultdict(int)
    for w, s, q in lines:
        if q <= 0:
            raise ValueError(f"reserve quantity must be > 0, got {q}")
        merged[(w, s)] += q
    now = utcnow()
    conn = connection_of(session)
    for (w, s), q in sorted(merged.items()):
        got = conn.execute(_RESERVE_STMT, {"w": w, "s": s, "q": q, "now": now}).first()
        if got is None:
            raise StockConflict(w, s, q)


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
_TAKE_DAY_STMTS: dict[str, Any] = {}


def _take_day_stmt(dialect: str):
    stmt = _TAKE_DAY_STMTS.get(dialect)
    if stmt is None:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        elif dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        else:  # pragma: no cover - the store supports SQLite and PostgreSQL
            raise LogisticsError(
                f"daily capacity counting needs SQLite or PostgreSQL, not {dialect}"
            )
        ins = dialect_insert(_DAYS).values(
            warehouse_id=bindparam("w"), day=bindparam("d"), shipments=bindparam("n")
        )
        stmt = ins.on_conflict_do_update(
            index_elements=[_DAYS.c.warehouse_id, _DAYS.c.day],
            set_={"shipments": _DAYS.c.shipments + ins.excluded.shipments},
            where=_DAYS.c.shipments + ins.excluded.shipments <= bindparam("cap"),
        ).returning(_DAYS.c.shipments)
        _TAKE_DAY_STMTS[dialect] = stmt
    return stmt


def take_capacity(session: Session | Connection, allocation: Allocation) -> None:
    """Count the allocation's shipments against their warehouses' days (caller's transaction).

    One conditional upsert per ``(warehouse, day)`` in a fixed order: the counter
    never passes ``capacity_per_day``.

    Raises
    ------
    CapacityConflict
        A day has less room left than the allocation needs; the caller rolls back.
    """
    need = days_needed(allocation)
    if not need:
        return
    conn = connection_of(session)
    stmt = _take_day_stmt(conn.dialect.name)
    for w, d, n in need:
        cap = int(allocation.capacity_per_day[w])
        got = None if n > cap else conn.execute(stmt, {"w": w, "d": d, "n": n, "cap": cap}).first()
        if got is None:
            raise CapacityConflict(w, d, n)


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
            with store.write_connection() as conn:
                if conn.dialect.name == "postgresql":  # all of it in one statement
                    write_and_reserve(
                        conn, order_id, request, allocation, owner_key_id, attempt, now, key, answer
                    )
                    return placed
                if key is not None and not store_key(
                    conn,
                    key.owner,
                    key.key,
                    key.request_hash,
                    201,
                    RawJSON(answer),
                    stale_after_s=key.stale_after_s,
                ):
                    raise KeyTaken(key.key)
                # the order row goes in next: a taken id fails before any stock is touched
                _write_order(conn, order_id, request, allocation, owner_key_id, attempt, now)
                reserve_lines(conn, merge_lines(allocation.shipments))
                take_capacity(conn, allocation)
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
        except IntegrityError as exc:
            raise OrderExists(order_id) from exc
    assert last is not None
    raise ConflictsExhausted(order_id, attempts, last)


def _write_order(
    session: Session | Connection,
    order_id: str,
    request: Mapping[str, Any],
    allocation: Allocation,
    owner_key_id: str | None,
    attempt: int,
    now: dt.datetime,
) -> None:
    """The order, its shipments, reservations and log entry (SQLite: several statements)."""
    conn = connection_of(session)
    conn.execute(
        _INSERT_ORDER,
        {
            "id": order_id,
            "owner_key_id": owner_key_id,
            "state": OrderState.RESERVED.value,
            "request": dict(request),
            "total_cost": allocation.total_cost,
            "explanation": dict(allocation.explanation),
            "created_at": now,
        },
    )
    conn.execute(
        _INSERT_SHIPMENTS,
        [{"order_id": order_id, **row} for row in shipment_rows(allocation)],
    )
    conn.execute(
        _INSERT_RESERVATIONS,
        [
            {
                "order_id": order_id,
                "warehouse_id": w,
                "sku_id": sku,
                "quantity": q,
                "state": ReservationState.HELD.value,
                "created_at": now,
                "closed_at": None,
            }
            for w, sku, q in merge_lines(allocation.shipments)
        ],
    )
    conn.execute(
        _INSERT_LOG,
        {
            "order_id": order_id,
            "attempt": attempt,
            "outcome": "reserved",
            "detail": {"total_cost": allocation.total_cost},
            "created_at": now,
        },
    )


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
