"""Liveness and readiness answer HEAD as well as GET (monitors probe with HEAD)."""

from __future__ import annotations


def test_health_endpoints_answer_head_like_get(api):
    for path in ("/healthz", "/readyz"):
        got = api.client.get(path)
        head = api.client.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b""


def test_readiness_head_is_503_when_the_database_is_gone(api, monkeypatch):
    monkeypatch.setattr(api.store, "ping", lambda: False)
    assert api.client.head("/readyz").status_code == 503
    r = api.client.get("/readyz")
    assert r.status_code == 503 and r.json()["database"] is False
