"""The store: SQLAlchemy models, migrations, stock reservations, keys and jobs (design.md §5).

SQLite file by default (``LOGISTICS_DB_URL``), PostgreSQL by URL. Stock is
never oversold: every change is a conditional ``UPDATE`` inside one transaction
per order, rows touched in a fixed order, ``BEGIN IMMEDIATE`` on SQLite.
"""

from logistics.store.db import Store, is_sqlite, make_engine
from logistics.store.migrate import upgrade_database
from logistics.store.reservations import (
    Allocation,
    CancelResult,
    ConflictsExhausted,
    OrderExists,
    PlacedOrder,
    PlannedShipment,
    StockConflict,
    cancel_order,
    place_order,
    release_reservation,
    ship_order,
    stock_totals,
)
from logistics.store.stock import (
    StockChange,
    StockLevel,
    adjust_stock,
    put_stock,
    read_positions,
    stock_snapshot,
    upsert_skus,
    upsert_warehouses,
)

__all__ = [
    "Allocation",
    "CancelResult",
    "ConflictsExhausted",
    "OrderExists",
    "PlacedOrder",
    "PlannedShipment",
    "StockChange",
    "StockConflict",
    "StockLevel",
    "Store",
    "adjust_stock",
    "cancel_order",
    "is_sqlite",
    "make_engine",
    "place_order",
    "put_stock",
    "read_positions",
    "release_reservation",
    "ship_order",
    "stock_snapshot",
    "stock_totals",
    "upgrade_database",
    "upsert_skus",
    "upsert_warehouses",
]
