"""A route that takes a body checks the key and its role before reading the body."""

from __future__ import annotations

import pytest

BODY_ROUTES = [
    ("POST", "/v1/orders", "shop"),
    ("POST", "/v1/keys", "admin"),
    ("PUT", "/v1/warehouses", "admin"),
    ("PUT", "/v1/skus", "admin"),
    ("PUT", "/v1/carriers", "admin"),
    ("PUT", "/v1/stock", "admin"),
    ("POST", "/v1/stock/adjustments", "admin"),
    ("POST", "/v1/route-plans", "dispatcher"),
    ("POST", "/v1/waves", "dispatcher"),
    ("POST", "/v1/slotting", "dispatcher"),
    ("POST", "/v1/scenarios", "planner"),
]
MALFORMED = [b"{", b'{"a": 1, "a": 2}', b"[" * 5000 + b"]" * 5000, b"\xff\xfe{"]


@pytest.mark.parametrize("body", MALFORMED)
@pytest.mark.parametrize(("method", "path", "role"), BODY_ROUTES)
def test_no_key_is_a_401_whatever_the_body(api, method, path, role, body):
    # was: a 422 describing the JSON (the body was parsed before the key was looked at)
    json_type = {"content-type": "application/json"}
    for headers in ({}, {"X-API-Key": "lgk_unknown"}, {"Authorization": "Bearer nope"}):
        r = api.client.request(method, path, content=body, headers={**headers, **json_type})
        assert r.status_code == 401, r.text
        assert r.json()["type"] == "/problems/unauthorized"
    wrong = "planner" if role != "planner" else "shop"
    r = api.client.request(method, path, content=body, headers=api.h(wrong, **json_type))
    assert r.status_code == 403, r.text
    r = api.client.request(method, path, content=body, headers=api.h(role, **json_type))
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["pointer"] in ("", "/a")


def test_a_key_checked_first_is_looked_up_once(api, monkeypatch):
    from api import deps

    reads = []
    lookup = deps.lookup_key
    monkeypatch.setattr(
        deps, "lookup_key", lambda store, secret: reads.append(1) or lookup(store, secret)
    )
    api.app.state.key_cache.clear()
    r = api.client.put("/v1/skus", json={"skus": [{"id": "A"}]}, headers=api.h("admin"))
    assert r.status_code == 200 and len(reads) == 1
