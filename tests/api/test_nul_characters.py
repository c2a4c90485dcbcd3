"""A NUL character in a path or query parameter or a body string is a 422 on both databases
(PostgreSQL cannot store or compare one: these were 500s there)."""

from __future__ import annotations

import pytest

from api.nul_characters import NulInBody, refuse_nul_in_body
from api.unique_keys import loads_unique_keys


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ('{"a": ["x", "y\\u0000"]}', "/a/1"),
        ('{"m/n": {"k\\u0000": 1}}', "/m~1n/k\\u0000"),
        ('"\\u0000"', ""),
    ],
)
def test_a_nul_in_a_body_string_names_its_pointer(text, pointer):
    with pytest.raises(NulInBody) as err:
        refuse_nul_in_body(text, loads_unique_keys(text))
    assert err.value.pointer == pointer.replace("\\u0000", "\x00")


def test_an_escaped_backslash_before_u0000_is_no_nul():
    text = '{"a": "\\\\u0000"}'  # the characters \u0000, not a NUL
    refuse_nul_in_body(text.encode(), loads_unique_keys(text))


@pytest.mark.parametrize(
    ("role", "method", "path", "parameter", "where"),
    [
        ("shop", "GET", "/v1/orders/a%00b", "order_id", "path"),
        ("shop", "POST", "/v1/orders/a%00b/cancel", "order_id", "path"),
        ("admin", "DELETE", "/v1/keys/a%00b", "key_id", "path"),
        ("dispatcher", "GET", "/v1/route-plans/a%00b", "job_id", "path"),
        ("admin", "GET", "/v1/stock?sku_id=a%00", "sku_id", "query"),
    ],
)
def test_a_nul_in_a_parameter_is_a_422_naming_it(api_both, role, method, path, parameter, where):
    r = api_both.client.request(method, path, headers=api_both.h(role))
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["type"] == "/problems/invalid-request"
    assert problem["errors"] == [
        {"parameter": parameter, "in": where, "detail": "holds a NUL character"}
    ]


def test_a_nul_in_a_body_string_is_a_422_pointing_at_it_and_writes_nothing(api_both):
    warehouse = {"id": "W1", "name": "a\x00b", "location": {"lat": 1.0, "lon": 2.0}}
    r = api_both.client.put(
        "/v1/warehouses", json={"warehouses": [warehouse]}, headers=api_both.h("admin")
    )
    assert r.status_code == 422, r.text
    problem = r.json()
    assert [e["pointer"] for e in problem["errors"]] == ["/warehouses/0/name"]
    assert "NUL" in problem["detail"]
    assert api_both.client.get("/v1/warehouses", headers=api_both.h("admin")).json()["items"] == []
