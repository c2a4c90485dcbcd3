"""A 404 echoes at most the first 64 characters of the id it did not find (a 405 and an
unknown query parameter likewise the path and the name).

Regression: a 10,000-character id in a path came back whole in the problem's detail.
"""

from __future__ import annotations

import pytest

from api.errors import MAX_ECHOED_CHARS, echoed

LONG = "x" * 10_000

# (method, path with {id}, role), one per kind of not-found
NOT_FOUND = [
    ("GET", "/v1/orders/{id}", "shop"),
    ("POST", "/v1/orders/{id}/cancel", "shop"),
    ("DELETE", "/v1/keys/{id}", "admin"),
    ("GET", "/v1/route-plans/{id}", "dispatcher"),
    ("GET", "/v1/route-plans/{id}/plan.geojson", "dispatcher"),
    ("GET", "/v1/waves/{id}", "dispatcher"),
    ("DELETE", "/v1/slotting/{id}", "dispatcher"),
    ("GET", "/v1/scenarios/{id}/events", "planner"),
    ("GET", "/v1/nothing/{id}", "admin"),  # no such path at all
]


@pytest.mark.parametrize(("method", "path", "role"), NOT_FOUND, ids=lambda v: str(v))
def test_a_long_id_is_echoed_cut_short(api, method, path, role):
    r = api.client.request(method, path.format(id=LONG), headers=api.h(role))
    assert r.status_code == 404 and r.json()["type"] == "/problems/not-found"
    detail = r.json()["detail"]
    unknown_path = path.startswith("/v1/nothing")  # the path is echoed, not an id
    shown = path.format(id=LONG) if unknown_path else LONG
    assert f"{shown[:MAX_ECHOED_CHARS]!r}... ({len(shown)} characters)" in detail
    assert len(detail) < 200


@pytest.mark.parametrize(("method", "path", "role"), NOT_FOUND[:-1], ids=lambda v: str(v))
def test_a_short_id_is_echoed_whole_and_quoted(api, method, path, role):
    r = api.client.request(method, path.format(id="o-1001"), headers=api.h(role))
    assert r.status_code == 404 and "'o-1001'" in r.json()["detail"]


def test_echoed_cuts_after_64_characters_and_says_how_long_the_text_was():
    assert echoed("a" * 64) == repr("a" * 64)
    assert echoed("a" * 65) == repr("a" * 64) + "... (65 characters)"
    assert echoed("x\ny") == "'x\\ny'"  # quoted as repr: a line break stays visible


def test_a_405_echoes_a_long_path_cut_short(api):
    """Regression: the 405's detail quoted the whole path (10,000 characters)."""
    r = api.client.request("PATCH", f"/v1/keys/{LONG}", headers=api.h("admin"))
    assert r.status_code == 405
    detail = r.json()["detail"]
    shown = f"/v1/keys/{LONG}"
    assert detail.startswith(f"PATCH is not allowed on {shown[:MAX_ECHOED_CHARS]!r}... ")
    assert len(detail) < 200


def test_an_unknown_query_parameter_echoes_its_name_and_the_path_cut_short(api):
    """Regression: its detail quoted the whole parameter name and path."""
    r = api.client.get(f"/v1/orders/{LONG}", params={LONG: "1"}, headers=api.h("shop"))
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail.startswith(f"unknown query parameter {echoed(LONG)}; ")
    assert len(detail) < 400
