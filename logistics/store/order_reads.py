"""What an order's decision reads, with the driver's own cursor (the order hot path).

One statement reads the free stock of the order's SKUs in every warehouse and
the shipments each warehouse has taken on for its day; another reads the SKUs
the cache does not hold. PostgreSQL gets one statement text whatever the
number of SKUs (``= ANY(array)``, so psycopg prepares it once); SQLite gets
``IN (?, ...)`` lists, their text cached by length.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection

from logistics.store.db import reporting_lost_connections

__all__ = ["read_stock_and_days", "read_skus"]

_PG_POSITIONS = (
    "SELECT 0, warehouse_id, sku_id, available, safety_stock FROM stock"
    " WHERE sku_id = ANY(%s)"
    " UNION ALL SELECT 1, warehouse_id, day, shipments, 0 FROM warehouse_days"
    " WHERE day = ANY(%s)"
)
_PG_SKUS = (
    "SELECT id, weight_g, volume_cm3, item_class, kit_id FROM skus WHERE id = ANY(%s) ORDER BY id"
)


@lru_cache(maxsize=256)
def _sqlite_positions(n_skus: int, n_days: int) -> str:
    return (
        "SELECT 0, warehouse_id, sku_id, available, safety_stock FROM stock"
        f" WHERE sku_id IN ({','.join('?' * n_skus)})"
        " UNION ALL SELECT 1, warehouse_id, day, shipments, 0 FROM warehouse_days"
        f" WHERE day IN ({','.join('?' * n_days)})"
    )


@lru_cache(maxsize=256)
def _sqlite_skus(n: int) -> str:
    return (
        "SELECT id, weight_g, volume_cm3, item_class, kit_id FROM skus"
        f" WHERE id IN ({','.join('?' * n)}) ORDER BY id"
    )


def _run(conn: Connection, sql_pg: str, sqlite_sql: str, pg_args: tuple, sqlite_args: list):
    dbapi = conn.connection.dbapi_connection
    with reporting_lost_connections(conn):
        cur = dbapi.cursor()
        try:
            if conn.dialect.name == "sqlite":
                cur.execute(sqlite_sql, sqlite_args)
            else:
                cur.execute(sql_pg, pg_args)
            return cur.fetchall()
        finally:
            cur.close()


def read_stock_and_days(
    conn: Connection, sku_ids: Sequence[str], days: Sequence[str]
) -> list[tuple[Any, ...]]:
    """Rows ``(0, warehouse, sku, available, safety_stock)`` of ``sku_ids`` and
    ``(1, warehouse, day, shipments, 0)`` of ``days`` (``YYYY-MM-DD``), in any order."""
    ids, ds = list(sku_ids), list(days)
    return _run(conn, _PG_POSITIONS, _sqlite_positions(len(ids), len(ds)), (ids, ds), ids + ds)


def read_skus(conn: Connection, sku_ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows ``(id, weight_g, volume_cm3, item_class, kit_id)`` of the SKUs, by id."""
    ids = list(sku_ids)
    return _run(conn, _PG_SKUS, _sqlite_skus(len(ids)), (ids,), ids)
