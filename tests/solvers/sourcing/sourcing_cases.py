"""Small random sourcing problems for exactness tests (kept tiny so brute force is quick)."""

from __future__ import annotations

import numpy as np

from logistics.domain import LatLon, Order, OrderLine, Promise, PromiseKind, Sku, Warehouse
from logistics.domain.network import WarehouseKind
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem, SourcingRules
from logistics.sourcing_scenario import START_UNIX, us_carriers

CITIES = [
    LatLon(40.71, -74.00),
    LatLon(41.88, -87.63),
    LatLon(34.05, -118.24),
    LatLon(29.76, -95.37),
    LatLon(33.45, -112.07),
    LatLon(39.95, -75.17),
    LatLon(32.78, -96.80),
    LatLon(47.61, -122.33),
]


def random_problem(seed: int, n_sites: int = 5, n_lines: int = 4, **rule_kw) -> SourcingProblem:
    rng = np.random.default_rng(seed)
    sites = []
    for i in range(n_sites):
        base = CITIES[int(rng.integers(len(CITIES)))]
        loc = LatLon(base.lat + rng.normal(0, 0.1), base.lon + rng.normal(0, 0.1))
        sites.append(
            Warehouse(
                f"W{i}",
                loc,
                capacity_per_day=0 if i and rng.random() < 0.15 else 10,
                cutoffs_s=(14 * 3600, 18 * 3600),
                handling_cost_per_order=int(rng.integers(100, 300)),
                handling_cost_per_unit=int(rng.integers(10, 40)),
                kind=WarehouseKind.FORWARD if i % 2 else WarehouseKind.FULFILLMENT_CENTER,
                utc_offset_s=-int(rng.integers(5, 9)) * 3600,
            )
        )
    n_skus = n_lines + 2
    skus = []
    for k in range(n_skus):
        kit = "K1" if k in (0, 1) and seed % 3 == 0 else None
        skus.append(Sku(f"S{k}", weight_g=int(rng.integers(100, 12_000)), kit_id=kit))
    avail = rng.integers(1, 5, (n_sites, n_skus)) * (rng.random((n_sites, n_skus)) < 0.7)
    cap = np.array([w.capacity_per_day for w in sites])
    forward = frozenset(w.id for w in sites if w.kind == WarehouseKind.FORWARD)
    net = NetworkSnapshot(
        tuple(sites), tuple(skus), us_carriers(forward, tuple(CITIES)), avail, cap
    )
    chosen = rng.choice(n_skus, n_lines, replace=False)
    lines = tuple(OrderLine(f"S{int(k)}", int(rng.integers(1, 3))) for k in sorted(chosen))
    base = CITIES[int(rng.integers(len(CITIES)))]
    kind = [PromiseKind.STANDARD, PromiseKind.NEXT_DAY, PromiseKind.SAME_DAY][seed % 3]
    order = Order(
        f"o{seed}",
        lines,
        LatLon(base.lat + rng.normal(0, 0.05), base.lon + rng.normal(0, 0.05)),
        Promise(kind),
        START_UNIX + int(rng.integers(0, 86_400)),
        channel="marketplace" if seed % 4 == 0 else "web",
    )
    rules = SourcingRules(
        max_shipments=rule_kw.pop("max_shipments", int(rng.integers(1, 4))),
        cost_per_extra_shipment=int(rng.integers(0, 500)),
        safety_stock_by_channel={"marketplace": 1},
        **rule_kw,
    )
    return SourcingProblem(order, net, rules, accept_pickup_point=bool(seed % 2))


def large_order(n_lines: int = 22, max_shipments: int = 8, seed: int = 7) -> SourcingProblem:
    """One order of ``n_lines`` single units (more than the subset search takes, so
    CP-SAT decides it) on the generated US network, shipped in up to ``max_shipments``
    parcels: 22 lines and 8 parcels take CP-SAT 1.4 s of its default 2 s to prove."""
    from dataclasses import replace

    from logistics.sourcing_scenario import us_scenario

    sc = us_scenario(seed=seed, n_orders=1)
    skus = [s.id for s in sc.network.skus if s.kit_id is None][:n_lines]
    order = replace(
        sc.orders[0],
        lines=tuple(OrderLine(k, 1) for k in skus),
        promise=Promise(PromiseKind.STANDARD, standard_days=5),
    )
    return SourcingProblem(order, sc.network, replace(sc.rules, max_shipments=max_shipments))
