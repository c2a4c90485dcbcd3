"""POST /v1/orders: sourcing + reservation, idempotency, cancel, and the HTTP oversell race."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from api_seed import an_order, seed_network
from sqlalchemy import update

from api.routes.orders import order_request_hash, order_request_hash_as_sent
from api.schemas.orders import OrderIn
from logistics.store import stock_totals
from logistics.store.idempotency import claim_key
from logistics.store.keys import lookup_key
from logistics.store.models import IdempotencyKey, utcnow


def _post(api, body, key="k1", role="shop"):
    return api.client.post("/v1/orders", json=body, headers=api.h(role, **{"Idempotency-Key": key}))


def _totals(api):
    with api.store.read() as s:
        return stock_totals(s)


def test_route_an_order_and_read_it_back(api):
    seed_network(api)
    before = _totals(api)
    r = _post(api, an_order(0))
    assert r.status_code == 201, r.text
    assert r.headers["location"] == "/v1/orders/O000001"
    assert r.headers["idempotent-replayed"] == "false"
    order = r.json()
    assert order["state"] == "reserved"
    assert order["explanation"]["status"] == "sourced" and order["explanation"]["exact"] is True
    assert order["total_cost"] == order["explanation"]["plan"]["total_cost"] > 0
    assert (
        order["shipments"][0]["delivers_by"].endswith("Z")
        or "+00:00" in (order["shipments"][0]["delivers_by"])
    )
    units = sum(ln["quantity"] for ln in an_order(0)["lines"])
    assert _totals(api)["reserved"] == before["reserved"] + units
    got = api.client.get("/v1/orders/O000001", headers=api.h("shop"))
    assert got.status_code == 200
    full = got.json()
    assert {k: v for k, v in full.items() if k != "explanation"} == {
        k: v for k, v in order.items() if k != "explanation"
    }
    # the answer to POST leaves out the deliberation; GET has it
    deliberation = ("runner_ups", "site_notes")
    assert all(k in full["explanation"] and k not in order["explanation"] for k in deliberation)
    assert {k: v for k, v in full["explanation"].items() if k not in deliberation} == order[
        "explanation"
    ]


def test_same_key_same_body_replays_the_first_answer(api):
    seed_network(api)
    first = _post(api, an_order(0))
    again = _post(api, an_order(0))
    assert again.status_code == 201 and again.json() == first.json()
    assert again.content == first.content  # byte for byte
    assert again.headers["idempotent-replayed"] == "true"
    assert _totals(api)["reserved"] == sum(ln["quantity"] for ln in an_order(0)["lines"])


def test_same_key_other_body_is_422_and_reserves_nothing(api):
    seed_network(api)
    _post(api, an_order(0))
    reserved = _totals(api)["reserved"]
    r = _post(api, an_order(1))
    assert r.status_code == 422 and r.json()["type"] == "/problems/idempotency-key-reused"
    assert _totals(api)["reserved"] == reserved


def _spelled_out(body: dict) -> dict:
    """``body`` with every default it leaves out written down (the same request)."""
    out = {**body, "accept_pickup_point": False, "customer_utc_offset_s": None}
    return {**out, "channel": "web", "rules": {"max_shipments": None}}


@pytest.mark.parametrize("defaults_first", [False, True])
def test_a_retry_spelling_out_defaults_replays_the_first_answer(api, defaults_first):
    # a retry adding "accept_pickup_point": false (the default) was a 422 key-reused:
    # the fingerprint hashed the fields as sent, not what they mean
    seed_network(api)
    terse = {k: v for k, v in an_order(0).items() if k != "channel"}  # channel: web
    first_body, retry = terse, _spelled_out(terse)
    if defaults_first:
        first_body, retry = retry, first_body
    first = _post(api, first_body)
    assert first.status_code == 201, first.text
    again = _post(api, retry)
    assert again.status_code == 201, again.text
    assert again.content == first.content  # byte for byte
    assert again.headers["idempotent-replayed"] == "true"
    # a different request under the key is still refused, spelled either way
    for other in ({**retry, "channel": "app"}, {**retry, "accept_pickup_point": True}):
        r = _post(api, other)
        assert r.status_code == 422 and r.json()["type"] == "/problems/idempotency-key-reused"
    assert _totals(api)["reserved"] == sum(ln["quantity"] for ln in terse["lines"])


def test_a_key_stored_with_the_earlier_fingerprint_still_replays(api_both):
    api = api_both
    # keys stored before the fingerprint ignored defaults hold the hash of the fields as
    # sent; an_order spells out "channel": "web", so that hash is not today's
    seed_network(api)
    body = an_order(0)
    earlier = order_request_hash_as_sent(OrderIn.model_validate(body))
    assert earlier != order_request_hash(OrderIn.model_validate(body))
    first = _post(api, body, key="old")
    with api.store.write() as s:  # what the earlier version stored for this request
        s.execute(
            update(IdempotencyKey).where(IdempotencyKey.key == "old").values(request_hash=earlier)
        )
    again = _post(api, body, key="old")
    assert again.status_code == 201 and again.content == first.content
    assert again.headers["idempotent-replayed"] == "true"
    r = _post(api, an_order(1), key="old")
    assert r.status_code == 422 and r.json()["type"] == "/problems/idempotency-key-reused"
    assert _totals(api)["reserved"] == sum(ln["quantity"] for ln in body["lines"])


def test_a_key_still_in_progress_is_409(api):
    seed_network(api)
    body = an_order(0)
    key_id = lookup_key(api.store, api.keys["shop"]).id
    fingerprint = order_request_hash(OrderIn.model_validate(body))
    assert claim_key(api.store, key_id, "busy", fingerprint) is None  # a first request runs
    r = _post(api, body, key="busy")
    assert r.status_code == 409 and r.json()["type"] == "/problems/idempotency-key-in-progress"
    assert r.headers["retry-after"] == "1"


def test_a_stale_claim_is_taken_over(api):
    seed_network(api)
    body = an_order(0)
    key_id = lookup_key(api.store, api.keys["shop"]).id
    fingerprint = order_request_hash(OrderIn.model_validate(body))
    assert claim_key(api.store, key_id, "crashed", fingerprint) is None
    with api.store.write() as s:  # the claim's server died long ago
        s.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.key == "crashed")
            .values(locked_at=utcnow() - dt.timedelta(hours=1))
        )
    r = _post(api, body, key="crashed")
    assert r.status_code == 201, r.text
    assert _post(api, body, key="crashed").content == r.content


def test_same_key_concurrently_places_one_order(api_both):
    """Same key and body from many threads at once: one order; the others 409 or replay it."""
    api = api_both
    seed_network(api)
    body = an_order(0)
    barrier = threading.Barrier(6)

    def send(_):
        barrier.wait()
        return _post(api, body, key="twice")

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(send, range(6)))
    codes = [a.status_code for a in answers]
    assert codes.count(201) >= 1 and set(codes) <= {201, 409}, codes
    assert len({a.content for a in answers if a.status_code == 201}) == 1
    assert _totals(api)["reserved"] == sum(ln["quantity"] for ln in body["lines"])
    final = _post(api, body, key="twice")
    assert final.status_code == 201 and final.headers["idempotent-replayed"] == "true"


def test_the_idempotency_key_is_required(api):
    seed_network(api)
    r = api.client.post("/v1/orders", json=an_order(0), headers=api.h("shop"))
    assert r.status_code == 400 and r.json()["type"] == "/problems/idempotency-key-missing"


def test_bad_input_names_the_field_and_reserves_nothing(api):
    seed_network(api)
    before = _totals(api)
    body = an_order(0, lines=[{"sku_id": "NOPE", "quantity": 1}])
    r = _post(api, body)
    assert r.status_code == 422 and r.json()["errors"][0]["pointer"] == "/lines/0/sku_id"
    body = an_order(0, lines=[{"sku_id": "SKU-001", "quantity": 0}])
    r = _post(api, body, key="k2")
    assert r.status_code == 422 and r.json()["errors"][0]["pointer"] == "/lines/0/quantity"
    dup = [{"sku_id": "SKU-001", "quantity": 1}, {"sku_id": "SKU-001", "quantity": 1}]
    r = _post(api, an_order(0, lines=dup), key="k3")
    assert r.status_code == 422 and r.json()["errors"][0]["pointer"] == "/lines/1/sku_id"
    r = _post(api, an_order(0, ship_to={"lat": -60.0, "lon": 10.0}), key="k4")
    assert r.status_code == 422 and r.json()["errors"][0]["pointer"] == "/ship_to"
    assert _totals(api) == before
    # the key of a rejected request is free again: the corrected order goes through
    assert _post(api, an_order(0)).status_code == 201


def test_bad_promise_and_far_future_time_point_into_the_body_and_reserve_nothing(api):
    # the promise's errors pointed at /hours (not in the body); created_at in year 9999
    # was a 500 (the decision's times could not be written as RFC 3339)
    seed_network(api)
    before = _totals(api)
    cases = [
        ({"promise": {"kind": "same_city"}}, "/promise/hours", "same_city needs hours"),
        ({"promise": {"kind": "standard", "hours": 3}}, "/promise/hours", "only apply"),
        ({"created_at": "9999-12-31T23:59:59+00:00"}, "/created_at", "9000-01-01T00:00:00Z"),
        ({"created_at": "8999-12-31T23:59:59-14:00"}, "/created_at", "9000-01-01T00:00:00Z"),
    ]
    for i, (change, pointer, words) in enumerate(cases):
        for validate_only in (False, True):
            r = api.client.post(
                "/v1/orders",
                params={"validate_only": validate_only},
                json=an_order(0, **change),
                headers=api.h("shop", **{"Idempotency-Key": f"bad-{i}"}),
            )
            assert r.status_code == 422, r.text
            assert r.headers["content-type"] == "application/problem+json"
            doc = r.json()
            assert doc["type"] == "/problems/invalid-value"
            assert doc["errors"][0]["pointer"] == pointer and words in doc["errors"][0]["detail"]
    assert _totals(api) == before
    r = _post(api, an_order(0, created_at="8999-12-31T23:59:59+00:00"), key="latest")
    assert r.status_code == 201, r.text


def test_an_unknown_excluded_warehouse_is_refused_naming_it(api):
    # a typo in rules.excluded_warehouse_ids excluded nothing: the order was routed (201)
    # and could ship from the very site the shop meant to avoid
    sc = seed_network(api)
    before = _totals(api)
    real = sc.network.warehouses[0].id
    rules = {"excluded_warehouse_ids": [real, real.lower() + "-typo"]}
    for validate_only in (False, True):
        r = api.client.post(
            "/v1/orders",
            params={"validate_only": validate_only},
            json=an_order(0, rules=rules),
            headers=api.h("shop", **{"Idempotency-Key": "excluded"}),
        )
        assert r.status_code == 422, r.text
        doc = r.json()
        assert doc["type"] == "/problems/invalid-value"
        assert doc["errors"] == [
            {"pointer": "/rules/excluded_warehouse_ids/1", "detail": "unknown warehouse"}
        ]
        assert repr(real.lower() + "-typo") in doc["detail"]
    assert _totals(api) == before
    r = _post(api, an_order(0, rules={"excluded_warehouse_ids": [real]}), key="excluded")
    assert r.status_code == 201, r.text
    assert all(s["warehouse_id"] != real for s in r.json()["shipments"])


def test_created_at_is_rfc3339_text_not_a_unix_number(api):
    # a lax datetime took 1700000000 as Unix seconds; the edge speaks RFC 3339 only
    seed_network(api)
    before = _totals(api)
    for i, value in enumerate([1_700_000_000, 1_700_000_000.5, "2026-11-23T15:00:00"]):
        r = _post(api, an_order(0, created_at=value), key=f"unix-{i}")
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["errors"][0]["pointer"] == "/created_at"
    assert "RFC 3339" in _post(api, an_order(0, created_at=1), key="one").text
    assert _totals(api) == before
    assert _post(api, an_order(0, created_at="2026-11-23T15:00:00Z")).status_code == 201


def test_out_of_stock_is_422_with_the_reason_and_is_replayed(api):
    seed_network(api)
    body = an_order(0, lines=[{"sku_id": "SKU-001", "quantity": 100_000}])
    r = _post(api, body)
    assert r.status_code == 422
    doc = r.json()
    assert doc["type"] == "/problems/order-not-fulfillable"
    assert doc["sourcing_status"] == "out_of_stock" and doc["site_notes"]
    assert _post(api, body).json() == doc
    assert _totals(api)["reserved"] == 0


def test_validate_only_checks_without_reserving(api):
    seed_network(api)
    r = api.client.post("/v1/orders?validate_only=true", json=an_order(0), headers=api.h("shop"))
    assert r.status_code == 200 and r.json()["valid"] is True
    assert _totals(api)["reserved"] == 0
    bad = an_order(0, lines=[{"sku_id": "NOPE", "quantity": 1}])
    r = api.client.post("/v1/orders?validate_only=true", json=bad, headers=api.h("shop"))
    assert r.status_code == 422


def test_validate_only_reports_a_taken_order_id_as_placing_it_would(api):
    # validate_only said {"valid": true} for an id already placed: the real call is a 409
    seed_network(api)
    assert _post(api, an_order(0)).status_code == 201
    other = api.client.post("/v1/keys", json={"role": "shop"}, headers=api.h("admin")).json()
    with api.store.read() as s:
        keys_before = s.query(IdempotencyKey).count()
    reserved = _totals(api)["reserved"]
    for headers in (api.h("shop"), {"X-API-Key": other["key"]}):
        checked = api.client.post(
            "/v1/orders?validate_only=true", json=an_order(0), headers=headers
        )
        placed = api.client.post(
            "/v1/orders", json=an_order(0), headers={**headers, "Idempotency-Key": "new"}
        )
        assert checked.status_code == placed.status_code == 409, checked.text
        assert checked.headers["content-type"] == "application/problem+json"
        assert checked.json() == placed.json()  # same type, detail and instance
        with api.store.read() as s:  # the checks wrote nothing (the real calls their keys)
            keys_before += 1
            assert s.query(IdempotencyKey).count() == keys_before
    assert _totals(api)["reserved"] == reserved
    fresh = api.client.post(
        "/v1/orders?validate_only=true", json=an_order(1), headers=api.h("shop")
    )
    assert fresh.status_code == 200 and fresh.json()["valid"] is True


def test_a_standard_promise_reads_the_files_days_as_standard_days(api):
    # the API knew only "standard_days"; an order file's "days" was an extra field (422)
    seed_network(api)
    body = an_order(0, promise={"kind": "standard", "standard_days": 4})
    as_file = {**body, "promise": {"kind": "standard", "days": 4}}
    first = _post(api, as_file)
    assert first.status_code == 201, first.text
    again = _post(api, body)  # the same request under the other name: replayed
    assert again.status_code == 201 and again.content == first.content
    assert again.headers["idempotent-replayed"] == "true"
    other = {**body, "promise": {"kind": "standard", "days": 5}}
    assert _post(api, other).json()["type"] == "/problems/idempotency-key-reused"
    for promise in (
        {"kind": "standard", "days": 0},
        {"kind": "standard", "days": 4, "standard_days": 4},
    ):
        r = api.client.post(
            "/v1/orders?validate_only=true",
            json={**body, "id": "X1", "promise": promise},
            headers=api.h("shop"),
        )
        assert r.status_code == 422 and r.json()["errors"][0]["pointer"] == "/promise/days"
    promise_schema = api.client.get("/openapi.json").json()["components"]["schemas"]["PromiseIn"]
    assert {"days", "standard_days"} <= set(promise_schema["properties"])


def test_order_ids_are_unique(api):
    seed_network(api)
    assert _post(api, an_order(0)).status_code == 201
    r = _post(api, an_order(0), key="other")
    assert r.status_code == 409 and r.json()["type"] == "/problems/order-exists"


def test_another_shop_keys_order_id_is_taken_but_not_shown(api):
    # order ids are one namespace across shop keys; the 409 told the other shop to GET
    # the order, which answers it 404
    seed_network(api)
    assert _post(api, an_order(0)).status_code == 201
    other = api.client.post("/v1/keys", json={"role": "shop"}, headers=api.h("admin")).json()
    headers = {"X-API-Key": other["key"], "Idempotency-Key": "k1"}
    r = api.client.post("/v1/orders", json=an_order(0), headers=headers)
    assert r.status_code == 409 and r.json()["type"] == "/problems/order-exists"
    assert "if this API key placed it" in r.json()["detail"]
    assert "shipments" not in r.text
    r = api.client.get(f"/v1/orders/{an_order(0)['id']}", headers={"X-API-Key": other["key"]})
    assert r.status_code == 404


def test_cancel_returns_stock_exactly_once_and_orders_are_private(api):
    seed_network(api)
    start = _totals(api)
    relaxed = an_order(1, promise={"kind": "standard", "standard_days": 10})
    placed = _post(api, relaxed)
    assert placed.status_code == 201, placed.text
    oid = relaxed["id"]
    first = api.client.post(f"/v1/orders/{oid}/cancel", headers=api.h("shop")).json()
    second = api.client.post(f"/v1/orders/{oid}/cancel", headers=api.h("shop")).json()
    assert first["cancelled_now"] and not second["cancelled_now"]
    assert first["units_returned"] == sum(ln["quantity"] for ln in an_order(1)["lines"])
    assert second["units_returned"] == 0 and second["order"]["state"] == "cancelled"
    assert _totals(api) == start
    other = api.client.post("/v1/keys", json={"role": "shop"}, headers=api.h("admin")).json()
    r = api.client.get(f"/v1/orders/{oid}", headers={"X-API-Key": other["key"]})
    assert r.status_code == 404
    r = api.client.post(f"/v1/orders/{oid}/cancel", headers={"X-API-Key": other["key"]})
    assert r.status_code == 404


def test_http_race_for_the_last_units_sells_exactly_the_stock(api_both):
    api = api_both
    seed_network(api)
    h = api.h("admin")
    # 4 units of SKU-002 left in the whole network: 2 + 1 + 1 in three sites
    items = api.client.get("/v1/stock", params={"sku_id": "SKU-002"}, headers=h).json()["items"]
    level = {"OAK4": 2, "IND1": 1, "RIC2": 1}
    put = [
        {
            "warehouse_id": i["warehouse_id"],
            "sku_id": "SKU-002",
            "on_hand": level.get(i["warehouse_id"], 0),
        }
        for i in items
    ]
    assert api.client.put("/v1/stock", json={"items": put}, headers=h).status_code == 200
    start = _totals(api)
    barrier = threading.Barrier(12)

    def buy(i):
        body = an_order(i, id=f"race-{i}", lines=[{"sku_id": "SKU-002", "quantity": 1}])
        body["promise"] = {"kind": "standard", "standard_days": 10}
        barrier.wait()
        return _post(api, body, key=f"race-{i}").status_code

    with ThreadPoolExecutor(12) as pool:
        codes = list(pool.map(buy, range(12)))
    assert codes.count(201) == 4, codes
    assert set(codes) <= {201, 422, 409}
    after = _totals(api)
    assert after["available"] + after["reserved"] == start["available"] + start["reserved"]
    left = api.client.get("/v1/stock", params={"sku_id": "SKU-002"}, headers=h).json()["items"]
    assert sum(i["available"] for i in left) == 0 and min(i["available"] for i in left) == 0


def _kill_pool_connections(api, pids: list[int]) -> None:
    """Terminate the server's database sessions from outside (as a database restart does)."""
    from sqlalchemy import create_engine, text

    from logistics.store.testing import pg_test_url

    admin = create_engine(pg_test_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for pid in pids:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


def _standard_order(i: int, order_id: str) -> dict:
    body = an_order(i, id=order_id)
    body["promise"] = {"kind": "standard", "standard_days": 10}
    return body


@pytest.mark.postgres
def test_orders_survive_lost_database_connections_and_others_get_503(api_pg):
    from sqlalchemy import event

    api = api_pg
    seed_network(api)
    pids: list[int] = []
    api.store.dispose()
    event.listen(api.store.engine, "connect", lambda dbapi, _: pids.append(dbapi.info.backend_pid))
    first = _post(api, _standard_order(1, "before"), key="before")
    assert first.status_code == 201, first.text
    _kill_pool_connections(api, pids)
    # the pool does not ping before use: the order finds its connection broken and runs again
    r = _post(api, _standard_order(2, "after"), key="after")
    assert r.status_code == 201, r.text
    assert r.headers["Idempotent-Replayed"] == "false"
    again = _post(api, _standard_order(2, "after"), key="after")
    assert again.json() == r.json() and again.headers["Idempotent-Replayed"] == "true"
    held = sum(x["quantity"] for resp in (first, r) for x in resp.json()["reservations"])
    assert _totals(api)["held"] == held
    # any other request meeting a broken connection answers 503 at once; the next one works
    _kill_pool_connections(api, pids)
    stock = {"params": {"sku_id": "SKU-001"}, "headers": api.h("admin")}
    r = api.client.get("/v1/stock", **stock)
    assert r.status_code in (200, 503), r.text
    if r.status_code == 503:
        assert r.headers["Retry-After"] == "1"
        assert r.json()["type"].endswith("/service-unavailable")
    assert api.client.get("/v1/stock", **stock).status_code == 200


@pytest.mark.postgres
def test_requests_while_the_database_cannot_be_reached_get_503_and_write_nothing(api_pg):
    import psycopg
    from sqlalchemy import event

    # a database that is down refused new connections and every request was a 500
    # internal-error with a traceback in the log; a lost connection was already a 503
    api = api_pg
    seed_network(api)
    assert _post(api, _standard_order(1, "before"), key="before").status_code == 201
    before = _totals(api)

    def refuse(*_args):  # as a server that is down does
        raise psycopg.OperationalError("connection failed: Connection refused")

    api.store.dispose()
    event.listen(api.store.engine, "do_connect", refuse)
    stock = {"params": {"sku_id": "SKU-001"}, "headers": api.h("admin")}
    answers = [
        api.client.get("/v1/stock", **stock),
        _post(api, _standard_order(2, "down"), key="down"),
    ]
    event.remove(api.store.engine, "do_connect", refuse)
    for r in answers:
        assert r.status_code == 503, r.text
        assert r.headers["Retry-After"] == "1"
        assert r.json()["type"].endswith("/service-unavailable")
    assert api.client.get("/v1/stock", **stock).status_code == 200
    assert _totals(api) == before
    r = _post(api, _standard_order(2, "down"), key="down")
    assert r.status_code == 201 and r.headers["Idempotent-Replayed"] == "false"


def test_orders_are_routed_at_most_order_threads_at_a_time(tmp_path, monkeypatch):
    import time

    from api_helpers import make_api
    from fastapi.responses import Response

    from api.routes import orders as orders_route

    running, most = [0], [0]
    lock = threading.Lock()

    def slow_route(*_args):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return Response(b"{}", status_code=201, media_type="application/json")

    monkeypatch.setattr(orders_route, "_route", slow_route)
    for api in make_api(f"sqlite:///{tmp_path / 'a.db'}", order_threads=2):

        def post(i: int, api=api) -> int:
            return _post(api, an_order(i), key=f"k{i}").status_code

        with ThreadPoolExecutor(6) as pool:
            codes = list(pool.map(post, range(6)))
        assert codes == [201] * 6
        assert most[0] == 2
        assert orders_route.order_limiter(api.app).total_tokens == 2


def test_the_default_order_threads_follow_the_database(api):
    from api.routes.orders import order_limiter

    assert order_limiter(api.app).total_tokens == 2  # SQLite: one writer at a time


def test_an_order_costing_more_than_the_store_holds_is_refused_naming_its_lines(api_both):
    # the solver prices in exact integers; a landed cost past 2**63 - 1 cents then failed
    # the reserving write: a 500 ("bigint out of range" on PostgreSQL)
    api, h, top = api_both, api_both.h("admin"), 10**12
    site = {"id": "W1", "location": {"lat": 40.7, "lon": -74.0}, "handling_cost_per_unit": top}
    zone = {"max_distance_m": 100_000, "base_cents": 500, "per_kg_cents": 0, "transit_days": 1}
    skus = [f"S{i}" for i in range(10)]
    for path, body in (
        ("/v1/warehouses", {"warehouses": [site]}),
        ("/v1/skus", {"skus": [{"id": s, "weight_g": 1} for s in skus]}),
        (
            "/v1/carriers",
            {"carriers": [{"id": "C", "kind": "courier", "rate_card": {"zones": [zone]}}]},
        ),
        (
            "/v1/stock",
            {"items": [{"warehouse_id": "W1", "sku_id": s, "on_hand": 10**6} for s in skus]},
        ),
    ):
        assert api.client.put(path, json=body, headers=h).status_code == 200
    order = {
        "id": "bulk",
        "lines": [{"sku_id": s, "quantity": 10**6} for s in skus],  # 10**19 cents of handling
        "ship_to": {"lat": 40.73, "lon": -73.99},
        "promise": {"kind": "standard"},
    }
    r = _post(api, order)
    assert r.status_code == 422, r.text
    assert r.json()["type"] == "/problems/invalid-value"
    assert r.json()["errors"][0]["pointer"] == "/lines"
    assert "split the order" in r.json()["detail"]
    assert _totals(api)["reserved"] == 0
    r = _post(api, {**order, "lines": order["lines"][:9]}, key="k2")  # 9 * 10**18: fits
    assert r.status_code == 201, r.text
    assert r.json()["total_cost"] == 9 * 10**18 + 500
