"""Daily capacity is counted on the warehouse-local day a shipment ships (its ``ships_at``),
not the day the order was created: an order after the cut-off takes the next day's room."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from logistics.store.models import Shipment, WarehouseDay

H = 3600
# two sites on UTC-5 with one 14:00 cut-off: NEAR (cheap, one shipment a day) and FAR
SITES = {
    "warehouses": [
        {"id": "NEAR", "location": {"lat": 40.0, "lon": -75.0}, "capacity_per_day": 1,
         "cutoffs_s": [14 * H], "utc_offset_s": -5 * H},
        {"id": "FAR", "location": {"lat": 42.0, "lon": -75.0}, "capacity_per_day": 5,
         "cutoffs_s": [14 * H], "utc_offset_s": -5 * H},
    ]
}  # fmt: skip
GROUND = {
    "id": "GROUND",
    "kind": "courier",
    "rate_card": {
        "zones": [
            {"max_distance_m": 100_000, "base_cents": 500, "per_kg_cents": 0, "transit_days": 1},
            {"max_distance_m": 900_000, "base_cents": 900, "per_kg_cents": 0, "transit_days": 2},
        ]
    },
    "last_pickup_s": 18 * H,
}
AFTER_CUTOFF = "2032-03-10T15:00:00-05:00"  # ships 2032-03-11 14:00 local (19:00Z)
NEXT_MORNING = "2032-03-11T09:00:00-05:00"  # ships the same day, at the same cut-off


def _seed(api, far_capacity: int = 5) -> None:
    h = api.h("admin")
    sites = {"warehouses": [dict(w) for w in SITES["warehouses"]]}
    sites["warehouses"][1]["capacity_per_day"] = far_capacity
    for path, body in (
        ("/v1/warehouses", sites),
        ("/v1/skus", {"skus": [{"id": "MUG", "weight_g": 300}]}),
        ("/v1/carriers", {"carriers": [GROUND]}),
        (
            "/v1/stock",
            {
                "items": [
                    {"warehouse_id": w, "sku_id": "MUG", "on_hand": 50} for w in ("NEAR", "FAR")
                ]
            },
        ),
    ):
        r = api.client.put(path, json=body, headers=h)
        assert r.status_code == 200, r.text


def _order(oid: str, created_at: str) -> dict:
    return {
        "id": oid,
        "lines": [{"sku_id": "MUG", "quantity": 1}],
        "ship_to": {"lat": 40.1, "lon": -75.0},
        "promise": {"kind": "standard", "standard_days": 5},
        "created_at": created_at,
        "customer_utc_offset_s": -5 * H,
    }


def _post(api, body):
    return api.client.post(
        "/v1/orders", json=body, headers=api.h("shop", **{"Idempotency-Key": body["id"]})
    )


def _counters(api) -> dict[tuple[str, str], int]:
    with api.store.read() as s:
        rows = s.execute(
            select(WarehouseDay.warehouse_id, WarehouseDay.day, WarehouseDay.shipments)
        )
        return {(w, d): int(n) for w, d, n in rows if n}


def _shipped_from(r) -> str:
    assert r.status_code == 201, r.text
    (shipment,) = r.json()["shipments"]
    return shipment["warehouse_id"]


def test_an_order_after_the_cutoff_takes_the_next_days_capacity(api_both):
    """The audit's case: the order at 15:00 ships on the 11th; the one on the 11th's morning
    must not take NEAR's only shipment of that day again (both left at 19:00Z)."""
    api = api_both
    _seed(api)
    first = _post(api, _order("late", AFTER_CUTOFF))
    assert _shipped_from(first) == "NEAR"
    assert first.json()["explanation"]["plan"]["shipments"][0]["ships_at"] == "2032-03-11T19:00:00Z"
    assert _counters(api) == {("NEAR", "2032-03-11"): 1}
    with api.store.read() as s:
        assert s.execute(select(Shipment.day)).scalars().all() == ["2032-03-11"]
    second = _post(api, _order("morning", NEXT_MORNING))
    assert _shipped_from(second) == "FAR"  # NEAR's day is full: the next best site
    assert _counters(api) == {("NEAR", "2032-03-11"): 1, ("FAR", "2032-03-11"): 1}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("late", AFTER_CUTOFF), ("morning", NEXT_MORNING)),
        (("morning", NEXT_MORNING), ("late", AFTER_CUTOFF)),
    ],
    ids=["morning-after-late", "late-after-morning"],
)
def test_with_no_other_site_the_second_order_for_the_same_ship_day_is_not_fulfillable(
    api, first, second
):
    # late-after-morning: the 422 said "no picking capacity left today": today (the 10th)
    # had room, the day the order would ship (the 11th) had none
    _seed(api, far_capacity=0)
    assert _shipped_from(_post(api, _order(*first))) == "NEAR"
    r = _post(api, _order(*second))
    assert r.status_code == 422, r.text
    assert r.json()["sourcing_status"] == "infeasible"
    assert "NEAR has no picking capacity left for the day it would ship" in r.json()["detail"], (
        r.text
    )
    assert _counters(api) == {("NEAR", "2032-03-11"): 1}


def test_the_created_day_stays_free_for_orders_before_its_cutoff(api):
    """The after-cut-off order took the 11th, not the 10th: an earlier order of the 10th
    (decided later, created_at before the cut-off) still ships from NEAR that day."""
    _seed(api, far_capacity=0)
    assert _shipped_from(_post(api, _order("late", AFTER_CUTOFF))) == "NEAR"
    assert _shipped_from(_post(api, _order("early", "2032-03-10T10:00:00-05:00"))) == "NEAR"
    assert _counters(api) == {("NEAR", "2032-03-10"): 1, ("NEAR", "2032-03-11"): 1}


def test_cancelling_an_after_cutoff_order_frees_the_next_day(api_both):
    api = api_both
    _seed(api, far_capacity=0)
    assert _shipped_from(_post(api, _order("late", AFTER_CUTOFF))) == "NEAR"
    assert _post(api, _order("morning", NEXT_MORNING)).status_code == 422  # the 11th is full
    r = api.client.post("/v1/orders/late/cancel", headers=api.h("shop"))
    assert r.status_code == 200 and r.json()["cancelled_now"], r.text
    assert _counters(api) == {}  # given back on the day it was taken
    assert _shipped_from(_post(api, _order("morning-2", NEXT_MORNING))) == "NEAR"
    assert _counters(api) == {("NEAR", "2032-03-11"): 1}


def test_racing_after_cutoff_and_morning_orders_never_overfill_the_ship_day(api_both):
    """Half the orders come after the 10th's cut-off, half on the 11th's morning: all ship
    on the 11th, so NEAR takes exactly one of them, on either database."""
    api = api_both
    _seed(api, far_capacity=0)
    n = 8
    barrier = threading.Barrier(n)

    def buy(i):
        body = _order(f"r{i}", AFTER_CUTOFF if i % 2 else NEXT_MORNING)
        barrier.wait()
        return _post(api, body).status_code

    with ThreadPoolExecutor(n) as pool:
        codes = list(pool.map(buy, range(n)))
    assert codes.count(201) == 1 and set(codes) <= {201, 409, 422}, codes
    assert _counters(api) == {("NEAR", "2032-03-11"): 1}


def _seed_vans(api, far_capacity: int = 5) -> None:
    """NEAR gets VANS (collecting only at its 11:00 cut-off, cheapest) besides GROUND (14:00)."""
    _seed(api)
    h = api.h("admin")
    sites = {"warehouses": [{**w, "cutoffs_s": [11 * H, 14 * H]} for w in SITES["warehouses"]]}
    sites["warehouses"][1]["capacity_per_day"] = far_capacity
    vans = {**GROUND, "id": "VANS", "kind": "own_fleet", "last_pickup_s": 11 * H,
            "warehouse_ids": ["NEAR"], "rate_card": {"zones": [
                {"max_distance_m": 60_000, "base_cents": 100, "per_kg_cents": 0,
                 "transit_days": 0}]}}  # fmt: skip
    for path, body in (("/v1/warehouses", sites), ("/v1/carriers", {"carriers": [GROUND, vans]})):
        assert api.client.put(path, json=body, headers=h).status_code == 200


def test_a_full_ship_day_takes_out_only_the_lanes_leaving_that_day(api):
    """At 12:00 NEAR's vans (collecting only at the 11:00 cut-off) leave on the 11th and
    GROUND at 14:00 on the 10th. The 11th is full, so the van lane is not offered (it
    would take a full day and every attempt would conflict), but GROUND from NEAR on the
    10th is, and is cheaper than FAR. Before, one full day took NEAR out for every
    carrier: FAR shipped at 9.00 instead of NEAR at 5.00."""
    _seed_vans(api)
    first = _post(api, _order("late", AFTER_CUTOFF))
    assert _shipped_from(first) == "NEAR" and first.json()["shipments"][0]["carrier_id"] == "VANS"
    noon = _post(api, _order("noon", "2032-03-10T12:00:00-05:00"))
    assert _shipped_from(noon) == "NEAR", noon.text
    assert noon.json()["shipments"][0]["carrier_id"] == "GROUND"
    assert noon.json()["total_cost"] == 500
    assert _counters(api) == {("NEAR", "2032-03-11"): 1, ("NEAR", "2032-03-10"): 1}


def test_a_full_ship_day_with_no_other_site_still_ships_on_a_day_with_room(api):
    """The only site is full on the 11th (its vans' day) but GROUND leaves it on the 10th
    with room: the order is placed, not refused as "no picking capacity left"."""
    _seed_vans(api, far_capacity=0)
    assert _shipped_from(_post(api, _order("late", AFTER_CUTOFF))) == "NEAR"
    noon = _post(api, _order("noon", "2032-03-10T12:00:00-05:00"))
    assert noon.status_code == 201, noon.text
    assert noon.json()["shipments"][0]["carrier_id"] == "GROUND"
    assert _counters(api).get(("NEAR", "2032-03-10")) == 1
