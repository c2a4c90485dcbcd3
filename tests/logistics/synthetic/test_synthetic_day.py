"""The synthetic day generator: determinism, shape, and use of the domain classes."""

import json
from collections import Counter

import numpy as np
import pytest

from logistics.domain import (
    Carrier,
    CarrierKind,
    InventoryPosition,
    Order,
    PromiseKind,
    Sku,
    Vehicle,
    Warehouse,
    WarehouseKind,
)
from logistics.errors import InvalidValueError
from logistics.paths import datasets_root
from logistics.synthetic import RIO_DE_JANEIRO, DayConfig, SyntheticDay, generate_day

H = 3600


@pytest.fixture(scope="module")
def day() -> SyntheticDay:
    return generate_day(seed=11, n_orders=1500)


def test_same_seed_same_day_and_other_seed_other_day():
    a, b = generate_day(seed=5, n_orders=120), generate_day(DayConfig(seed=5, n_orders=120))
    assert a == b
    assert a.orders == b.orders and a.inventory == b.inventory and a.skus == b.skus
    c = generate_day(seed=6, n_orders=120)
    assert c.orders != a.orders
    assert [o.ship_to for o in c.orders] != [o.ship_to for o in a.orders]


def test_parts_have_independent_streams():
    base = generate_day(seed=3, n_orders=100, n_skus=50)
    more_orders = generate_day(seed=3, n_orders=200, n_skus=50)
    assert more_orders.skus == base.skus
    assert more_orders.sku_popularity == base.sku_popularity
    other_catalog = generate_day(seed=3, n_orders=100, n_skus=80)
    assert [o.created_at for o in other_catalog.orders] == [o.created_at for o in base.orders]
    assert [o.ship_to for o in other_catalog.orders] == [o.ship_to for o in base.orders]


def test_everything_is_domain_objects(day):
    assert all(isinstance(w, Warehouse) for w in day.warehouses)
    assert all(isinstance(s, Sku) for s in day.skus)
    assert all(isinstance(p, InventoryPosition) for p in day.inventory)
    assert all(isinstance(o, Order) for o in day.orders)
    assert all(isinstance(c, Carrier) for c in day.carriers)
    assert all(isinstance(v, Vehicle) for v in day.vehicles)


def test_orders_over_the_local_day(day):
    assert len(day.orders) == 1500
    ids = [o.id for o in day.orders]
    assert len(set(ids)) == len(ids) and ids == sorted(ids)
    created = [o.created_at for o in day.orders]
    assert created == sorted(created)
    local = np.array([day.local_time_s(t) for t in created])
    assert local.min() >= 0 and local.max() < 24 * H
    # 2026-03-02 00:00 in Rio (UTC-3) is 03:00 UTC
    assert day.day_start_utc == 1_772_420_400
    by_hour = Counter(local // H)
    assert by_hour[11] > 3 * by_hour[4]  # midday peak vs the night trough
    assert by_hour[20] > 3 * by_hour[3]  # evening peak


def test_addresses_follow_the_loggi_sample_area(day):
    pts = np.array([(o.ship_to.lat, o.ship_to.lon) for o in day.orders])
    c = RIO_DE_JANEIRO
    assert (pts[:, 0] >= c.south).all() and (pts[:, 0] <= c.north).all()
    assert (pts[:, 1] >= c.west).all() and (pts[:, 1] <= c.east).all()
    # the box is the Loggi samples' bounding box
    lats, lons = [], []
    for f in (datasets_root() / "loggibud_rj_samples" / "instances").glob("*.json"):
        d = json.loads(f.read_text())
        lats += [x["point"]["lat"] for x in d["deliveries"]]
        lons += [x["point"]["lng"] for x in d["deliveries"]]
    assert c.south == pytest.approx(min(lats), abs=2e-4)
    assert c.north == pytest.approx(max(lats), abs=2e-4)
    assert c.west == pytest.approx(min(lons), abs=2e-4)
    assert c.east == pytest.approx(max(lons), abs=2e-4)
    # density follows the anchors: the median address is near the Loggi median
    assert np.median(pts[:, 0]) == pytest.approx(np.median(lats), abs=0.05)
    assert np.median(pts[:, 1]) == pytest.approx(np.median(lons), abs=0.05)


def test_lines_and_popularity_skew(day):
    lines = [ln for o in day.orders for ln in o.lines]
    assert 1.4 < len(lines) / len(day.orders) < 1.8
    assert all(len(o.lines) <= 6 for o in day.orders)
    assert all(1 <= ln.quantity <= 5 for ln in lines)
    p = np.array(day.sku_popularity)
    assert p.sum() == pytest.approx(1.0)
    top = np.sort(p)[::-1]
    assert top[: len(p) // 5].sum() > 0.6  # long tail: top 20% SKUs > 60% demand
    counts = Counter(ln.sku_id for ln in lines)
    best = day.skus[int(np.argmax(p))].id
    assert counts[best] == max(counts.values()) or counts[best] > 0.8 * max(counts.values())
    flat = generate_day(seed=11, n_orders=10, zipf_exponent=0.0)
    assert np.allclose(flat.sku_popularity, 1 / 300)


def test_promises_respect_checkout_rules(day):
    kinds = Counter(o.promise.kind for o in day.orders)
    assert set(kinds) == set(PromiseKind)
    for o in day.orders:
        t = day.local_time_s(o.created_at)
        if o.promise.kind == PromiseKind.SAME_CITY:
            assert 8 * H <= t < 20 * H and o.promise.hours in (2, 4)
        if o.promise.kind == PromiseKind.SAME_DAY:
            assert t < 13 * H
    assert kinds[PromiseKind.NEXT_DAY] > kinds[PromiseKind.SAME_DAY]


def test_skus_are_plausible(day):
    w = np.array([s.weight_g for s in day.skus])
    assert 150 < np.median(w) < 800 and w.min() >= 20 and w.max() <= 25_000
    for s in day.skus:
        if s.volume_cm3 > 200:
            box_cm3 = np.prod(s.dims_mm) / 1000
            assert box_cm3 == pytest.approx(s.volume_cm3, rel=0.2)
            assert s.dims_mm[0] >= s.dims_mm[1] >= s.dims_mm[2]
    classes = Counter(s.item_class for s in day.skus)
    assert classes["general"] > classes["fragile"] > 0
    kits = Counter(s.kit_id for s in day.skus if s.kit_id)
    assert kits and all(n == 2 for n in kits.values())


def test_network_and_stock(day):
    kinds = Counter(w.kind for w in day.warehouses)
    assert kinds == {WarehouseKind.FULFILLMENT_CENTER: 2, WarehouseKind.FORWARD: 2}
    assert sum(w.capacity_per_day for w in day.warehouses) > len(day.orders)
    assert all(w.utc_offset_s == -3 * H for w in day.warehouses)
    assert all(RIO_DE_JANEIRO.contains(w.location) for w in day.warehouses)
    fwd = [w for w in day.warehouses if w.kind == WarehouseKind.FORWARD]
    assert all(w.handling_cost_per_order > day.warehouses[0].handling_cost_per_order for w in fwd)
    sku_ids = {s.id for s in day.skus}
    by_wh = Counter(p.warehouse_id for p in day.inventory)
    assert set(by_wh) == {w.id for w in day.warehouses}
    assert all(p.sku_id in sku_ids for p in day.inventory)
    fc = day.warehouses[0].id
    assert by_wh[fc] > 0.9 * len(day.skus)
    assert all(by_wh[w.id] < 0.5 * len(day.skus) for w in fwd)  # fast movers only
    # the forward assortment is the most popular SKUs
    pop = dict(zip((s.id for s in day.skus), day.sku_popularity, strict=True))
    fwd_pop = sum(pop[p.sku_id] for p in day.inventory if p.warehouse_id == fwd[0].id)
    assert 0.55 < fwd_pop < 0.7
    assert any(p.on_hand == 0 for p in day.inventory)  # some stock-outs
    total_units = sum(o.units for o in day.orders)
    assert sum(p.available for p in day.inventory) > total_units


def test_one_forward_warehouse_option():
    d = generate_day(seed=2, n_orders=50, n_forward_warehouses=1)
    assert [w.id for w in d.warehouses] == ["FC-NORTE", "FC-OESTE", "FWD-MEIER"]


def test_carriers_and_fleet(day):
    kinds = {c.kind for c in day.carriers}
    assert kinds == {CarrierKind.COURIER, CarrierKind.INSTANT, CarrierKind.OWN_FLEET}
    instant = next(c for c in day.carriers if c.kind == CarrierKind.INSTANT)
    assert instant.radius_m == 12_000
    courier = next(c for c in day.carriers if c.kind == CarrierKind.COURIER)
    assert courier.rate_card.zone_for(10_000).transit_days == 1
    assert courier.rate_card.zone_for(10_000_000) is None
    depots = {w.id for w in day.warehouses}
    assert {v.start_depot for v in day.vehicles} == depots
    assert len({v.id for v in day.vehicles}) == len(day.vehicles)
    for v in day.vehicles:
        assert v.end_depot == v.start_depot
        assert (v.shift.start, v.shift.end) == (8 * H, 18 * H)
        assert [b.duration_s for b in v.breaks] == [1800]
        assert len(v.type.capacity) == 3
    # 1500 orders -> fleet scaled x4 (ceil(1500/400))
    assert len(day.vehicles) == 4 * 20
    assert {t.id for t in day.vehicle_types} == {"motorbike", "small_van", "van"}


def test_order_load_units(day):
    o = day.orders[0]
    kg, litres, parcels = day.order_load(o)
    grams = sum(day.sku_by_id[ln.sku_id].weight_g * ln.quantity for ln in o.lines)
    assert kg == -(-grams // 1000) and litres >= 1 and parcels >= 1


def test_summary(day):
    s = day.summary()
    assert s["orders"] == 1500 and s["city"] == "Rio de Janeiro"
    assert sum(s["promises"].values()) == 1500
    assert s["units"] == sum(o.units for o in day.orders)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        (dict(n_orders=0), "n_orders"),
        (dict(seed=-1), "seed"),
        (dict(n_skus=5), "n_skus"),
        (dict(n_forward_warehouses=3), "n_forward_warehouses"),
        (dict(zipf_exponent=-1), "zipf_exponent"),
        (dict(promise_mix=(0, 0, 0, 0)), "promise_mix"),
        (dict(promise_mix=(1, 1)), "promise_mix"),
        (dict(date="02/03/2026"), "date"),
        # taken before: an infinite share was numpy's "Probabilities contain NaN", and
        # date.fromisoformat reads these as 2026-03-02 (the summary showed them as given)
        (dict(promise_mix=(float("inf"), 1, 1, 1)), "promise_mix"),
        (dict(date="20260302"), "date"),
        (dict(date="2026-W10-1"), "date"),
        (dict(city="Rio"), "city"),
        (dict(colour="blue"), "colour"),
    ],
)
def test_bad_config_names_the_field(kwargs, field):
    with pytest.raises(InvalidValueError) as info:
        generate_day(**kwargs)
    assert info.value.field == field


def test_frozen(day):
    with pytest.raises(AttributeError):
        day.orders = ()  # type: ignore[misc]
