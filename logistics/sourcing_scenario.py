"""A seeded sourcing scenario on the US fulfillment network (benchmarks, CLI default, tests).

Network
    The 10 fulfillment centres of ``datasets/us_fulfillment_network`` (cut-offs
    14:00 and 18:00 local, 10,000 orders a day, handling 1.50 per order + 0.25 per
    unit) plus ``forward`` forward warehouses in the most populous demand cities
    (cut-offs 11:00, 14:00 and 18:00, 400 orders a day, handling 2.00 + 0.30 --
    city sites cost more per order).
Carriers (cents)
    ``GROUND`` parcel courier by straight-line zone: <=250 km 1 day 6.50 + 0.40/kg,
    <=800 km 2 days 8.00 + 0.60/kg, <=1,600 km 3 days 9.50 + 0.80/kg, <=2,800 km
    4 days 11.00 + 1.00/kg, <=5,000 km 5 days 13.00 + 1.20/kg, collected by 18:00,
    delivered by 20:00. ``EXPRESS`` next-day air: <=800 km 15.00 + 1.00/kg,
    <=5,000 km 24.00 + 1.50/kg. ``INSTANT`` same-city courier within 40 km: 5.00 +
    1.20 per road km (road factor 1.3), 30 km/h, at most 20 kg, 08:00-21:00, 45 min
    hand-over. ``VANS`` own last-mile fleet from the forward warehouses: <=60 km,
    same day, 4.00 + 0.10/kg, leaves at the 14:00 cut-off, delivered by 21:00.
    ``LOCKERS`` pickup points at the 99 city centres (customers within 15 km),
    ground zones 1.50 cheaper.
Catalog and stock
    ``n_skus`` SKUs with Zipf(1.1) popularity, unit weights log-uniform 0.2-8 kg;
    the last 6 SKUs form 3 two-piece kits. Stock of each SKU is ``coverage`` times
    its expected demand over the stream (estimated from an independent sample of
    the same order distribution, not from the stream itself), spread over the centres with random
    (Dirichlet) shares (the two parts of a kit with the same shares: kits are
    stocked as kits) -- deliberately *not* proportional to local demand, as
    after a season of imperfect replenishment -- and each forward warehouse holds
    ``forward_cover`` times its city's expected demand of the 20 most popular SKUs.
Orders
    ``n_orders`` orders arriving uniformly over ``days`` days from the first day
    00:00 US Eastern; the ship-to is a demand city drawn by population, jittered
    up to ~15 km; 1 + Poisson(0.7) lines (SKUs by popularity, without repeats),
    quantity 1 (85%), 2 (10%) or 3 (5%); promise standard 5 days 55%, next day
    30%, same day 10%, same city 4 h 5%; channel web 80%, marketplace 20%
    (marketplace orders leave 1 unit of safety stock per site and SKU).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logistics.datasets.us_network import USNetwork, read_us_network
from logistics.domain.carriers import Carrier, CarrierKind, RateCard, RateZone
from logistics.domain.catalog import Sku
from logistics.domain.geo import LatLon
from logistics.domain.network import Warehouse, WarehouseKind
from logistics.domain.orders import Order, OrderLine, Promise, PromiseKind
from logistics.domain.sourcing import NetworkSnapshot, SourcingRules

__all__ = ["SourcingScenario", "us_carriers", "us_scenario", "START_UNIX"]

START_UNIX = 1_780_290_000  # 2026-06-01T05:00:00Z = 00:00 US Eastern (standard)
_H = 3600


def us_carriers(
    forward_ids: frozenset[str] = frozenset(), lockers: tuple[LatLon, ...] = ()
) -> tuple[Carrier, ...]:
    """The scenario's carriers (see the module docstring)."""
    ground = RateCard(
        (
            RateZone(250_000, 650, 40, 1),
            RateZone(800_000, 800, 60, 2),
            RateZone(1_600_000, 950, 80, 3),
            RateZone(2_800_000, 1100, 100, 4),
            RateZone(5_000_000, 1300, 120, 5),
        )
    )
    carriers = [
        Carrier("GROUND", CarrierKind.COURIER, ground, last_pickup_s=18 * _H),
        Carrier(
            "EXPRESS",
            CarrierKind.COURIER,
            RateCard((RateZone(800_000, 1500, 100, 1), RateZone(5_000_000, 2400, 150, 1))),
            last_pickup_s=18 * _H,
        ),
        Carrier(
            "INSTANT",
            CarrierKind.INSTANT,
            base_cents=500,
            per_km_cents=120,
            radius_m=40_000,
            speed_kmh=30,
            max_weight_g=20_000,
            first_pickup_s=8 * _H,
            last_pickup_s=21 * _H,
            handover_s=45 * 60,
        ),
    ]
    if forward_ids:
        carriers.append(
            Carrier(
                "VANS",
                CarrierKind.OWN_FLEET,
                RateCard((RateZone(60_000, 400, 10, 0),)),
                last_pickup_s=14 * _H,
                delivery_by_s=21 * _H,
                warehouse_ids=forward_ids,
            )
        )
    if lockers:
        zones = tuple(
            RateZone(z.max_distance_m, z.base_cents - 150, z.per_kg_cents, z.transit_days)
            for z in ground.zones
        )
        carriers.append(
            Carrier(
                "LOCKERS",
                CarrierKind.PICKUP_POINT,
                RateCard(zones),
                radius_m=15_000,
                last_pickup_s=18 * _H,
                points=lockers,
            )
        )
    return tuple(carriers)


@dataclass(frozen=True, eq=False)
class SourcingScenario:
    """A generated network snapshot (start of the stream), order stream and rules."""

    network: NetworkSnapshot
    orders: tuple[Order, ...]
    rules: SourcingRules
    order_city: np.ndarray  # demand-city index of each order
    us: USNetwork
    sku_popularity: np.ndarray
    units_per_order: np.ndarray  # forecast: expected units of each SKU per order
    seed: int


def us_scenario(
    seed: int = 7,
    n_orders: int = 2000,
    *,
    n_skus: int = 40,
    forward: int = 10,
    coverage: float = 1.05,
    days: int = 1,
    forward_cover: float = 1.0,
    lockers: bool = True,
    rules: SourcingRules | None = None,
) -> SourcingScenario:
    """Generate the scenario described in the module docstring (deterministic for ``seed``)."""
    rng = np.random.default_rng(seed)
    us = read_us_network()
    cities = us.cities
    pop = np.array([c.population for c in cities], dtype=float)
    city_p = pop / pop.sum()
    sites: list[Warehouse] = list(us.centers)
    big = np.argsort(-pop, kind="stable")[:forward]
    forward_ids = []
    for rank, ci in enumerate(big):
        c = cities[int(ci)]
        fid = f"FWD-{rank + 1:02d}"
        forward_ids.append(fid)
        sites.append(
            Warehouse(
                id=fid,
                location=c.location,
                capacity_per_day=400,
                cutoffs_s=(11 * _H, 14 * _H, 18 * _H),
                handling_cost_per_order=200,
                handling_cost_per_unit=30,
                kind=WarehouseKind.FORWARD,
                utc_offset_s=c.utc_offset_s,
                name=f"forward {c.name}",
            )
        )
    ranks = np.arange(1, n_skus + 1, dtype=float)
    popularity = ranks**-1.1
    popularity /= popularity.sum()
    weights = np.exp(rng.uniform(np.log(200), np.log(8000), n_skus)).round().astype(int)
    skus = []
    for k in range(n_skus):
        kit = None
        if k >= n_skus - 6:
            kit = f"KIT-{(k - (n_skus - 6)) // 2 + 1}"
        skus.append(Sku(f"SKU-{k + 1:03d}", weight_g=int(weights[k]), kit_id=kit))
    # Orders.
    mean_lines = 1.7

    def sample_lines(r: np.random.Generator) -> list[OrderLine]:
        n_lines = min(1 + int(r.poisson(mean_lines - 1)), n_skus)
        picked = r.choice(n_skus, n_lines, replace=False, p=popularity)
        lines = []
        for k in sorted(int(x) for x in picked):
            q = int(r.choice(3, p=[0.85, 0.10, 0.05])) + 1
            lines.append(OrderLine(skus[k].id, q))
            if skus[k].kit_id is not None:  # a kit is sold whole: add its partner SKU
                partner = k + 1 if (k - (n_skus - 6)) % 2 == 0 else k - 1
                if partner not in picked:
                    lines.append(OrderLine(skus[partner].id, q))
        return sorted({ln.sku_id: ln for ln in lines}.values(), key=lambda ln: ln.sku_id)

    orders: list[Order] = []
    order_city = np.empty(n_orders, dtype=np.int64)
    times = np.sort(rng.integers(0, days * 86_400, n_orders))
    kinds = rng.choice(4, n_orders, p=[0.55, 0.30, 0.10, 0.05])
    promises = (
        Promise(PromiseKind.STANDARD, standard_days=5),
        Promise(PromiseKind.NEXT_DAY),
        Promise(PromiseKind.SAME_DAY),
        Promise(PromiseKind.SAME_CITY, hours=4),
    )
    for n in range(n_orders):
        ci = int(rng.choice(len(cities), p=city_p))
        order_city[n] = ci
        c = cities[ci]
        r_km = 15.0 * np.sqrt(rng.random())
        ang = rng.random() * 2 * np.pi
        lat = c.location.lat + r_km / 111.0 * np.cos(ang)
        lon = c.location.lon + r_km / (111.0 * np.cos(np.radians(c.location.lat))) * np.sin(ang)
        lines = sample_lines(rng)
        orders.append(
            Order(
                id=f"O{n + 1:06d}",
                lines=tuple(lines),
                ship_to=LatLon(round(float(lat), 5), round(float(lon), 5)),
                promise=promises[int(kinds[n])],
                created_at=START_UNIX + int(times[n]),
                channel="marketplace" if rng.random() < 0.2 else "web",
            )
        )
    # The forecast: units per order of each SKU, from an independent sample of the
    # same distribution (what a planner knows from history, not the stream itself).
    history = np.random.default_rng([seed, 1])
    units = np.zeros(n_skus)
    n_hist = max(n_orders, 5000)
    for _ in range(n_hist):
        for ln in sample_lines(history):
            units[int(ln.sku_id[4:]) - 1] += ln.quantity
    per_order = units / n_hist
    expected = per_order * n_orders
    # Stock: coverage x expected demand, random shares over the centres.
    n_fc = len(us.centers)
    avail = np.zeros((len(sites), n_skus), dtype=np.int64)
    for k in range(n_skus):
        total = int(np.ceil(coverage * expected[k]))
        share = rng.dirichlet(np.full(n_fc, 0.6))
        avail[:n_fc, k] = rng.multinomial(total, share)
    for k in range(n_skus - 6, n_skus, 2):  # kit parts are stocked together, as kits
        total = int(max(avail[:n_fc, k].sum(), avail[:n_fc, k + 1].sum()))
        kits = rng.multinomial(total, rng.dirichlet(np.full(n_fc, 0.6)))
        avail[:n_fc, k] = kits
        avail[:n_fc, k + 1] = kits
    top = np.argsort(-popularity, kind="stable")[:20]
    for f, ci in enumerate(big):  # forward sites: their city's expected demand, top SKUs
        local = city_p[int(ci)] * expected * forward_cover
        avail[n_fc + f, top] = np.ceil(local[top]).astype(np.int64)
    cap = np.array([s.capacity_per_day for s in sites], dtype=np.int64)
    lock = tuple(c.location for c in cities) if lockers else ()
    carriers = us_carriers(frozenset(forward_ids), lock)
    network = NetworkSnapshot(
        tuple(sites), tuple(skus), carriers, avail, cap, road_factor=1.3, taken_at=START_UNIX
    )
    rules = rules or SourcingRules(
        max_shipments=3, cost_per_extra_shipment=300, safety_stock_by_channel={"marketplace": 1}
    )
    return SourcingScenario(
        network=network,
        orders=tuple(orders),
        rules=rules,
        order_city=order_city,
        us=us,
        sku_popularity=popularity,
        units_per_order=per_order,
        seed=seed,
    )
