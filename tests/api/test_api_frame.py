"""Health, docs, problem documents, body limit and the role of every endpoint."""

from __future__ import annotations

import json

import pytest
from api_seed import an_order, seed_network

ROLES = ("shop", "dispatcher", "planner", "admin")

# every endpoint and the one role it serves; the test below fails when a route is missing here
ROLE_OF: dict[tuple[str, str], str] = {
    ("POST", "/v1/keys"): "admin",
    ("GET", "/v1/keys"): "admin",
    ("DELETE", "/v1/keys/{key_id}"): "admin",
    ("PUT", "/v1/warehouses"): "admin",
    ("GET", "/v1/warehouses"): "admin",
    ("PUT", "/v1/skus"): "admin",
    ("PUT", "/v1/stock"): "admin",
    ("POST", "/v1/stock/adjustments"): "admin",
    ("GET", "/v1/stock"): "admin",
    ("PUT", "/v1/carriers"): "admin",
    ("GET", "/v1/carriers"): "admin",
    ("POST", "/v1/orders"): "shop",
    ("GET", "/v1/orders/{order_id}"): "shop",
    ("POST", "/v1/orders/{order_id}/cancel"): "shop",
    ("POST", "/v1/route-plans"): "dispatcher",
    ("GET", "/v1/route-plans"): "dispatcher",
    ("GET", "/v1/route-plans/{job_id}"): "dispatcher",
    ("GET", "/v1/route-plans/{job_id}/events"): "dispatcher",
    ("DELETE", "/v1/route-plans/{job_id}"): "dispatcher",
    ("GET", "/v1/route-plans/{job_id}/plan.geojson"): "dispatcher",
    ("GET", "/v1/route-plans/{job_id}/map.html"): "dispatcher",
    ("POST", "/v1/waves"): "dispatcher",
    ("GET", "/v1/waves"): "dispatcher",
    ("GET", "/v1/waves/{job_id}"): "dispatcher",
    ("GET", "/v1/waves/{job_id}/events"): "dispatcher",
    ("DELETE", "/v1/waves/{job_id}"): "dispatcher",
    ("POST", "/v1/scenarios"): "planner",
    ("GET", "/v1/scenarios"): "planner",
    ("GET", "/v1/scenarios/{job_id}"): "planner",
    ("GET", "/v1/scenarios/{job_id}/events"): "planner",
    ("DELETE", "/v1/scenarios/{job_id}"): "planner",
    ("POST", "/v1/slotting"): "dispatcher",
    ("GET", "/v1/slotting"): "dispatcher",
    ("GET", "/v1/slotting/{job_id}"): "dispatcher",
    ("GET", "/v1/slotting/{job_id}/events"): "dispatcher",
    ("DELETE", "/v1/slotting/{job_id}"): "dispatcher",
}
PUBLIC = {("GET", "/healthz"), ("GET", "/readyz")}


def _routes(app):
    for path, ops in app.openapi()["paths"].items():
        for method in ops:
            yield method.upper(), path


def test_every_route_is_listed_with_its_role(api):
    assert set(_routes(api.app)) == set(ROLE_OF) | PUBLIC


@pytest.mark.parametrize("endpoint", sorted(ROLE_OF), ids=lambda e: f"{e[0]} {e[1]}")
def test_every_endpoint_refuses_missing_bad_and_wrong_role_keys(api, endpoint):
    method, path = endpoint
    path = path.replace("{key_id}", "k").replace("{job_id}", "j").replace("{order_id}", "o")
    r = api.client.request(method, path)
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"] == "/problems/unauthorized"
    assert "WWW-Authenticate" in r.headers
    r = api.client.request(method, path, headers={"X-API-Key": "lgk_nope"})
    assert r.status_code == 401
    for role in ROLES:
        if role == ROLE_OF[endpoint]:
            continue
        r = api.client.request(method, path, headers=api.h(role))
        assert r.status_code == 403, (role, r.text)
        body = r.json()
        assert body["type"] == "/problems/forbidden"
        assert ROLE_OF[endpoint] in body["detail"]


def test_the_forbidden_detail_names_the_role_with_its_article(api):
    r = api.client.get("/v1/stock", headers=api.h("shop"))
    assert r.json()["detail"] == "a shop key may not do this; it needs a key with role admin"
    r = api.client.get("/v1/orders/o", headers=api.h("admin"))
    assert r.json()["detail"] == "an admin key may not do this; it needs a key with role shop"


def test_bearer_token_works_like_the_header(api):
    r = api.client.get("/v1/stock", headers={"Authorization": f"Bearer {api.keys['admin']}"})
    assert r.status_code == 200


def test_health_ready_and_docs(api):
    assert api.client.get("/healthz").json() == {"status": "ok"}
    ready = api.client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["database"] is True
    assert ready.json()["workers_warm"] is True  # no standby in these tests: nothing to warm
    assert api.client.get("/docs").status_code == 200
    assert "/v1/stock" in api.client.get("/openapi.json").json()["paths"]


def test_readyz_is_503_when_the_database_is_gone(api, tmp_path):
    from logistics.store import Store

    api.app.state.store = Store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    r = api.client.get("/readyz")
    assert r.status_code == 503 and r.json()["database"] is False


def test_validation_errors_are_problems_with_json_pointers(api):
    r = api.client.put(
        "/v1/stock",
        json={"items": [{"warehouse_id": "W1", "sku_id": "A", "on_hand": -1, "colour": "red"}]},
        headers=api.h("admin"),
    )
    assert r.status_code == 422
    body = r.json()
    assert body["type"] == "/problems/invalid-request"
    pointers = {e["pointer"] for e in body["errors"]}
    assert pointers == {"/items/0/on_hand", "/items/0/colour"}
    assert "/items/0/on_hand" in body["detail"]


def test_a_problem_lists_at_most_100_errors_and_counts_them_all(api):
    # a 1 MiB body of bad stock items listed 400,000 errors: a 25 MB answer, 2.5 s to write
    r = api.client.put("/v1/stock", json={"items": [{"id": 1}] * 1_000}, headers=api.h("admin"))
    assert r.status_code == 422
    problem = r.json()
    assert len(problem["errors"]) == 100
    assert problem["errors"][0] == {"detail": "Field required", "pointer": "/items/0/warehouse_id"}
    assert problem["detail"].startswith("4000 problem(s) in the request; first at /items/0/")
    assert problem["detail"].endswith("(errors lists the first 100)")


def test_domain_errors_carry_the_pointer_of_the_bad_field(api):
    r = api.client.put(
        "/v1/stock",
        json={"items": [{"warehouse_id": "W1", "sku_id": "A", "on_hand": 1}]},
        headers=api.h("admin"),
    )
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {"pointer": "/items/0/warehouse_id", "detail": "unknown warehouse"}
    ]


def test_malformed_json_is_a_problem(api):
    r = api.client.put(
        "/v1/stock",
        content=b"{not json",
        headers=api.h("admin", **{"content-type": "application/json"}),
    )
    assert r.status_code == 422 and r.json()["type"] == "/problems/invalid-request"


def test_a_body_that_is_not_json_is_refused_as_unsupported_media(api):
    body = b'{"items": []}'
    for declared in ("text/plain", "application/x-www-form-urlencoded"):
        r = api.client.put(
            "/v1/stock", content=body, headers=api.h("admin", **{"content-type": declared})
        )
        assert r.status_code == 415, declared
        assert r.headers["content-type"].startswith("application/problem+json")
        assert (
            r.json()["type"] == "/problems/unsupported-media-type"
            and declared in r.json()["detail"]
        )
        # refused in the middleware, before routing: still names the request's path
        assert r.json()["instance"] == "/v1/stock"
    for declared in ("application/json; charset=utf-8", "application/merge-patch+json"):
        r = api.client.put(
            "/v1/stock", content=body, headers=api.h("admin", **{"content-type": declared})
        )
        assert r.status_code != 415, declared


def test_a_body_without_content_type_is_read_as_json(api):
    # the pinned FastAPI leaves a body with no Content-Type unparsed: a valid order sent
    # that way was refused with 422 "Input should be a valid dictionary" at pointer ""
    seed_network(api)
    body = json.dumps(an_order(0)).encode()
    headers = api.h("shop", **{"Idempotency-Key": "no-content-type"})
    r = api.client.post("/v1/orders", content=body, headers=headers)
    assert "content-type" not in r.request.headers
    assert r.status_code == 201, r.text
    r = api.client.post(
        "/v1/orders", content=b"{not json", headers=api.h("shop", **{"Idempotency-Key": "x"})
    )
    assert r.status_code == 422 and "not valid JSON" in r.json()["errors"][0]["detail"]


def test_unknown_path_and_method(api):
    r = api.client.get("/v1/nothing")
    assert r.status_code == 404 and r.json()["type"] == "/problems/not-found"
    r = api.client.post("/healthz")
    assert r.status_code == 405 and r.json()["type"] == "/problems/method-not-allowed"


def test_every_answer_says_nosniff(api):
    # no answer carried X-Content-Type-Options: a browser could sniff a problem document
    # or GeoJSON holding a client's ids as HTML
    answers = [
        api.client.get("/healthz"),
        api.client.get("/v1/stock", headers=api.h("admin")),
        api.client.get("/v1/nothing"),  # 404 problem
        api.client.get("/v1/stock"),  # 401 problem
        api.client.put(
            "/v1/stock", content=b"x", headers={**api.h("admin"), "content-type": "text/plain"}
        ),
        api.client.put("/v1/stock", content=b" " * (70 * 1024), headers=api.h("admin")),  # 413
    ]
    assert [r.status_code for r in answers] == [200, 200, 404, 401, 415, 413]
    for r in answers:
        assert r.headers.get_list("x-content-type-options") == ["nosniff"], r.status_code


def test_body_size_limit(api):
    big = b'{"items": [' + b" " * (70 * 1024) + b"]}"
    r = api.client.put("/v1/stock", content=big, headers=api.h("admin"))
    assert r.status_code == 413 and r.json()["type"] == "/problems/payload-too-large"
    assert r.json()["instance"] == "/v1/stock"

    def chunks():
        for _ in range(80):
            yield b" " * 1024

    r = api.client.put("/v1/stock", content=chunks(), headers=api.h("admin"))
    assert r.status_code == 413 and r.json()["instance"] == "/v1/stock"


def test_unexpected_errors_never_leak_a_stack_trace(api, monkeypatch):
    import api.routes.stock as stock_routes

    def boom(*a, **k):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(stock_routes, "read_positions", boom)
    r = api.client.get("/v1/stock", headers=api.h("admin"))
    assert r.status_code == 500
    assert r.json()["type"] == "/problems/internal-error"
    assert "secret" not in r.text and "Traceback" not in r.text


def test_a_path_cannot_write_a_line_of_its_own_into_the_server_log(api, monkeypatch, caplog):
    import api.routes.orders as order_routes

    def boom(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(order_routes, "_own_order", boom)
    with caplog.at_level("ERROR", logger="api"):
        r = api.client.get("/v1/orders/x%0d%0aFAKE%20entry", headers=api.h("shop"))
    assert r.status_code == 500
    (line,) = [rec.getMessage() for rec in caplog.records if "internal error" in rec.getMessage()]
    assert line == "internal error on GET /v1/orders/x%0d%0aFAKE%20entry"


def test_keys_lifecycle(api):
    r = api.client.post("/v1/keys", json={"role": "shop", "name": "web"}, headers=api.h("admin"))
    assert r.status_code == 201
    new = r.json()
    assert new["key"].startswith("lgk_")
    listed = api.client.get("/v1/keys", headers=api.h("admin")).json()["items"]
    assert new["id"] in {k["id"] for k in listed} and "key" not in listed[0]
    assert api.client.delete(f"/v1/keys/{new['id']}", headers=api.h("admin")).status_code == 204
    assert api.client.delete(f"/v1/keys/{new['id']}", headers=api.h("admin")).status_code == 404
    r = api.client.get("/v1/stock", headers={"X-API-Key": new["key"]})
    assert r.status_code == 401


def test_a_key_name_with_a_line_break_is_refused_naming_it(api):
    # it would split `logistics keys list` (one key a line, tab-separated)
    body = {"role": "shop", "name": "web\nadmin"}
    r = api.client.post("/v1/keys", json=body, headers=api.h("admin"))
    assert r.status_code == 422
    assert [e["pointer"] for e in r.json()["errors"]] == ["/name"]
    assert len(api.client.get("/v1/keys", headers=api.h("admin")).json()["items"]) == 4


def test_keys_are_hashed_at_rest(api):
    from sqlalchemy import select

    from logistics.store.models import ApiKey

    with api.store.read() as s:
        hashes = s.scalars(select(ApiKey.key_hash)).all()
    assert api.keys["shop"] not in hashes and len(hashes) == 4


def test_a_utf8_body_with_a_byte_order_mark_is_read(api):
    content = b"\xef\xbb\xbf" + json.dumps({"role": "shop", "name": "bom"}).encode()
    headers = api.h("admin", **{"content-type": "application/json"})
    r = api.client.post("/v1/keys", content=content, headers=headers)
    assert r.status_code == 201, r.text


def test_a_repeated_query_parameter_is_refused(api):
    r = api.client.get("/v1/stock?sku_id=A&sku_id=B", headers=api.h("admin"))
    assert r.status_code == 422 and r.json()["errors"][0]["parameter"] == "sku_id"


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b'{"id": "o-\xe9"}', "it is not UTF-8 (invalid continuation byte at byte offset 10)"),
        # JSON in UTF-16 (with its BOM) was decoded and accepted
        ('{"id": "o-1"}'.encode("utf-16"), "it is not UTF-8 (invalid start byte at byte offset 0)"),
        (b"[" * 20_000 + b"]" * 20_000, "nested too deeply"),
        # was a 400 "There was an error parsing the body" without errors[]
        (b'{"id": ' + b"1" * 5_000 + b"}", "a number has more than 4300 digits"),
    ],
)
def test_a_body_that_cannot_be_parsed_is_like_malformed_json(api, content, detail):
    # was a 400 without errors[] ("There was an error parsing the body"), unlike
    # malformed JSON's 422 with pointer "" (the type invalid-request is listed as 422)
    r = api.client.post(
        "/v1/orders",
        content=content,
        headers=api.h("shop", **{"content-type": "application/json", "Idempotency-Key": "k"}),
    )
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["type"] == "/problems/invalid-request"
    assert [e["pointer"] for e in problem["errors"]] == [""]
    assert detail in problem["errors"][0]["detail"] and detail in problem["detail"]
