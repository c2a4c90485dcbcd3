"""A body whose object names a key twice is refused with the pointer of the second one."""

from __future__ import annotations

import json

import pytest
from api_seed import an_order, seed_network
from fastapi.routing import APIRoute

from api.unique_keys import DuplicateKeyInBody, NumberTooLong, UniqueKeysRoute, loads_unique_keys


def test_a_body_without_duplicates_reads_as_json_loads():
    text = '{"a": [1, {"b": null}], "c~/d": "x"}'
    assert loads_unique_keys(text) == json.loads(text)


@pytest.mark.parametrize(
    ("text", "pointer", "key"),
    [
        ('{"a": 1, "a": 2}', "/a", "a"),
        ('{"lines": [{"sku_id": "s", "qty": 1}, {"qty": 1, "qty": 5}]}', "/lines/1/qty", "qty"),
        ('{"x": {"m/n~": 1, "m/n~": 2}}', "/x/m~1n~0", "m/n~"),
    ],
)
def test_a_duplicate_key_names_the_pointer_of_its_second_member(text, pointer, key):
    with pytest.raises(DuplicateKeyInBody) as err:
        loads_unique_keys(text)
    assert (err.value.pointer, err.value.key) == (pointer, key)


def test_text_that_is_not_json_still_raises_the_decode_error():
    with pytest.raises(json.JSONDecodeError):
        loads_unique_keys(b"{not json")
    with pytest.raises(UnicodeDecodeError):
        loads_unique_keys(b'{"id": "o-\xe9"}')


def test_an_integer_of_too_many_digits_is_a_typed_error():
    with pytest.raises(NumberTooLong, match="more than 4300 digits"):
        loads_unique_keys(b"[" + b"9" * 4_301 + b"]")
    assert loads_unique_keys(b"[" + b"9" * 4_300 + b"]") == [int("9" * 4_300)]


def _api_routes(routes):
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)  # FastAPI 0.165 keeps routers
        if included is not None:
            yield from _api_routes(included.routes)


def test_every_api_route_refuses_duplicate_keys(api):
    routes = list(_api_routes(api.app.routes))
    assert len(routes) > 30
    assert [r.path for r in routes if not isinstance(r, UniqueKeysRoute)] == []


def test_an_order_naming_a_field_twice_is_a_422_and_reserves_nothing(api):
    seed_network(api)
    order = an_order(0)
    text = json.dumps(order)
    body = text[:-1] + ', "id": "other-id"}'
    headers = api.h("shop", **{"Idempotency-Key": "dup-1", "content-type": "application/json"})
    r = api.client.post("/v1/orders", content=body.encode(), headers=headers)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["type"] == "/problems/invalid-request"
    assert r.json()["errors"] == [
        {"pointer": "/id", "detail": "duplicate key 'id': an object names it twice; send it once"}
    ]
    for order_id in (order["id"], "other-id"):
        r = api.client.get(f"/v1/orders/{order_id}", headers=api.h("shop"))
        assert r.status_code == 404, order_id


@pytest.mark.parametrize("path", ["/v1/scenarios", "/v1/route-plans"])
@pytest.mark.parametrize("depth", [65, 256, 900])
def test_a_body_nested_too_deeply_is_a_422_at_the_first_value_too_deep(api, path, depth):
    # 256 levels or more passed validation and failed to serialise: a 500 internal-error
    key, role = ("scenario", "planner") if path == "/v1/scenarios" else ("problem", "dispatcher")
    nested = "[" * depth + "]" * depth
    body = f'{{"{key}": {{"x": {nested}}}}}'
    r = api.client.post(
        path, content=body, headers=api.h(role, **{"content-type": "application/json"})
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [
        {
            "detail": "nested too deeply: arrays and objects go at most 64 levels deep",
            "pointer": f"/{key}/x" + "/0" * 62,
        }
    ]
