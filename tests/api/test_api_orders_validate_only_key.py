"""``POST /v1/orders?validate_only=true`` with an Idempotency-Key.

The check neither stores nor replays under the key (the order placed next with it is
decided as a first request), but a key already holding another request's answer is the
422 ``idempotency-key-reused`` placing would get. It used to ignore the header: a shop
backend reusing a key by mistake learnt it only when placing.
"""

from __future__ import annotations

from api_seed import an_order, seed_network

from api.routes.orders import order_request_hash
from api.schemas.orders import OrderIn
from logistics.store import stock_totals
from logistics.store.idempotency import claim_key
from logistics.store.keys import lookup_key
from logistics.store.models import IdempotencyKey


def _post(api, body, key, *, validate_only):
    return api.client.post(
        "/v1/orders",
        params={"validate_only": validate_only},
        json=body,
        headers=api.h("shop", **{"Idempotency-Key": key}),
    )


def _stored_keys(api) -> int:
    with api.store.read() as s:
        return s.query(IdempotencyKey).count()


def _reserved(api) -> int:
    with api.store.read() as s:
        return stock_totals(s)["reserved"]


def test_checking_with_a_key_leaves_it_free_for_the_order_placed_next(api):
    seed_network(api)
    checked = _post(api, an_order(0), "k1", validate_only=True)
    assert checked.status_code == 200 and checked.json()["valid"] is True
    assert _stored_keys(api) == 0 and _reserved(api) == 0
    placed = _post(api, an_order(0), "k1", validate_only=False)
    assert placed.status_code == 201 and placed.headers["idempotent-replayed"] == "false"
    assert _reserved(api) > 0


def test_a_key_used_for_another_order_is_refused_as_placing_would(api):
    seed_network(api)
    assert _post(api, an_order(0), "k1", validate_only=False).status_code == 201
    stored, reserved = _stored_keys(api), _reserved(api)
    checked = _post(api, an_order(1), "k1", validate_only=True)
    placed = _post(api, an_order(1), "k1", validate_only=False)
    assert checked.status_code == placed.status_code == 422
    assert checked.json() == placed.json()  # type, detail and instance
    assert checked.json()["type"] == "/problems/idempotency-key-reused"
    assert _stored_keys(api) == stored and _reserved(api) == reserved


def test_the_same_request_again_is_checked_not_replayed(api):
    # the order is placed: checking it again is the 409 of a taken id, never the 201
    seed_network(api)
    assert _post(api, an_order(0), "k1", validate_only=False).status_code == 201
    checked = _post(api, an_order(0), "k1", validate_only=True)
    assert checked.status_code == 409 and checked.json()["type"] == "/problems/order-exists"
    assert "idempotent-replayed" not in checked.headers
    assert _stored_keys(api) == 1


def test_a_key_being_placed_with_the_same_request_does_not_block_the_check(api):
    seed_network(api)
    body = an_order(0)
    owner = lookup_key(api.store, api.keys["shop"]).id
    fingerprint = order_request_hash(OrderIn.model_validate(body))
    assert claim_key(api.store, owner, "busy", fingerprint) is None  # a first request runs
    checked = _post(api, body, "busy", validate_only=True)
    assert checked.status_code == 200 and checked.json()["valid"] is True
    other = _post(api, an_order(1), "busy", validate_only=True)
    assert other.status_code == 422 and other.json()["type"] == "/problems/idempotency-key-reused"
