"""``/v1/keys``: the answer that shows a new key's secret is never cached."""

from __future__ import annotations


def test_a_new_keys_secret_is_sent_with_no_store(api):
    # the 201 carrying the secret had no Cache-Control: a shared cache or proxy could keep it
    r = api.client.post("/v1/keys", json={"role": "shop"}, headers=api.h("admin"))
    assert r.status_code == 201 and r.json()["key"].startswith("lgk_")
    assert r.headers["cache-control"] == "no-store"
    listed = api.client.get("/v1/keys", headers=api.h("admin"))
    assert listed.status_code == 200 and "lgk_" not in listed.text
