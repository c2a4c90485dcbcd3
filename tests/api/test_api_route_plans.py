"""Route plans from stored orders (``from_orders``): promises, the local day, pointers.

The network and the order are the README session's: o-1001 ships from Chicago (ORD2,
UTC-6) to New York, promised by 2026-11-27T01:00Z, 19:00 on the 26th in Chicago.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from api_helpers import make_api

from api.routes.route_plans import problem_from_store
from api.schemas.jobs import FromOrdersIn

ROOT = Path(__file__).resolve().parents[2]
RIO = json.loads((ROOT / "examples/routing/rio_day.json").read_text())

WAREHOUSES = [
    {
        "id": "EWR4",
        "name": "Newark",
        "location": {"lat": 40.69, "lon": -74.17},
        "cutoffs_s": [50400, 64800],
        "handling_cost_per_order": 150,
        "handling_cost_per_unit": 25,
        "utc_offset_s": -18000,
    },
    {
        "id": "ORD2",
        "name": "Chicago",
        "location": {"lat": 41.88, "lon": -87.63},
        "handling_cost_per_order": 150,
        "utc_offset_s": -21600,
    },
]
CARRIERS = [
    {
        "id": "GROUND",
        "kind": "courier",
        "last_pickup_s": 64800,
        "rate_card": {
            "zones": [
                {
                    "max_distance_m": 250000,
                    "base_cents": 650,
                    "per_kg_cents": 40,
                    "transit_days": 1,
                },
                {
                    "max_distance_m": 1600000,
                    "base_cents": 950,
                    "per_kg_cents": 80,
                    "transit_days": 3,
                },
            ]
        },
    }
]
STOCK = [
    {"warehouse_id": "EWR4", "sku_id": "MUG", "on_hand": 1},
    {"warehouse_id": "ORD2", "sku_id": "MUG", "on_hand": 5},
    {"warehouse_id": "ORD2", "sku_id": "TEA", "on_hand": 9},
]
ORDER = {
    "id": "o-1001",
    "lines": [{"sku_id": "MUG", "quantity": 2}, {"sku_id": "TEA", "quantity": 1}],
    "ship_to": {"lat": 40.73, "lon": -73.99},
    "promise": {"kind": "standard", "standard_days": 5},
    "created_at": "2026-11-23T15:00:00-05:00",
}
SPEC = {
    "warehouse_id": "ORD2",
    "date": "2026-11-26",
    "vehicle_types": [{"id": "van", "capacity": {"parcels": 100}}],
    "vehicles": [{"id": "van-1", "type": "van", "start_depot": "ORD2"}],
}


@pytest.fixture
def api(tmp_path):
    yield from make_api(f"sqlite:///{tmp_path / 'api.db'}", job_standby=1)


@pytest.fixture
def readme(api):
    """The README session up to the shop's order (not cancelled)."""
    admin = api.h("admin")
    for path, body in (
        ("/v1/warehouses", {"warehouses": WAREHOUSES}),
        ("/v1/skus", {"skus": [{"id": "MUG", "weight_g": 400}, {"id": "TEA", "weight_g": 250}]}),
        ("/v1/carriers", {"carriers": CARRIERS}),
        ("/v1/stock", {"items": STOCK}),
    ):
        assert api.client.put(path, json=body, headers=admin).status_code == 200
    r = api.client.post(
        "/v1/orders", json=ORDER, headers={**api.h("shop"), "Idempotency-Key": "readme-1001"}
    )
    assert r.status_code == 201, r.text
    assert r.json()["shipments"][0]["delivers_by"] == "2026-11-27T01:00:00Z"
    return api


def _post(api, spec, *, validate_only=False, **extra):
    url = "/v1/route-plans" + ("?validate_only=true" if validate_only else "")
    return api.client.post(url, json={"from_orders": spec, **extra}, headers=api.h("dispatcher"))


def test_each_stop_is_due_by_its_promise_on_the_warehouse_local_day(readme):
    doc = problem_from_store(readme.store, FromOrdersIn(**SPEC))
    chicago_midnight = "2026-11-26T00:00:00-06:00"
    assert doc["time_origin"] == chicago_midnight
    assert doc["depots"][0]["opening"] == {
        "start": chicago_midnight,
        "end": "2026-11-27T00:00:00-06:00",
    }
    (stop,) = doc["stops"]
    assert stop["id"] == "o-1001"
    # the promise, 2026-11-27T01:00Z, in the warehouse's offset
    assert stop["time_windows"] == [{"start": chicago_midnight, "end": "2026-11-26T19:00:00-06:00"}]


def test_a_vehicle_without_a_depot_starts_at_the_warehouse(readme):
    spec = {**SPEC, "vehicles": [{"id": "van-1", "type": "van"}]}
    doc = problem_from_store(readme.store, FromOrdersIn(**spec))
    assert doc["vehicles"] == [{"id": "van-1", "type": "van", "start_depot": "ORD2"}]
    r = _post(readme, spec, validate_only=True)
    assert r.status_code == 200, r.text


def test_an_order_that_cannot_make_its_promise_is_unassigned_not_planned_late(readme):
    r = _post(readme, SPEC, time_limit_s=1)
    assert r.status_code == 202, r.text
    job = readme.wait(r.headers["location"])
    assert job["state"] == "succeeded", job
    plan = job["result"]["plan"]
    # ~1,150 km by road from Chicago to New York: it used to be "delivered" on the 28th,
    # after the promise and the shift, in a plan reported as solved with no lateness
    assert plan["status"] == "partial"
    assert [(u["id"], u["reason"]) for u in plan["unassigned"]] == [("o-1001", "time_window")]
    assert plan["routes"] == []
    violations = job["result"]["validation"]["violations"]
    assert violations == ["unserved: stop 'o-1001': required stop unserved (time_window)"]


def test_the_day_is_the_warehouse_local_day(readme):
    # 2026-11-27 in UTC holds the promise, but in Chicago it is still the 26th
    r = _post(readme, {**SPEC, "date": "2026-11-27"}, validate_only=True)
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "/from_orders"
    assert "local day" in r.json()["detail"] and "UTC-6h" in r.json()["detail"]
    r = _post(readme, SPEC, validate_only=True)
    assert r.status_code == 200 and r.json()["stops"] == 1, r.text


def _spec(change) -> dict:
    spec = copy.deepcopy(SPEC)
    change(spec)
    return spec


@pytest.mark.parametrize(
    ("change", "pointer", "says"),
    [
        (
            lambda s: s["vehicle_types"][0]["capacity"].update(parcels=-5),
            "/from_orders/vehicle_types/0/capacity/parcels",
            "from_orders.vehicle_types[0].capacity.parcels=-5",
        ),
        (
            lambda s: s["vehicle_types"][0].update(speed_factor=0),
            "/from_orders/vehicle_types/0/speed_factor",
            "must be a number > 0",
        ),
        (
            lambda s: s["vehicles"][0].update(start_depot="EWR4"),
            "/from_orders/vehicles/0/start_depot",
            "no such depot",
        ),
        (
            lambda s: s["vehicles"][0].update(
                breaks=[
                    {
                        "window": {
                            "start": "2026-11-26T12:00:00-06:00",
                            "end": "2026-11-26T13:00:00-06:00",
                        },
                        "duration_s": 100_000,
                    }
                ]
            ),
            "/from_orders/vehicles/0/breaks/0/duration_s",
            "longer than the shift",
        ),
        (
            lambda s: s["vehicles"][0].update(
                shift={"start": "2026-11-25T08:00:00-06:00", "end": "2026-11-25T18:00:00-06:00"}
            ),
            "/from_orders/vehicles/0/shift/start",
            "before time_origin 2026-11-26T00:00:00-06:00",
        ),
        # a 500 (TypeError: unhashable type) before
        (
            lambda s: s["vehicles"][0].update(type=["van"]),
            "/from_orders/vehicles/0/type",
            "expected a vehicle type id (a string)",
        ),
        # accepted, then the job failed with an OverflowError inside OR-Tools
        (
            lambda s: s["vehicle_types"][0]["capacity"].update(parcels=10**30),
            "/from_orders/vehicle_types/0/capacity/parcels",
            "must be <= 1000000000",
        ),
        # the order's 3 parcels fit no vehicle: what the client can change is the fleet
        (
            lambda s: s["vehicle_types"][0]["capacity"].update(parcels=2),
            "/from_orders/vehicle_types/0/capacity/parcels",
            "parcels=2: order 'o-1001' has 3 parcels, more than any vehicle carries",
        ),
    ],
)
def test_errors_in_the_generated_problem_point_into_from_orders(readme, change, pointer, says):
    r = _post(readme, _spec(change), validate_only=True)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["errors"][0]["pointer"] == pointer, body
    assert says in body["detail"], body
    assert "/problem/" not in json.dumps(body["errors"])


@pytest.mark.parametrize(
    ("change", "pointer", "detail"),
    [
        (
            lambda d, n: d.update(matrices={"distance_m": [[-1] * n] * n}),
            "/problem/matrices/distance_m/0/0",
            "problem.matrices.distance_m[0][0]=-1: travel must not be negative",
        ),
        (
            lambda d, n: d.update(matrices={"duration_s": [[0] * (n - 1)] * (n - 1)}),
            "/problem/matrices/duration_s",
            None,
        ),
        (
            lambda d, n: d["pairs"][0].update(delivery="ghost"),
            "/problem/pairs/0/delivery",
            "problem.pairs[0].delivery='ghost': no such stop",
        ),
        (lambda d, n: d.pop("stops"), "/problem/stops", "problem.stops=None: required"),
        (
            lambda d, n: d["vehicles"][0]["breaks"][0]["window"].update(
                start="2026-11-23T18:00:00-03:00", end="2026-11-23T19:00:00-03:00"
            ),
            "/problem/vehicles/0/breaks/0/window",
            'problem.vehicles[0].breaks[0].window={"start": "2026-11-23T18:00:00-03:00", '
            '"end": "2026-11-23T19:00:00-03:00"}: the break cannot be taken within the shift',
        ),
    ],
)
def test_problem_errors_point_at_the_json_keys_sent(api, change, pointer, detail):
    doc = copy.deepcopy(RIO)
    change(doc, len(doc["depots"]) + len(doc["stops"]))
    r = api.client.post(
        "/v1/route-plans?validate_only=true", json={"problem": doc}, headers=api.h("dispatcher")
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["pointer"] == pointer
    if detail is not None:
        assert r.json()["detail"] == detail


def test_a_live_re_plan_from_orders_starts_each_van_from_now_and_where_it_is(readme):
    spec = copy.deepcopy(SPEC)
    spec["now"] = "2026-11-26T11:00:00-06:00"
    spec["vehicles"].append({"id": "van-2", "type": "van", "position": {"lat": 41.9, "lon": -87.7}})
    doc = problem_from_store(readme.store, FromOrdersIn(**spec))
    assert doc["now"] == spec["now"]
    r = _post(readme, spec, validate_only=True)
    assert r.status_code == 200, r.text
    # the reader's errors about now point at the client's field
    r = _post(readme, {**spec, "now": "11:00"}, validate_only=True)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["pointer"] == "/from_orders/now"
    del spec["now"]
    r = _post(readme, spec, validate_only=True)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["pointer"] == "/from_orders/vehicles/1/position"
