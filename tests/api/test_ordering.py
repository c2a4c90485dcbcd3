"""The order path's network cache (api.ordering.NetworkCache) and the days a warehouse
ships an order on (api.ordering.ship_days)."""

from __future__ import annotations

import contextlib
import datetime as dt

import api.ordering as ordering
from api.ordering import NetworkCache
from logistics.domain import LatLon
from logistics.domain.carriers import Carrier, CarrierKind, RateCard, RateZone
from logistics.domain.network import Warehouse


class _Store:
    def read(self):
        return contextlib.nullcontext(None)


def test_a_network_read_that_an_admin_write_overtakes_is_not_kept(monkeypatch):
    # an order's read began before an admin's PUT cleared the cache and ended after it:
    # its (old) network was kept for ttl_s more seconds, so this process went on deciding
    # on the warehouses and carriers the admin had just changed
    cache = NetworkCache(ttl_s=60)
    reads = []

    def load_warehouses(session):
        reads.append("read")
        if len(reads) == 1:
            cache.clear()  # the admin's write lands while the first read runs
        return [f"warehouses as of read {len(reads)}"]

    monkeypatch.setattr(ordering, "load_warehouses", load_warehouses)
    monkeypatch.setattr(ordering, "load_carriers", lambda session: [])
    assert cache.get(_Store()).warehouses == ("warehouses as of read 1",)
    assert cache.get(_Store()).warehouses == ("warehouses as of read 2",)
    assert cache.get(_Store()).warehouses == ("warehouses as of read 2",)  # cached now


def test_a_sku_read_that_an_admin_write_overtakes_is_not_kept(monkeypatch):
    cache = NetworkCache(ttl_s=60)
    reads = []

    def read_skus(conn, sku_ids):
        reads.append("read")
        if len(reads) == 1:
            cache.clear()
        return [(i, 100 * len(reads), 0, "general", None) for i in sku_ids]

    monkeypatch.setattr(ordering, "read_skus", read_skus)
    assert [s.weight_g for s in cache.skus(None, ["A"])] == [100]
    assert [s.weight_g for s in cache.skus(None, ["A"])] == [200]
    assert [s.weight_g for s in cache.skus(None, ["A"])] == [200]


def _card() -> RateCard:
    return RateCard((RateZone(100_000, 500, 0, 1),))


def test_ship_days_are_the_days_each_carrier_leaves_the_site():
    """An order after the last cut-off ships (and takes capacity) the next day; the days
    follow each carrier's own collection times and the carriers that collect there."""
    h = 3600
    site = {"capacity_per_day": 1, "cutoffs_s": (11 * h, 14 * h), "utc_offset_s": -5 * h}
    near = Warehouse("NEAR", LatLon(40, -75), **site)
    other = Warehouse("OTHER", LatLon(40, -75), **site)
    ground = Carrier("GROUND", CarrierKind.COURIER, rate_card=_card(), last_pickup_s=18 * h)
    vans = Carrier("VANS", CarrierKind.OWN_FLEET, rate_card=_card(), last_pickup_s=11 * h,
                   warehouse_ids=frozenset({"NEAR"}))  # fmt: skip
    lockers = Carrier("LOCKERS", CarrierKind.PICKUP_POINT, rate_card=_card(), last_pickup_s=11 * h,
                      radius_m=5000, points=(LatLon(40, -75),))  # fmt: skip
    instant = Carrier("INSTANT", CarrierKind.INSTANT, radius_m=40_000, last_pickup_s=21 * h,
                      handover_s=2700)  # fmt: skip

    def at(local: str) -> int:
        return int(dt.datetime.fromisoformat(local + "-05:00").timestamp())

    def days(now, carriers, pickup_points=False):
        net = ordering.Network((near, other), tuple(carriers))
        got = {w.id: ordering.ship_days(now, w, carriers, pickup_points) for w in (near, other)}
        body = type("Body", (), {"accept_pickup_point": pickup_points})()
        order = type("Order", (), {"created_at": now})()
        assert ordering._order_ship_days(body, order, net) == got  # grouped the same
        return got

    assert days(at("2032-03-10T10:00"), [ground, vans])["NEAR"] == ("2032-03-10",)
    noon = days(at("2032-03-10T12:00"), [ground, vans])  # vans leave at tomorrow's 11:00
    assert noon == {"NEAR": ("2032-03-10", "2032-03-11"), "OTHER": ("2032-03-10",)}
    assert days(at("2032-03-10T15:00"), [ground, vans])["NEAR"] == ("2032-03-11",)
    assert days(at("2032-03-10T12:00"), [ground, lockers])["OTHER"] == ("2032-03-10",)
    both = days(at("2032-03-10T12:00"), [ground, lockers], pickup_points=True)["OTHER"]
    assert both == ("2032-03-10", "2032-03-11")
    late = days(at("2032-03-10T20:00"), [ground, instant])["NEAR"]  # ground: tomorrow
    assert late == ("2032-03-10", "2032-03-11")
    assert days(at("2032-03-10T20:30"), [instant])["NEAR"] == ("2032-03-11",)  # ready 21:15
    assert days(at("2032-03-10T20:30"), [])["NEAR"] == ("2032-03-10",)  # no carrier: today
