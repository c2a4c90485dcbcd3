"""PostgreSQL: store an order and reserve its stock in ONE statement (design.md §5).

The idempotency key (with its answer), the order, its shipments, reservations
and log entry, the stock decrements and the daily-capacity counts are written
by one statement of data-modifying CTEs inside the caller's transaction: one
round trip instead of one per row. Every part reads from the one before it, so
the rows are still taken in the order of the many-statement path: key, order,
stock rows in ``(warehouse, sku)`` order (an ordered ``FOR UPDATE``), then the
``(warehouse, day)`` counters in order. Two orders never wait on each other in
opposite orders.

The statement answers with the key it stored, the stock rows it took and the
day counts it reached; :func:`write_and_reserve` compares them with what was
asked and raises (the caller rolls back) when the key was taken, a stock row
had too few free units, or a day went past its capacity.
"""

from __future__ import annotations

import datetime as dt
import re
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

__all__ = ["write_and_reserve"]

_KEY_CTE = """
k AS (
  INSERT INTO idempotency_keys
    (owner, key, request_hash, state, status_code, response, created_at, locked_at)
  VALUES (:k_owner, :k_key, :k_hash, :k_done, 201, CAST(:k_answer AS JSON), :now, :now)
  ON CONFLICT (owner, key) DO UPDATE SET
    state = excluded.state, status_code = excluded.status_code,
    response = excluded.response, locked_at = excluded.locked_at
  -- an existing key is only taken over when it is a stale claim of the same request
  WHERE idempotency_keys.state = :k_running
    AND idempotency_keys.request_hash = excluded.request_hash
    AND idempotency_keys.locked_at < :k_stale
  RETURNING 1 AS one
)"""
_NO_KEY_CTE = "k AS (SELECT 1 AS one)"

_BODY = """
, o AS (
  INSERT INTO orders (id, owner_key_id, state, request, total_cost, explanation, created_at)
  SELECT :id, :owner, :state, CAST(:request AS JSON), :total_cost, CAST(:explanation AS JSON),
         :now
  FROM k
  RETURNING id
), s AS (
  INSERT INTO shipments (order_id, seq, warehouse_id, carrier_id, cost, promised_at, lines, day)
  SELECT o.id, x.seq, x.warehouse_id, x.carrier_id, x.cost, x.promised_at, x.lines, x.day
  FROM o, json_to_recordset(CAST(:shipments AS JSON)) AS x(
    seq int, warehouse_id text, carrier_id text, cost bigint, promised_at timestamptz,
    lines json, day text)
), r AS (
  INSERT INTO reservations (order_id, warehouse_id, sku_id, quantity, state, created_at)
  SELECT o.id, x.w, x.s, x.q, :held, :now
  FROM o, json_to_recordset(CAST(:lines AS JSON)) AS x(w text, s text, q bigint)
), log AS (
  INSERT INTO decision_log (order_id, attempt, outcome, detail, created_at)
  SELECT o.id, :attempt, 'reserved', CAST(:detail AS JSON), :now FROM o
), locked AS (
  SELECT st.warehouse_id, st.sku_id, x.q
  FROM o, json_to_recordset(CAST(:lines AS JSON)) AS x(w text, s text, q bigint)
  JOIN stock st ON st.warehouse_id = x.w AND st.sku_id = x.s
  ORDER BY st.warehouse_id, st.sku_id
  FOR UPDATE OF st
), taken AS (
  UPDATE stock SET
    available = stock.available - locked.q, reserved = stock.reserved + locked.q,
    version = stock.version + 1, updated_at = :now
  FROM locked
  WHERE stock.warehouse_id = locked.warehouse_id AND stock.sku_id = locked.sku_id
    -- the units sourcing may promise: free ones above the safety stock (as decided)
    AND stock.available - stock.safety_stock >= locked.q
  RETURNING stock.warehouse_id, stock.sku_id
), counted AS (
  INSERT INTO warehouse_days (warehouse_id, day, shipments)
  SELECT x.w, x.d, x.n
  FROM o, json_to_recordset(CAST(:days AS JSON)) AS x(w text, d text, n bigint)
  ORDER BY x.w, x.d
  ON CONFLICT (warehouse_id, day)
  DO UPDATE SET shipments = warehouse_days.shipments + excluded.shipments
  RETURNING warehouse_id, day, shipments
)
SELECT 'key' AS part, NULL AS a, NULL AS b, CAST(NULL AS bigint) AS n FROM k
UNION ALL SELECT 'stock', warehouse_id, sku_id, CAST(NULL AS bigint) FROM taken
UNION ALL SELECT 'day', warehouse_id, day, shipments FROM counted
"""


def _driver_sql(sql: str) -> str:
    """``:name`` parameters as psycopg's ``%(name)s``."""
    return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql)


# run with the driver's cursor: one statement, no SQLAlchemy per order
_WITH_KEY = _driver_sql("WITH" + _KEY_CTE + _BODY)
_WITHOUT_KEY = _driver_sql("WITH " + _NO_KEY_CTE + _BODY)


def write_and_reserve(
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
    """Write the order and take its stock and capacity with ``cur`` (a psycopg cursor in
    the caller's transaction).

    Raises
    ------
    KeyTaken
        Another request holds ``key`` (nothing was written).
    StockConflict, CapacityConflict
        Too few free units, or a day past its capacity: the caller must roll back.
    psycopg.IntegrityError
        ``order_id`` is taken.
    """
    lines = merge_lines(allocation.shipments)
    days = days_needed(allocation)
    for w, d, n in days:
        if n > int(allocation.capacity_per_day[w]):
            raise CapacityConflict(w, d, n)
    params: dict[str, Any] = {
        "id": order_id,
        "owner": owner_key_id,
        "state": OrderState.RESERVED.value,
        "request": json_text(dict(request)),
        "total_cost": allocation.total_cost,
        "explanation": json_text(dict(allocation.explanation)),
        "now": now,
        "shipments": json_text(
            [
                {**row, "promised_at": row["promised_at"] and row["promised_at"].isoformat()}
                for row in shipment_rows(allocation)
            ]
        ),
        "lines": json_text([{"w": w, "s": s, "q": q} for w, s, q in lines]),
        "days": json_text([{"w": w, "d": d, "n": n} for w, d, n in days]),
        "held": ReservationState.HELD.value,
        "attempt": attempt,
        "detail": json_text({"total_cost": allocation.total_cost}),
    }
    stmt = _WITHOUT_KEY
    if key is not None:
        stmt = _WITH_KEY
        params.update(
            k_owner=key.owner,
            k_key=key.key,
            k_hash=key.request_hash,
            k_done=IdempotencyState.COMPLETED.value,
            k_running=IdempotencyState.IN_PROGRESS.value,
            k_answer=answer,
            k_stale=now - dt.timedelta(seconds=key.stale_after_s),
        )
    cur.execute(stmt, params)
    rows = cur.fetchall()
    if not any(part == "key" for part, *_ in rows):
        raise KeyTaken(key.key if key is not None else "")
    taken = {(a, b) for part, a, b, _ in rows if part == "stock"}
    for w, s, q in lines:
        if (w, s) not in taken:
            raise StockConflict(w, s, q)
    reached = {(a, b): n for part, a, b, n in rows if part == "day"}
    for w, d, n in days:
        count = reached.get((w, d))
        if count is None or count > int(allocation.capacity_per_day[w]):
            raise CapacityConflict(w, d, n)
