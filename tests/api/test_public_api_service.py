"""Pin the names the store and the API export."""

import importlib

import api
import logistics.store


def test_store_exports():
    assert sorted(logistics.store.__all__) == sorted(
        [
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
    )
    for name in logistics.store.__all__:
        assert hasattr(logistics.store, name)


def test_api_exports():
    assert api.__all__ == ["create_app"]


def test_store_exports_load_from_the_modules_that_define_them():
    # logistics.store loads them on first use (logistics.store.__getattr__)
    from logistics.store import _MODULE_OF

    assert sorted(_MODULE_OF) == sorted(logistics.store.__all__)
    for name, module in _MODULE_OF.items():
        defined = importlib.import_module(f"logistics.store.{module}")
        assert getattr(logistics.store, name) is getattr(defined, name)
