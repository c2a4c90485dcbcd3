"""The SQLite driver-level order write stores values as the SQLAlchemy column types do."""

from __future__ import annotations

import datetime as dt
import sqlite3

from sqlalchemy import select
from store_helpers import first_fit, seed_master

from logistics.store import StockLevel, Store, place_order, put_stock, upgrade_database
from logistics.store.models import IdempotencyKey, Order, Reservation, Shipment
from logistics.store.order_write_sqlite import sqlite_time


def test_rows_read_back_through_the_orm_as_written(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    upgrade_database(url)
    store = Store(url)
    seed_master(store)
    with store.write() as s:
        put_stock(s, [StockLevel("W1", "A", 5)])
    from logistics.store.idempotency import KeyWithAnswer

    key = KeyWithAnswer("shop", "k1", "h", lambda placed: '{"id": "o1", "n": 1}')
    placed = place_order(
        store,
        order_id="o1",
        sku_ids=["A"],
        request={"x": [1, 2]},
        decide=first_fit([("A", 2)]),
        key=key,
    )
    with store.read() as s:
        order = s.get(Order, "o1")
        assert order.request == {"x": [1, 2]}
        assert order.explanation == {"rule": "first fit"}
        assert order.created_at == placed.created_at
        (res,) = s.scalars(select(Reservation)).all()
        assert (res.warehouse_id, res.sku_id, res.quantity, res.state) == ("W1", "A", 2, "held")
        (ship,) = s.scalars(select(Shipment)).all()
        assert ship.lines == [{"sku_id": "A", "quantity": 2}]
        k = s.get(IdempotencyKey, ("shop", "k1"))
        assert k.response == {"id": "o1", "n": 1} and k.status_code == 201
    raw = sqlite3.connect(tmp_path / "s.db")
    (stored,) = raw.execute("SELECT created_at FROM orders").fetchone()
    raw.close()
    assert stored == sqlite_time(placed.created_at)
    store.dispose()


def test_sqlite_time_matches_sqlalchemy_storage_format():
    t = dt.datetime(2026, 12, 5, 7, 3, 9, 12, tzinfo=dt.UTC)
    assert sqlite_time(t) == "2026-12-05 07:03:09.000012"
    assert sqlite_time(None) is None
