"""Carriers over HTTP (admin)."""

from __future__ import annotations

from api_seed import an_order, seed_network

ZONE = {"max_distance_m": 4_000_000, "base_cents": 500, "per_kg_cents": 50, "transit_days": 2}


def _carrier(cid: str, warehouse_ids: list[str]) -> dict:
    return {
        "id": cid,
        "kind": "courier",
        "rate_card": {"zones": [ZONE]},
        "warehouse_ids": warehouse_ids,
    }


def test_a_carrier_serving_an_unknown_warehouse_is_refused_and_orders_keep_working(api):
    # it was stored, and from then on every order was a 422 blaming the order's body at
    # /carriers/1/warehouse_ids (no such field in an order): one typo stopped all orders
    sc = seed_network(api)
    site = sc.network.warehouses[0].id
    h = api.h("admin")
    before = api.client.get("/v1/carriers", headers=h).json()
    body = {"carriers": [_carrier("LOCAL", [site]), _carrier("OTHER", [site, "NOPE"])]}
    r = api.client.put("/v1/carriers", json=body, headers=h)
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [
        {"pointer": "/carriers/1/warehouse_ids/1", "detail": "unknown warehouse"}
    ]
    assert api.client.get("/v1/carriers", headers=h).json() == before  # nothing written
    r = api.client.post(
        "/v1/orders", json=an_order(0), headers=api.h("shop", **{"Idempotency-Key": "k"})
    )
    assert r.status_code == 201, r.text
    body = {"carriers": [_carrier("LOCAL", [site])]}
    assert api.client.put("/v1/carriers", json=body, headers=h).json() == {"written": 1}
