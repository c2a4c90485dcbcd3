"""Carriers over HTTP (admin)."""

from __future__ import annotations

import json

import jsonschema_rs
from api_seed import an_order, seed_network

from logistics.store.carriers import carrier_to_spec, load_carriers

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


def test_listed_carriers_are_typed_in_the_document_and_keep_their_key_order(api):
    """Regression: the items of GET /v1/carriers were untyped in the document (typing
    them with CarrierIn would have moved warehouse_ids before max_weight_g)."""
    seed_network(api)
    pickup = {
        "id": "PUP",
        "kind": "pickup_point",
        "radius_m": 900,
        "rate_card": {"zones": [ZONE]},
        "points": [{"lat": 41.5, "lon": -87.25}],
    }
    h = api.h("admin")
    assert api.client.put("/v1/carriers", json={"carriers": [pickup]}, headers=h).json() == {
        "written": 1
    }
    document = api.client.get("/openapi.json").json()
    page = document["components"]["schemas"]["CarriersOut"]
    assert page["properties"]["items"]["items"] == {"$ref": "#/components/schemas/CarrierOut"}
    answer = api.client.get("/v1/carriers", headers=h)
    schema = document["paths"]["/v1/carriers"]["get"]["responses"]["200"]["content"]
    jsonschema_rs.validator_for(
        {**schema["application/json"]["schema"], "components": document["components"]}
    ).validate(answer.json())
    with api.store.read() as session:
        specs = [carrier_to_spec(c) for c in load_carriers(session)]
    items = json.loads(answer.content, object_pairs_hook=list)[0][1]
    assert [[key for key, _ in item] for item in items] == [list(spec) for spec in specs]
    assert answer.json()["items"] == specs
    assert "PUP" in [spec["id"] for spec in specs]


def test_zones_out_of_order_point_at_the_rate_card_zone_sent(api):
    """Regression (fuzz): the 422 pointed at /carriers/0/zones/1/max_distance_m, a path
    the body does not have (the zones are under rate_card)."""
    far = dict(ZONE, max_distance_m=5_000_000)
    body = {"carriers": [{**_carrier("C", []), "rate_card": {"zones": [far, ZONE]}}]}
    r = api.client.put("/v1/carriers", json=body, headers=api.h("admin"))
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [
        {
            "pointer": "/carriers/0/rate_card/zones/1/max_distance_m",
            "detail": "zones must be ascending",
        }
    ]
