"""SQLite: store an order and reserve its stock with the driver's own cursor (design.md §5).

The same writes, in the same order, as the SQLAlchemy Core path -- the
idempotency key with its answer, the order, its shipments, reservations and log
entry, the stock decrements in ``(warehouse, sku)`` order, the day counters --
but as prepared ``sqlite3`` statements on one raw connection: SQLite runs
in-process, so SQLAlchemy's per-statement machinery was most of the cost of an
order's write (about ten statements). Values are stored exactly as the
SQLAlchemy column types store them (JSON text, ``YYYY-MM-DD HH:MM:SS.ffffff``
times), so every other reader sees the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from logistics.store.allocation import (
    Allocation,
    CapacityConflict,
    StockConflict,
    days_needed,
    merge_lines,
    shipment_rows,
)
from logistics.store.db import json_text
from logistics.store.idempotency import KeyTaken, KeyWithAnswer
from logistics.store.models import IdempotencyState, OrderState, ReservationState

__all__ = ["write_and_reserve_sqlite", "sqlite_time"]

_KEY = """
INSERT INTO idempotency_keys
  (owner, key, request_hash, state, status_code, response, created_at, locked_at)
VALUES (?, ?, ?, ?, 201, ?, ?, ?)
ON CONFLICT (owner, key) DO UPDATE SET
  state = excluded.state, status_code = excluded.status_code,
  response = excluded.response, locked_at = excluded.locked_at
WHERE idempotency_keys.state = ? AND idempotency_keys.request_hash = excluded.request_hash
  AND idempotency_keys.locked_at < ?
RETURNING key"""
_ORDER = """
INSERT INTO orders (id, owner_key_id, state, request, total_cost, explanation, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?)"""
_SHIPMENT = """
INSERT INTO shipments (order_id, seq, warehouse_id, carrier_id, cost, promised_at, lines, day)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)"""
_RESERVATION = """
INSERT INTO reservations (order_id, warehouse_id, sku_id, quantity, state, created_at)
VALUES (?, ?, ?, ?, ?, ?)"""
_LOG = """
INSERT INTO decision_log (order_id, attempt, outcome, detail, created_at)
VALUES (?, ?, 'reserved', ?, ?)"""
_TAKE_STOCK = """
UPDATE stock SET available = available - ?, reserved = reserved + ?, version = version + 1,
  updated_at = ?
WHERE warehouse_id = ? AND sku_id = ? AND available - safety_stock >= ?
RETURNING available"""
_TAKE_DAY = """
INSERT INTO warehouse_days (warehouse_id, day, shipments) VALUES (?, ?, ?)
ON CONFLICT (warehouse_id, day) DO UPDATE SET shipments = shipments + excluded.shipments
WHERE shipments + excluded.shipments <= ?
RETURNING shipments"""


def sqlite_time(value: dt.datetime | None) -> str | None:
    """A time as SQLAlchemy's SQLite ``DateTime`` stores it (the wall-clock fields, UTC)."""
    if value is None:
        return None
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def write_and_reserve_sqlite(
    cur: Any,
    order_id: str,
    request: Mapping[str, Any],
    allocation: Allocation,
    owner_key_id: str | None,
    attempt: int,
    now: dt.datetime,
    key: KeyWithAnswer | None,
    answer: str | None,
) -> None:
    """Write the order and take its stock and capacity with ``cur`` (a ``sqlite3`` cursor
    inside the caller's ``BEGIN IMMEDIATE`` transaction).

    Raises
    ------
    KeyTaken
        Another request holds ``key`` (nothing was written).
    StockConflict, CapacityConflict
        Too few free units, or a day past its capacity: the caller must roll back.
    sqlite3.IntegrityError
        ``order_id`` is taken.
    """
    at = sqlite_time(now)
    if key is not None:
        stale = sqlite_time(now - dt.timedelta(seconds=key.stale_after_s))
        done, running = IdempotencyState.COMPLETED.value, IdempotencyState.IN_PROGRESS.value
        row = cur.execute(
            _KEY, (key.owner, key.key, key.request_hash, done, answer, at, at, running, stale)
        ).fetchone()
        if row is None:
            raise KeyTaken(key.key)
    # the order row goes in next: a taken id fails before any stock is touched
    explanation = dict(allocation.explanation)
    cur.execute(
        _ORDER,
        (
            order_id,
            owner_key_id,
            OrderState.RESERVED.value,
            json_text(dict(request)),
            allocation.total_cost,
            json_text(explanation),
            at,
        ),
    )
    cur.executemany(
        _SHIPMENT,
        [
            (
                order_id,
                r["seq"],
                r["warehouse_id"],
                r["carrier_id"],
                r["cost"],
                sqlite_time(r["promised_at"]),
                json_text(r["lines"]),
                r["day"],
            )
            for r in shipment_rows(allocation)
        ],
    )
    lines = merge_lines(allocation.shipments)
    held = ReservationState.HELD.value
    cur.executemany(_RESERVATION, [(order_id, w, s, q, held, at) for w, s, q in lines])
    cur.execute(_LOG, (order_id, attempt, json_text({"total_cost": allocation.total_cost}), at))
    for w, s, q in lines:
        if cur.execute(_TAKE_STOCK, (q, q, at, w, s, q)).fetchone() is None:
            raise StockConflict(w, s, q)
    for w, d, n in days_needed(allocation):
        cap = int(allocation.capacity_per_day[w])
        if n > cap or cur.execute(_TAKE_DAY, (w, d, n, cap)).fetchone() is None:
            raise CapacityConflict(w, d, n)
