"""IANA time zones over HTTP: warehouse ``time_zone`` and order ``customer_time_zone``."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from api_seed import an_order, scenario
from sqlalchemy import select

from api.ordering import local_day
from api.seed import scenario_payloads
from logistics.store import stock_totals
from logistics.store.models import Shipment

ZONES = {-5 * 3600: "America/New_York", -6 * 3600: "America/Chicago",
         -7 * 3600: "America/Denver", -8 * 3600: "America/Los_Angeles"}  # fmt: skip
SITES = {
    "warehouses": [
        {"id": "ORD", "location": {"lat": 41.9, "lon": -87.6}, "time_zone": "America/Chicago"},
        {"id": "PHX", "location": {"lat": 33.4, "lon": -112.0}, "utc_offset_s": -25_200},
    ]
}


def test_warehouse_time_zone_round_trips(api_both):
    api, h = api_both, api_both.h("admin")
    assert api.client.put("/v1/warehouses", json=SITES, headers=h).json() == {"written": 2}
    got = {w["id"]: w for w in api.client.get("/v1/warehouses", headers=h).json()["items"]}
    assert (got["ORD"]["time_zone"], got["ORD"]["utc_offset_s"]) == ("America/Chicago", 0)
    assert (got["PHX"]["time_zone"], got["PHX"]["utc_offset_s"]) == (None, -25_200)
    # what GET returns can be PUT back as it is
    back = {"warehouses": [{k: v for k, v in got["ORD"].items()}]}
    assert api.client.put("/v1/warehouses", json=back, headers=h).status_code == 200
    # and a zone can be swapped for an offset
    fixed = {"warehouses": [{**SITES["warehouses"][0], "time_zone": None, "utc_offset_s": -21600}]}
    assert api.client.put("/v1/warehouses", json=fixed, headers=h).status_code == 200
    got = {w["id"]: w for w in api.client.get("/v1/warehouses", headers=h).json()["items"]}
    assert (got["ORD"]["time_zone"], got["ORD"]["utc_offset_s"]) == (None, -21_600)


def _refused(r, pointer):
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"][0]["pointer"] == pointer
    return r.json()


def test_bad_warehouse_zones_are_422_with_pointer_and_nothing_is_stored(api):
    h = api.h("admin")
    bad = {"warehouses": [SITES["warehouses"][1], {**SITES["warehouses"][0], "time_zone": "CST6"}]}
    body = _refused(
        api.client.put("/v1/warehouses", json=bad, headers=h), "/warehouses/1/time_zone"
    )
    assert "CST6" in body["detail"] or "CST6" in str(body["errors"])
    both = {"warehouses": [{**SITES["warehouses"][0], "utc_offset_s": -21_600}]}
    _refused(api.client.put("/v1/warehouses", json=both, headers=h), "/warehouses/0/utc_offset_s")
    empty = {"warehouses": [{**SITES["warehouses"][0], "time_zone": ""}]}
    _refused(api.client.put("/v1/warehouses", json=empty, headers=h), "/warehouses/0/time_zone")
    assert api.client.get("/v1/warehouses", headers=h).json()["items"] == []


def _seed_zoned(api):
    """The API test network with every site on its US zone instead of a fixed offset."""
    p = scenario_payloads(scenario())
    for w in p["warehouses"]["warehouses"]:
        w["time_zone"] = ZONES.get(w.pop("utc_offset_s"), "America/Phoenix")
    h = api.h("admin")
    for name in ("warehouses", "skus", "carriers", "stock"):
        r = api.client.put(f"/v1/{name}", json=p[name], headers=h)
        assert r.status_code == 200, r.text


def _post(api, body, key):
    return api.client.post(
        "/v1/orders", json=body, headers=api.h("shop", **{"Idempotency-Key": key})
    )


def test_orders_route_on_zoned_sites_and_bad_customer_zones_store_nothing(api_both):
    api = api_both
    _seed_zoned(api)
    with api.store.read() as s:
        before = stock_totals(s)
    r = _post(api, an_order(0, customer_time_zone="Mars/Base"), "k1")
    _refused(r, "/customer_time_zone")
    r = _post(
        api, an_order(0, customer_time_zone="America/New_York", customer_utc_offset_s=0), "k2"
    )
    _refused(r, "/customer_utc_offset_s")
    assert (
        api.client.get(f"/v1/orders/{an_order(0)['id']}", headers=api.h("shop")).status_code == 404
    )
    with api.store.read() as s:
        assert stock_totals(s) == before
    r = _post(api, an_order(0, customer_time_zone="America/New_York"), "k3")
    assert r.status_code == 201, r.text
    assert r.json()["explanation"]["status"] == "sourced"
    # the capacity day of each shipment is its site's local (daylight) date
    with api.store.read() as s:
        rows = s.execute(select(Shipment.warehouse_id, Shipment.day)).all()
    sites = {w.id: w for w in scenario().network.warehouses}
    created = int(dt.datetime.fromisoformat(an_order(0)["created_at"]).timestamp())
    for wid, day in rows:
        tz = ZoneInfo(ZONES.get(sites[wid].utc_offset_s, "America/Phoenix"))
        assert day == dt.datetime.fromtimestamp(created, tz).date().isoformat()


def test_local_day_of_a_zone_follows_daylight_time():
    t = int(dt.datetime(2026, 6, 2, 4, 30, tzinfo=dt.UTC).timestamp())  # 00:30 EDT
    assert local_day(t, ZoneInfo("America/New_York")) == "2026-06-02"
    assert local_day(t, -5 * 3600) == "2026-06-01"  # a fixed EST offset is still on the 1st
