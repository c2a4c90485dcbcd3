"""Warehouses, SKUs and stock over HTTP (admin)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from logistics.store.models import Sku

WAREHOUSES = {
    "warehouses": [
        {"id": "W1", "location": {"lat": 40.7, "lon": -74.0}, "name": "New York"},
        {"id": "W2", "location": {"lat": 34.05, "lon": -118.24}, "kind": "forward"},
    ]
}


def seed(api, levels=(("W1", "A", 5), ("W2", "A", 3), ("W1", "B", 2))):
    h = api.h("admin")
    assert api.client.put("/v1/warehouses", json=WAREHOUSES, headers=h).status_code == 200
    skus = sorted({s for _, s, _ in levels})
    assert api.client.put(
        "/v1/skus", json={"skus": [{"id": s} for s in skus]}, headers=h
    ).json() == {"written": len(skus)}
    items = [{"warehouse_id": w, "sku_id": s, "on_hand": n} for w, s, n in levels]
    assert api.client.put("/v1/stock", json={"items": items}, headers=h).status_code == 200


def test_put_adjust_and_read_positions(api_both):
    api = api_both
    seed(api)
    h = api.h("admin")
    r = api.client.post(
        "/v1/stock/adjustments",
        json={"items": [{"warehouse_id": "W2", "sku_id": "A", "delta": -1}]},
        headers=h,
    )
    assert r.json() == {"written": 1}
    items = api.client.get("/v1/stock", params={"sku_id": "A"}, headers=h).json()["items"]
    assert [(i["warehouse_id"], i["on_hand"], i["available"]) for i in items] == [
        ("W1", 5, 5),
        ("W2", 2, 2),
    ]
    r = api.client.post(
        "/v1/stock/adjustments",
        json={"items": [{"warehouse_id": "W2", "sku_id": "A", "delta": -3}]},
        headers=h,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["pointer"] == "/items/0/delta"
    whs = api.client.get("/v1/warehouses", headers=h).json()["items"]
    assert [w["id"] for w in whs] == ["W1", "W2"] and whs[0]["location"] == {
        "lat": 40.7,
        "lon": -74.0,
    }


def test_bad_warehouse_values_point_into_the_list(api):
    r = api.client.put(
        "/v1/warehouses",
        json={"warehouses": [{"id": "W", "location": {"lat": 1, "lon": 1}, "cutoffs_s": [5, 3]}]},
        headers=api.h("admin"),
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "/warehouses/0/cutoffs_s/1"


def test_putting_fewer_units_than_are_held_is_refused_and_writes_nothing(api_both):
    """Held units are part of on hand (the store keeps ``available`` and ``reserved``,
    both >= 0): a put below the held units is a 422 naming ``on_hand``, all or nothing."""
    from sqlalchemy import update

    from logistics.store.models import Stock

    api = api_both
    seed(api)
    with api.store.write() as s:  # 2 of W2's 3 units of A held for an order
        s.execute(
            update(Stock)
            .where(Stock.warehouse_id == "W2", Stock.sku_id == "A")
            .values(available=1, reserved=2)
        )
    h = api.h("admin")
    items = [
        {"warehouse_id": "W1", "sku_id": "A", "on_hand": 9},  # written first (key order)...
        {"warehouse_id": "W2", "sku_id": "A", "on_hand": 1},  # ...then refused
    ]
    r = api.client.put("/v1/stock", json={"items": items}, headers=h)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0]["pointer"] == "/items/1/on_hand"
    got = api.client.get("/v1/stock", params={"sku_id": "A"}, headers=h).json()["items"]
    assert [(i["warehouse_id"], i["on_hand"], i["reserved"]) for i in got] == [
        ("W1", 5, 0),  # the first item was rolled back
        ("W2", 3, 2),
    ]


def test_a_row_named_twice_in_one_put_is_refused_and_nothing_is_written(api):
    # the last of the two won silently and the answer counted both ({"written": 2})
    seed(api)
    h = api.h("admin")
    zone = {"max_distance_m": 9000, "base_cents": 1, "per_kg_cents": 0, "transit_days": 1}
    ground = {"kind": "courier", "rate_card": {"zones": [zone]}}
    cases = [
        (
            "/v1/stock",
            {
                "items": [
                    {"warehouse_id": "W1", "sku_id": "A", "on_hand": 7},
                    {"warehouse_id": "W2", "sku_id": "A", "on_hand": 8},
                    {"warehouse_id": "W1", "sku_id": "A", "on_hand": 9},
                ]
            },
            "/items/2/sku_id",
            "duplicate stock position W1/A (items[0] too)",
        ),
        (
            "/v1/skus",
            {"skus": [{"id": "C", "weight_g": 1}, {"id": "C", "weight_g": 2}]},
            "/skus/1/id",
            "duplicate SKU C (skus[0] too)",
        ),
        (
            "/v1/warehouses",
            {"warehouses": [*WAREHOUSES["warehouses"], {**WAREHOUSES["warehouses"][0]}]},
            "/warehouses/2/id",
            "duplicate warehouse W1 (warehouses[0] too)",
        ),
        (
            "/v1/carriers",
            {"carriers": [{"id": "G", **ground}, {"id": "G", **ground}]},
            "/carriers/1/id",
            "duplicate carrier G (carriers[0] too)",
        ),
    ]
    for path, body, pointer, detail in cases:
        r = api.client.put(path, json=body, headers=h)
        assert r.status_code == 422, (path, r.text)
        assert r.json()["errors"] == [{"pointer": pointer, "detail": detail}]
    items = api.client.get("/v1/stock", headers=h).json()["items"]
    assert [(i["warehouse_id"], i["sku_id"], i["on_hand"]) for i in items] == [
        ("W1", "A", 5),
        ("W1", "B", 2),
        ("W2", "A", 3),
    ]
    assert api.client.get("/v1/carriers", headers=h).json() == {"items": [], "next": None}
    r = api.client.put(
        "/v1/stock",
        json={"items": [{"warehouse_id": "W1", "sku_id": "C", "on_hand": 1}]},
        headers=h,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["detail"] == "unknown SKU"


def test_the_largest_counts_and_costs_the_api_takes_are_stored(api_both):
    # on PostgreSQL these were 32-bit INTEGER columns: a PUT with a handling cost or a
    # SKU weight above 2,147,483,647 (the schema allows 10**12) was a 500
    api, h, top = api_both, api_both.h("admin"), 10**12
    big = {**WAREHOUSES["warehouses"][0], "capacity_per_day": top}
    big |= {"handling_cost_per_order": top, "handling_cost_per_unit": top}
    r = api.client.put("/v1/warehouses", json={"warehouses": [big]}, headers=h)
    assert r.status_code == 200, r.text
    r = api.client.put(
        "/v1/skus", json={"skus": [{"id": "HEAVY", "weight_g": top, "volume_cm3": top}]}, headers=h
    )
    assert r.status_code == 200, r.text
    (w,) = api.client.get("/v1/warehouses", headers=h).json()["items"]
    assert (w["capacity_per_day"], w["handling_cost_per_order"], w["handling_cost_per_unit"]) == (
        top,
        top,
        top,
    )
    with api.store.read() as s:
        assert (s.get(Sku, "HEAVY").weight_g, s.get(Sku, "HEAVY").volume_cm3) == (top, top)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("path", "body", "insert"),
    [
        (
            "/v1/stock",
            {"items": [{"warehouse_id": "W2", "sku_id": "B", "on_hand": 7}]},
            "INSERT INTO stock (warehouse_id, sku_id, available, reserved, safety_stock, "
            "version, updated_at) VALUES ('W2', 'B', 1, 0, 0, 0, now())",
        ),
        (
            "/v1/skus",
            {"skus": [{"id": "C", "weight_g": 5}]},
            "INSERT INTO skus (id, weight_g, volume_cm3, item_class) VALUES ('C', 1, 1, 'x')",
        ),
    ],
)
def test_a_bulk_write_racing_another_for_a_new_row_is_a_409_to_retry(api_pg, path, body, insert):
    # on PostgreSQL both writers see no row and both insert it: the later one was a 500
    # internal-error (duplicate key value violates unique constraint "pk_stock")
    api = api_pg
    seed(api)
    other = api.store.engine.connect()  # the other writer, in the same schema
    try:
        other.execute(text(insert))  # not committed yet: the request's INSERT waits on it
        xid = other.execute(text("SELECT pg_current_xact_id()::xid::text")).scalar_one()
        answers: list = []
        put = threading.Thread(
            target=lambda: answers.append(api.client.put(path, json=body, headers=api.h("admin")))
        )
        put.start()
        waiting = text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted "
            "AND transactionid = CAST(:xid AS xid)"
        )
        with api.store.engine.connect() as watch:
            while put.is_alive() and not watch.execute(waiting, {"xid": xid}).scalar():
                watch.rollback()
                time.sleep(0.01)
        other.commit()
        put.join(60)
    finally:
        other.close()
    r = answers[0]
    assert r.status_code == 409, r.text
    assert r.json()["type"].endswith("/write-conflict") and r.headers["Retry-After"] == "1"
    assert api.client.put(path, json=body, headers=api.h("admin")).status_code == 200


def test_adjustments_never_take_on_hand_past_what_a_put_may_set(api_both):
    """Each delta was bounded but not the sum: repeated +10**12 took a position past any
    count a put may set, towards BIGINT overflow (a 500 on PostgreSQL)."""
    api = api_both
    seed(api, levels=(("W1", "A", 10**12 - 1),))
    h = api.h("admin")
    one = {"warehouse_id": "W1", "sku_id": "A", "delta": 1}
    r = api.client.post("/v1/stock/adjustments", json={"items": [one, one]}, headers=h)
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [
        {"pointer": "/items/1/delta", "detail": "would take units on hand above 1000000000000"}
    ]
    items = api.client.get("/v1/stock", headers=h).json()["items"]
    assert [i["on_hand"] for i in items] == [10**12 - 1]  # nothing of it written
    r = api.client.post("/v1/stock/adjustments", json={"items": [one]}, headers=h)
    assert r.json() == {"written": 1}


def test_a_query_parameter_a_route_does_not_take_is_refused(api):
    """``?warehouse=W1`` (for ``warehouse_id``) or ``?page=2`` answered every position."""
    seed(api)
    h = api.h("admin")
    for query in ({"warehouse": "W1"}, {"page": "1"}, {"offset": "1", "sku_id": "A"}):
        r = api.client.get("/v1/stock", params=query, headers=h)
        assert r.status_code == 422, r.text
        bad = next(k for k in query if k != "sku_id")
        assert r.json()["errors"] == [
            {"parameter": bad, "in": "query", "detail": "unknown parameter"}
        ]
        assert "takes: cursor, limit, sku_id, warehouse_id" in r.json()["detail"]
    r = api.client.get("/v1/stock", params={"warehouse_id": "W1", "sku_id": "A"}, headers=h)
    assert [i["on_hand"] for i in r.json()["items"]] == [5]
    r = api.client.get("/v1/warehouses", params={"page": "2"}, headers=h)
    assert r.status_code == 422 and "takes: cursor, limit" in r.json()["detail"]
