"""The store: SQLAlchemy models, migrations, stock reservations, keys and jobs (design.md §5).

SQLite file by default (``LOGISTICS_DB_URL``), PostgreSQL by URL. Stock is
never oversold: every change is a conditional ``UPDATE`` inside one transaction
per order, rows touched in a fixed order, ``BEGIN IMMEDIATE`` on SQLite.

The names below load their module on first use: a command that only opens the store
(``logistics keys list``) does not import the order and stock modules, nor through them
the domain package (PEP 562 module ``__getattr__``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_MODULE_OF = {
    "Store": "db",
    "is_sqlite": "db",
    "make_engine": "db",
    "upgrade_database": "migrate",
    "Allocation": "reservations",
    "CancelResult": "reservations",
    "ConflictsExhausted": "reservations",
    "OrderExists": "reservations",
    "PlacedOrder": "reservations",
    "PlannedShipment": "reservations",
    "StockConflict": "reservations",
    "cancel_order": "reservations",
    "place_order": "reservations",
    "release_reservation": "reservations",
    "ship_order": "reservations",
    "stock_totals": "reservations",
    "StockChange": "stock",
    "StockLevel": "stock",
    "adjust_stock": "stock",
    "put_stock": "stock",
    "read_positions": "stock",
    "stock_snapshot": "stock",
    "upsert_skus": "stock",
    "upsert_warehouses": "stock",
}

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


def __getattr__(name: str) -> Any:
    """``logistics.store.NAME``: imports the module that defines ``NAME`` (once)."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
