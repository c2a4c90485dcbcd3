"""Pin the names the store and the API export."""

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
