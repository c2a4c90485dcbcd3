"""POST /v1/orders while another request with the same Idempotency-Key is in flight."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from api_helpers import wait_for
from api_seed import an_order, seed_network

import api.routes.orders as orders_route
from logistics.store import stock_totals
from logistics.store.keys import lookup_key


def _post(api, body, key):
    return api.client.post(
        "/v1/orders", json=body, headers=api.h("shop", **{"Idempotency-Key": key})
    )


def _held_in_flight(api, request_body, release: threading.Event, monkeypatch) -> None:
    """Make the order whose body is ``request_body`` wait for ``release`` before it is
    routed (it sits in the app's keys in flight meanwhile)."""
    route = orders_route.route_order

    def waiting_route(store, cache, body, *args, **kwargs):
        if body.id == request_body["id"]:
            assert release.wait(30)
        return route(store, cache, body, *args, **kwargs)

    monkeypatch.setattr(orders_route, "route_order", waiting_route)


def _post_while_in_flight(api, held_body, body, monkeypatch):
    """POST ``body`` with key ``k`` while a request of ``held_body`` with the same key is
    in flight (held before routing); then let that one finish: (answer, held's answer)."""
    release = threading.Event()
    _held_in_flight(api, held_body, release, monkeypatch)
    owner = lookup_key(api.store, api.keys["shop"]).id
    running = api.app.state.orders_in_flight._running
    with ThreadPoolExecutor(1) as pool:
        held = pool.submit(_post, api, held_body, "k")
        try:
            wait_for(lambda: (owner, "k") in running)
            answer = _post(api, body, "k")
        finally:
            release.set()
        return answer, held.result(30)


def test_the_key_holders_retry_replays_while_another_body_is_in_flight(api, monkeypatch):
    # a key answered for body A, then a request with body B and the same key (a client
    # bug) still in flight: A's retry was told 422 idempotency-key-reused, "used with a
    # different request body" -- its own order, placed and holding stock, looked refused
    seed_network(api)
    first_body, other_body = an_order(0), an_order(1)
    first = _post(api, first_body, "k")
    assert first.status_code == 201, first.text
    retry, other = _post_while_in_flight(api, other_body, first_body, monkeypatch)
    assert retry.status_code == 201, retry.text
    assert retry.content == first.content and retry.headers["idempotent-replayed"] == "true"
    assert other.status_code == 422
    assert other.json()["type"] == "/problems/idempotency-key-reused"
    with api.store.read() as s:
        assert stock_totals(s)["reserved"] == sum(ln["quantity"] for ln in first_body["lines"])


def test_a_body_the_key_does_not_hold_is_still_refused_while_another_is_in_flight(api, monkeypatch):
    seed_network(api)
    first_body, other_body = an_order(0), an_order(1)
    assert _post(api, first_body, "k").status_code == 201
    third, _other = _post_while_in_flight(api, other_body, an_order(2), monkeypatch)
    assert third.status_code == 422
    assert third.json()["type"] == "/problems/idempotency-key-reused"


def test_a_first_request_in_flight_still_answers_409_to_its_copy(api, monkeypatch):
    seed_network(api)
    body = an_order(0)
    copy, first = _post_while_in_flight(api, body, body, monkeypatch)
    assert copy.status_code == 409 and copy.headers["retry-after"] == "1"
    assert copy.json()["type"] == "/problems/idempotency-key-in-progress"
    assert first.status_code == 201, first.text
