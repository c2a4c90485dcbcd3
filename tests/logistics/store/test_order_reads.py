"""The order path's driver-level reads return what the tables hold (both databases)."""

from __future__ import annotations

from store_helpers import seed_master

from logistics.store import StockLevel, put_stock
from logistics.store.models import WarehouseDay
from logistics.store.order_reads import read_skus, read_stock_and_days


def test_stock_of_the_asked_skus_and_the_counts_of_the_asked_days(store):
    seed_master(store)
    with store.write() as s:
        put_stock(s, [StockLevel("W1", "A", 5), StockLevel("W2", "A", 2), StockLevel("W1", "B", 7)])
        s.add_all(
            [
                WarehouseDay(warehouse_id="W1", day="2026-12-05", shipments=3),
                WarehouseDay(warehouse_id="W2", day="2026-12-04", shipments=9),
            ]
        )
    with store.snapshot_connection() as conn:
        rows = read_stock_and_days(conn, ["A"], ["2026-12-05"])
        none = read_stock_and_days(conn, ["nope"], [])
        skus = read_skus(conn, ["B", "A", "nope"])
    assert sorted(rows) == [
        (0, "W1", "A", 5, 0),
        (0, "W2", "A", 2, 0),
        (1, "W1", "2026-12-05", 3, 0),
    ]
    assert none == []
    assert [r[0] for r in skus] == ["A", "B"]
