"""A 404 echoes at most the first 64 characters of the id it did not find (a 405 and an
unknown query parameter likewise the path and the name); a problem's ``instance`` leaves
out a path longer than 128 characters.

Regression: a 10,000-character id in a path came back whole in the problem's detail
(and in its instance).
"""

from __future__ import annotations

import re

import pytest

from api.errors import MAX_ECHOED_CHARS, MAX_INSTANCE_CHARS, echoed, request_instance

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


@pytest.mark.parametrize(
    ("method", "headers", "content", "status"),
    [
        ("GET", {"role": "shop"}, None, 404),  # an unknown order id
        ("GET", {}, None, 401),  # no key
        ("POST", {"role": "shop", "Content-Type": "text/plain"}, b"x", 415),  # ASGI middleware
    ],
    ids=["404", "401", "415"],
)
def test_instance_leaves_out_a_path_longer_than_any_the_api_serves(
    api, method, headers, content, status
):
    """Regression: ``instance`` held the whole 10,011-character path."""
    headers = dict(headers)
    role = headers.pop("role", None)
    if role:
        headers |= api.h(role)
    r = api.client.request(method, f"/v1/orders/{LONG}", headers=headers, content=content)
    assert r.status_code == status
    assert "instance" not in r.json()
    assert len(r.text) < 1000


def test_instance_is_the_path_of_the_longest_request_the_api_serves(api):
    job_id = "j" * 36  # a job id is 36 characters at most (jobs.id)
    path = f"/v1/route-plans/{job_id}/plan.geojson"
    r = api.client.get(path, headers=api.h("dispatcher"))
    assert r.status_code == 404 and r.json()["instance"] == path
    path = f"/v1/orders/{'o' * MAX_ECHOED_CHARS}/cancel"  # an order id at its limit
    r = api.client.post(path, headers=api.h("shop"))
    assert r.status_code == 404 and r.json()["instance"] == path


def test_every_path_of_the_document_fits_in_instance_with_ids_at_their_limit(api):
    document = api.client.get("/openapi.json").json()
    longest = max(len(re.sub(r"\{[^}]+\}", "x" * 64, p)) for p in document["paths"])
    assert longest <= MAX_INSTANCE_CHARS
    instance = document["components"]["schemas"]["ProblemDoc"]["properties"]["instance"]
    assert f"longer than {MAX_INSTANCE_CHARS} characters" in instance["description"]


# a space, a line break, "é" and a "/" inside an id, percent-encoded as a client sends them
ENCODED_ID = "a%20b%0Ac%C3%A9%2Fd"


@pytest.mark.parametrize(
    "path",
    [f"/v1/orders/{ENCODED_ID}", "/v1/orders/a%20b%0Ac%C3%A9"],
    ids=["no-such-path", "no-such-order"],
)
def test_instance_is_the_path_as_sent_with_its_percent_encoding(api, path):
    """Regression: ``instance`` was the decoded path, ``/v1/orders/a bcé/d``: a space is
    not allowed in a URI reference, the decoded ``/`` named another path, and the line
    break was lost (Starlette's ``request.url`` drops it); the middleware's answers kept
    it."""
    r = api.client.get(path, headers=api.h("shop"))
    assert r.status_code == 404
    assert r.json()["instance"] == path


@pytest.mark.parametrize(
    ("headers", "content", "status"),
    [
        ({"Content-Type": "text/plain"}, b"x", 415),
        ({"Content-Type": "application/json"}, b" " * (70 * 1024), 413),
    ],
    ids=["415", "413"],
)
def test_a_middleware_problem_names_the_path_as_sent(api, headers, content, status):
    """Regression: the ASGI middleware's 413 and 415 took ``instance`` from the decoded
    path too."""
    path = f"/v1/orders/{ENCODED_ID}/cancel"
    r = api.client.post(path, headers=api.h("shop") | headers, content=content)
    assert r.status_code == status
    assert r.json()["instance"] == path


def test_instance_is_measured_on_the_path_as_sent(api):
    """Its decoded path is 51 characters, as sent 131: ``instance`` is left out."""
    path = "/v1/orders/" + "%20" * 40
    assert len(path) == MAX_INSTANCE_CHARS + 3
    r = api.client.get(path, headers=api.h("shop"))
    assert r.status_code == 404 and "instance" not in r.json()
    r = api.client.get(path[:-3], headers=api.h("shop"))
    assert r.status_code == 404 and r.json()["instance"] == path[:-3]


@pytest.mark.parametrize(
    ("scope", "instance"),
    [
        ({"raw_path": b"/v1/orders/a%20b", "path": "/v1/orders/a b"}, "/v1/orders/a%20b"),
        # bytes a server passed on raw, and a "%" that starts no escape
        ({"raw_path": "/v1/o/é b\n".encode(), "path": ""}, "/v1/o/%C3%A9%20b%0A"),
        ({"raw_path": b"/v1/o/100%zz%4", "path": ""}, "/v1/o/100%25zz%254"),
        ({"path": "/v1/o/é 100%"}, "/v1/o/%C3%A9%20100%25"),  # no raw_path
    ],
    ids=["escapes-kept", "raw-bytes", "stray-percent", "no-raw-path"],
)
def test_request_instance_is_always_a_uri_reference(scope, instance):
    assert request_instance(scope) == instance


@pytest.mark.parametrize(
    ("method", "path", "role", "status", "said"),
    [
        ("GET", "/v1/nothing/a%20b%0Ac%C3%A9", "admin", 404, "nothing at {}; see /docs"),
        ("GET", f"/v1/orders/{ENCODED_ID}", "shop", 404, "nothing at {}; see /docs"),
        ("PATCH", "/v1/keys/a%20b%0Ac", "admin", 405, "PATCH is not allowed on {}; see /docs"),
        ("GET", "/v1/orders/a%0Ab?bogus=1", "shop", 422, "{} takes: "),
    ],
    ids=["404", "404-slash", "405", "unknown-query-parameter"],
)
def test_detail_quotes_the_path_as_sent(api, method, path, role, status, said):
    """Regression: ``detail`` quoted the decoded path, ``'/v1/nothing/a bcé'``: the line
    break was lost (Starlette's ``request.url`` drops it) and a ``%2F`` named another
    path, while ``instance`` held the path as sent."""
    r = api.client.request(method, path, headers=api.h(role))
    assert r.status_code == status
    sent = path.partition("?")[0]
    assert said.format(echoed(sent)) in r.json()["detail"]


def test_detail_cuts_the_path_as_sent_after_64_characters(api):
    path = "/v1/nothing/" + "%0A" * 40  # 132 characters as sent, 52 decoded
    r = api.client.get(path, headers=api.h("admin"))
    assert r.status_code == 404
    assert r.json()["detail"].startswith(f"nothing at {path[:MAX_ECHOED_CHARS]!r}... (132 ")
