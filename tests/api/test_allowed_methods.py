"""A 405 lists in ``Allow`` every method the path is served with, not the first route's."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PATCH", "/v1/stock", "GET, PUT"),
        ("PUT", "/v1/route-plans/00000000-0000-0000-0000-000000000000", "DELETE, GET"),
        ("POST", "/v1/keys/abc", "DELETE"),
        ("POST", "/healthz", "GET, HEAD"),
    ],
)
def test_method_not_allowed_lists_every_method_of_the_path(api, method, path, allow):
    r = api.client.request(method, path)
    assert r.status_code == 405
    assert r.json()["type"] == "/problems/method-not-allowed"
    assert r.headers["allow"] == allow
