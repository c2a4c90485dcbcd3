"""Reserve, cancel, release, ship, put and adjust stock on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from store_helpers import first_fit, fixed, seed_master

from logistics.errors import InfeasibleError, InvalidValueError
from logistics.store import (
    ConflictsExhausted,
    OrderExists,
    StockChange,
    StockLevel,
    adjust_stock,
    cancel_order,
    place_order,
    put_stock,
    read_positions,
    release_reservation,
    ship_order,
    stock_totals,
)
from logistics.store.models import DecisionLog, Order, Reservation


def _stock(store, levels):
    seed_master(store)
    with store.write() as s:
        put_stock(s, [StockLevel(w, k, n) for w, k, n in levels])


def _free(store):
    with store.read() as s:
        return {(p.warehouse_id, p.sku_id): p.on_hand - p.reserved for p in read_positions(s)}


def test_place_order_moves_units_to_reserved_and_writes_everything(store):
    _stock(store, [("W1", "A", 5), ("W2", "A", 5), ("W1", "B", 1)])
    placed = place_order(
        store,
        order_id="o1",
        sku_ids=["A", "B"],
        request={"id": "o1"},
        decide=first_fit([("A", 3), ("B", 1)]),
    )
    assert placed.attempts == 1
    assert _free(store) == {("W1", "A"): 2, ("W2", "A"): 5, ("W1", "B"): 0}
    with store.read() as s:
        order = s.get(Order, "o1")
        assert order.state == "reserved"
        assert [(r.warehouse_id, r.sku_id, r.quantity) for r in order.reservations] == [
            ("W1", "A", 3),
            ("W1", "B", 1),
        ]
        assert order.shipments[0].lines == [
            {"sku_id": "A", "quantity": 3},
            {"sku_id": "B", "quantity": 1},
        ]
        assert s.scalars(select(DecisionLog.outcome)).all() == ["reserved"]
        assert stock_totals(s) == {"available": 7, "reserved": 4, "held": 4}


def test_infeasible_decision_reserves_nothing(store):
    _stock(store, [("W1", "A", 1)])
    with pytest.raises(InfeasibleError):
        place_order(store, order_id="o", sku_ids=["A"], request={}, decide=first_fit([("A", 2)]))
    assert _free(store) == {("W1", "A"): 1}
    with store.read() as s:
        assert s.get(Order, "o") is None


def test_a_conflict_rolls_back_earlier_lines_and_is_retried_then_given_up(store):
    _stock(store, [("W1", "A", 5), ("W1", "B", 0)])
    with pytest.raises(ConflictsExhausted) as info:
        place_order(
            store,
            order_id="o",
            sku_ids=["A", "B"],
            request={},
            decide=fixed({"W1": [("A", 2), ("B", 1)]}),
            attempts=3,
        )
    assert info.value.attempts == 3
    assert _free(store) == {("W1", "A"): 5, ("W1", "B"): 0}  # A's decrement rolled back
    with store.read() as s:
        assert s.scalars(select(DecisionLog.outcome)).all() == ["conflict"] * 3


def test_re_decides_on_a_fresh_snapshot_after_a_conflict(store):
    _stock(store, [("W1", "A", 1), ("W2", "A", 1)])
    calls = []

    def decide(snapshot):
        calls.append(dict(snapshot))
        if len(calls) == 1:  # someone takes W1's unit between our read and our write
            place_order(
                store, order_id="rival", sku_ids=["A"], request={}, decide=fixed({"W1": [("A", 1)]})
            )
            return fixed({"W1": [("A", 1)]})(snapshot)
        return first_fit([("A", 1)])(snapshot)

    placed = place_order(store, order_id="me", sku_ids=["A"], request={}, decide=decide)
    assert placed.attempts == 2
    assert calls[1][("W1", "A")] == 0
    assert _free(store) == {("W1", "A"): 0, ("W2", "A"): 0}


def test_order_ids_are_unique(store):
    _stock(store, [("W1", "A", 5)])
    place_order(store, order_id="o", sku_ids=["A"], request={}, decide=first_fit([("A", 1)]))
    with pytest.raises(OrderExists):
        place_order(store, order_id="o", sku_ids=["A"], request={}, decide=first_fit([("A", 1)]))
    assert _free(store) == {("W1", "A"): 4}


def test_cancel_returns_stock_exactly_once(store):
    _stock(store, [("W1", "A", 5), ("W2", "B", 5)])
    place_order(
        store,
        order_id="o",
        sku_ids=["A", "B"],
        request={},
        decide=first_fit([("A", 2), ("B", 3)]),
    )
    first = cancel_order(store, "o")
    second = cancel_order(store, "o")
    assert (first.cancelled_now, first.units_returned) == (True, 5)
    assert (second.cancelled_now, second.units_returned, second.state) == (False, 0, "cancelled")
    assert _free(store) == {("W1", "A"): 5, ("W2", "B"): 5}
    with pytest.raises(KeyError):
        cancel_order(store, "nope")


def test_release_one_reservation_once_and_ship_removes_held_units(store):
    _stock(store, [("W1", "A", 5), ("W1", "B", 5)])
    place_order(
        store, order_id="o", sku_ids=["A", "B"], request={}, decide=first_fit([("A", 2), ("B", 1)])
    )
    with store.read() as s:
        rid = s.scalar(select(Reservation.id).where(Reservation.sku_id == "B"))
    assert release_reservation(store, rid) == 1
    assert release_reservation(store, rid) == 0
    assert ship_order(store, "o") == 2
    assert ship_order(store, "o") == 0
    assert cancel_order(store, "o").units_returned == 0  # shipped orders cannot be cancelled
    with store.read() as s:
        assert stock_totals(s) == {"available": 8, "reserved": 0, "held": 0}


def test_put_and_adjust_keep_held_units_and_refuse_impossible_counts(store):
    _stock(store, [("W1", "A", 5)])
    place_order(store, order_id="o", sku_ids=["A"], request={}, decide=first_fit([("A", 3)]))
    with store.write() as s:
        put_stock(s, [StockLevel("W1", "A", 10)])
    assert _free(store) == {("W1", "A"): 7}
    with pytest.raises(InvalidValueError) as info, store.write() as s:
        put_stock(s, [StockLevel("W1", "A", 2)])
    assert info.value.pointer == "/items/0/on_hand"
    with store.write() as s:
        adjust_stock(s, [StockChange("W1", "A", -7), StockChange("W2", "A", 4)])
    assert _free(store) == {("W1", "A"): 0, ("W2", "A"): 4}
    with pytest.raises(InvalidValueError) as info, store.write() as s:
        adjust_stock(s, [StockChange("W2", "A", 1), StockChange("W1", "A", -1)])
    assert info.value.pointer == "/items/1/delta"
    assert _free(store) == {("W1", "A"): 0, ("W2", "A"): 4}  # the whole batch rolled back
    with pytest.raises(InvalidValueError) as info, store.write() as s:
        put_stock(s, [StockLevel("W9", "A", 1)])
    assert info.value.pointer == "/items/0/warehouse_id"


def _key(key="k1", answer='{"ok": true}', **kw):
    from logistics.store.idempotency import KeyWithAnswer

    return KeyWithAnswer("shop-1", key, "hash-1", lambda placed: answer, **kw)


def test_the_key_is_stored_with_the_answer_and_a_taken_key_writes_nothing(store):
    from logistics.store.idempotency import KeyTaken, find_key

    _stock(store, [("W1", "A", 5)])
    placed = place_order(
        store,
        order_id="o1",
        sku_ids=["A"],
        request={},
        decide=first_fit([("A", 2)]),
        key=_key(answer='{"id": "o1"}'),
    )
    assert placed.attempts == 1
    with store.read() as s:
        replay = find_key(s, "shop-1", "k1", "hash-1")
    assert replay is not None and replay.status_code == 201 and replay.body == {"id": "o1"}
    with pytest.raises(KeyTaken):
        place_order(
            store,
            order_id="o2",
            sku_ids=["A"],
            request={},
            decide=first_fit([("A", 1)]),
            key=_key(),
        )
    assert _free(store) == {("W1", "A"): 3}
    with store.read() as s:
        assert s.scalars(select(Order.id)).all() == ["o1"]


def test_a_stale_claim_of_the_same_request_is_taken_over_by_the_order(store):
    import datetime as dt

    from sqlalchemy import update

    from logistics.store.idempotency import claim_key, find_key
    from logistics.store.models import IdempotencyKey, utcnow

    _stock(store, [("W1", "A", 5)])
    assert claim_key(store, "shop-1", "k1", "hash-1") is None  # a crashed first try
    with store.write() as s:
        s.execute(update(IdempotencyKey).values(locked_at=utcnow() - dt.timedelta(seconds=600)))
    place_order(
        store,
        order_id="o1",
        sku_ids=["A"],
        request={},
        decide=first_fit([("A", 1)]),
        key=_key(answer='{"id": "o1"}'),
    )
    with store.read() as s:
        assert find_key(s, "shop-1", "k1", "hash-1").body == {"id": "o1"}


def test_a_day_past_its_capacity_rolls_back_the_whole_order(store):
    from logistics.store import Allocation, PlannedShipment
    from logistics.store.allocation import CapacityConflict

    _stock(store, [("W1", "A", 5)])
    one = Allocation(
        (PlannedShipment("W1", (("A", 1),), day="2026-12-05"),), capacity_per_day={"W1": 1}
    )
    place_order(store, order_id="o1", sku_ids=["A"], request={}, decide=lambda _s: one)
    with pytest.raises(ConflictsExhausted) as info:
        place_order(
            store, order_id="o2", sku_ids=["A"], request={}, decide=lambda _s: one, attempts=2
        )
    assert isinstance(info.value.last, CapacityConflict)
    assert _free(store) == {("W1", "A"): 4}
    with store.read() as s:
        assert s.scalars(select(Order.id)).all() == ["o1"]
        assert s.scalars(select(Reservation.order_id)).all() == ["o1"]


def test_a_write_on_a_lost_postgres_connection_is_reported_and_the_pool_recovers(store):
    if store.sqlite:
        pytest.skip("PostgreSQL only: SQLite has no server connection to lose")
    from sqlalchemy import create_engine, event, text
    from sqlalchemy.exc import DBAPIError

    from logistics.store.testing import pg_test_url

    _stock(store, [("W1", "A", 5)])
    store.dispose()
    pids: list[int] = []
    event.listen(store.engine, "connect", lambda dbapi, _: pids.append(dbapi.info.backend_pid))

    def kill_then_decide(snapshot):  # the server goes away between the read and the write
        admin = create_engine(pg_test_url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for pid in pids:
                conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        admin.dispose()
        return first_fit([("A", 1)])(snapshot)

    with pytest.raises(DBAPIError) as info:
        place_order(store, order_id="o1", sku_ids=["A"], request={}, decide=kill_then_decide)
    assert info.value.connection_invalidated
    placed = place_order(
        store, order_id="o1", sku_ids=["A"], request={}, decide=first_fit([("A", 1)])
    )
    assert placed.attempts == 1 and _free(store) == {("W1", "A"): 4}
