"""``/v1/keys``: the answer that shows a new key's secret is never cached."""

from __future__ import annotations


def test_a_new_keys_secret_is_sent_with_no_store(api):
    # the 201 carrying the secret had no Cache-Control: a shared cache or proxy could keep it
    r = api.client.post("/v1/keys", json={"role": "shop"}, headers=api.h("admin"))
    assert r.status_code == 201 and r.json()["key"].startswith("lgk_")
    assert r.headers["cache-control"] == "no-store"
    listed = api.client.get("/v1/keys", headers=api.h("admin"))
    assert listed.status_code == 200 and "lgk_" not in listed.text


def test_the_last_live_admin_key_is_not_revoked(api_both):
    # DELETE /v1/keys/{id} revoked it, and then no key could manage keys over HTTP
    api, h = api_both, api_both.h("admin")
    keys = api.client.get("/v1/keys", headers=h).json()["items"]
    (admin,) = [k["id"] for k in keys if k["role"] == "admin"]
    shop = next(k["id"] for k in keys if k["role"] == "shop")
    r = api.client.delete(f"/v1/keys/{admin}", headers=h)
    assert r.status_code == 409, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["type"] == "/problems/last-admin-key"
    assert admin in problem["detail"] and "Create another admin key first" in problem["detail"]
    assert api.client.get("/v1/keys", headers=h).status_code == 200  # still live
    assert api.client.delete(f"/v1/keys/{shop}", headers=h).status_code == 204  # others go
    second = api.client.post("/v1/keys", json={"role": "admin"}, headers=h).json()
    assert api.client.delete(f"/v1/keys/{admin}", headers=h).status_code == 204  # itself
    h2 = {"X-API-Key": second["key"]}
    r = api.client.delete(f"/v1/keys/{second['id']}", headers=h2)
    assert r.status_code == 409 and r.json()["type"] == "/problems/last-admin-key"
    r = api.client.delete(f"/v1/keys/{admin}", headers=h2)  # already revoked: as before
    assert r.status_code == 404
    assert [k["role"] for k in api.client.get("/v1/keys", headers=h2).json()["items"]].count(
        "admin"
    ) == 1
