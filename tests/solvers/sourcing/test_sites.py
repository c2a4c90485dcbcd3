"""Per-network constants: exact distances, pickup points near the customer, the identity cache."""

from __future__ import annotations

import numpy as np

from logistics.domain.geo import LatLon
from logistics.domain.sourcing import haversine_m
from logistics.sourcing_scenario import us_scenario
from solvers.sourcing.sites import haversine_trig, network_consts, trig


def test_haversine_trig_is_haversine_m_exactly():
    rng = np.random.default_rng(3)
    for _ in range(2_000):
        a = LatLon(float(rng.uniform(-80, 80)), float(rng.uniform(-180, 180)))
        b = LatLon(float(rng.uniform(-80, 80)), float(rng.uniform(-180, 180)))
        assert haversine_trig(trig(a), trig(b)) == haversine_m(a, b)


def test_near_points_match_brute_force():
    net = us_scenario(seed=2, n_orders=1).network
    consts = network_consts(net.warehouses, net.carriers)
    (c,) = consts.points
    carrier = net.carriers[c]
    rng = np.random.default_rng(4)
    for p in carrier.points[:40]:
        for _ in range(5):
            to = LatLon(p.lat + float(rng.normal(0, 0.1)), p.lon + float(rng.normal(0, 0.1)))
            want = [q for q in carrier.points if haversine_m(q, to) <= carrier.radius_m]
            got = consts.near_points(c, carrier.radius_m, trig(to))
            assert [q for q, _ in got] == want


def test_cached_by_identity_of_sites_and_carriers():
    net = us_scenario(seed=2, n_orders=1).network
    a = network_consts(net.warehouses, net.carriers)
    assert network_consts(net.warehouses, net.carriers) is a
    assert network_consts(tuple(list(net.warehouses)), net.carriers) is not a
    for w, site in enumerate(net.warehouses):
        allowed = [
            c
            for c, car in enumerate(net.carriers)
            if not car.warehouse_ids or site.id in car.warehouse_ids
        ]
        assert list(a.site_carriers[w]) == allowed
