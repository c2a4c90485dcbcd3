"""POST /v1/route-plans on problems a dispatcher gets wrong: a 422 problem+json whose
pointer names the field, and no job stored (never a 500, never a 202 that then fails)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from logistics.store.models import Job

ROOT = Path(__file__).resolve().parents[2]
RIO = json.loads((ROOT / "examples/routing/rio_day.json").read_text())
T = "2026-11-23T{}:00-03:00".format
WHOLE_SHIFT = {"start": T("07:00"), "end": T("17:00")}


def _two_long_breaks(d):
    d["vehicles"][0]["breaks"] = [{"window": WHOLE_SHIFT, "duration_s": 20_000}] * 2


def _closed_end_depot(d):
    night = {"start": T("00:00"), "end": T("05:00")}
    d["depots"].append({"id": "night", "location": {"lat": -22.9, "lon": -43.1}, "opening": night})
    d["vehicles"][0]["end_depot"] = "night"


CASES = [
    # a 500 (TypeError: unhashable type)
    (lambda d: d["vehicles"][0].update(type=["van"]), "/problem/vehicles/0/type"),
    # accepted (202), then the job failed with an OverflowError inside OR-Tools
    (
        lambda d: d["vehicle_types"][0]["capacity"].update(kg=10**30),
        "/problem/vehicle_types/0/capacity/kg",
    ),
    (lambda d: d["stops"][0].update(service_s=2**64), "/problem/stops/0/service_s"),
    # pointed at /problem/objective/objective/span_cost
    (lambda d: d.update(objective={"span_cost": 1}), "/problem/objective/span_cost"),
    # accepted, then every stop unassigned
    (_two_long_breaks, "/problem/vehicles/0/breaks/1/duration_s"),
    (_closed_end_depot, "/problem/vehicles/0/end_depot"),
]


@pytest.mark.parametrize(("mutate", "pointer"), CASES)
@pytest.mark.parametrize("validate_only", [False, True])
def test_bad_problems_are_422s_pointing_at_the_field(api, mutate, pointer, validate_only):
    doc = copy.deepcopy(RIO)
    mutate(doc)
    url = "/v1/route-plans" + ("?validate_only=true" if validate_only else "")
    r = api.client.post(url, json={"problem": doc}, headers=api.h("dispatcher"))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"] == "/problems/invalid-value"
    assert [e["pointer"] for e in r.json()["errors"]] == [pointer]
    with api.store.read() as session:  # nothing half-written
        assert session.scalar(select(func.count()).select_from(Job)) == 0


@pytest.mark.parametrize(
    ("mutate", "literal", "pointer"),
    [
        # each used to be stored as null: a required stop, an open route, no limit, nothing
        (lambda d: d["stops"][0].update(penalty=12345), "NaN", "/problem/stops/0/penalty"),
        (
            lambda d: d["vehicles"][0].update(end_depot=12345),
            "NaN",
            "/problem/vehicles/0/end_depot",
        ),
        (
            lambda d: d["vehicle_types"][0].update(max_duration_s=12345),
            "Infinity",
            "/problem/vehicle_types/0/max_duration_s",
        ),
        (lambda d: d["stops"][3].update(delivery=12345), "-Infinity", "/problem/stops/3/delivery"),
    ],
)
def test_nan_and_infinity_are_422s_not_nulls(api, mutate, literal, pointer):
    doc = copy.deepcopy(RIO)
    mutate(doc)
    body = json.dumps({"problem": doc}).replace("12345", literal)
    h = {**api.h("dispatcher"), "Content-Type": "application/json"}
    for url in ("/v1/route-plans?validate_only=true", "/v1/route-plans"):
        r = api.client.post(url, content=body, headers=h)
        assert r.status_code == 422, r.text
        assert [e["pointer"] for e in r.json()["errors"]] == [pointer]
        assert r.json()["errors"][0]["detail"] == "must be finite"
    with api.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 0


def test_nan_in_a_from_orders_vehicle_is_a_422(api):
    spec = {
        "warehouse_id": "W",
        "date": "2026-11-26",
        "vehicle_types": [{"id": "van", "capacity": {"parcels": 10}, "max_duration_s": 12345}],
        "vehicles": [{"id": "v", "type": "van"}],
    }
    body = json.dumps({"from_orders": spec}).replace("12345", "NaN")
    h = {**api.h("dispatcher"), "Content-Type": "application/json"}
    r = api.client.post("/v1/route-plans?validate_only=true", content=body, headers=h)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["pointer"] == "/from_orders/vehicle_types/0/max_duration_s"


@pytest.mark.parametrize("validate_only", [False, True])
@pytest.mark.parametrize(
    ("sources", "pointer", "detail"),
    [
        ((), "/problem", "neither was given"),
        (("problem", "from_orders"), "/from_orders", "both were given"),
    ],
)
def test_not_exactly_one_source_points_at_the_field(api, sources, pointer, detail, validate_only):
    # pointed at "" (the whole body): a model validator's error has no field
    spec = {
        "warehouse_id": "W",
        "date": "2026-11-26",
        "vehicle_types": [{"id": "van", "capacity": {"parcels": 10}}],
        "vehicles": [{"id": "v", "type": "van"}],
    }
    body = {"problem": RIO, "from_orders": spec}
    body = {k: v for k, v in body.items() if k in sources}
    url = "/v1/route-plans" + ("?validate_only=true" if validate_only else "")
    r = api.client.post(url, json=body, headers=api.h("dispatcher"))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert [e["pointer"] for e in r.json()["errors"]] == [pointer]
    assert r.json()["errors"][0]["detail"].endswith(f"({detail})")
    with api.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 0


def test_a_position_without_now_points_at_it_and_a_good_one_is_accepted(api):
    doc = copy.deepcopy(RIO)
    doc["vehicles"][1]["position"] = {"lat": -22.93, "lon": -43.2}
    r = api.client.post(
        "/v1/route-plans?validate_only=true", json={"problem": doc}, headers=api.h("dispatcher")
    )
    assert r.status_code == 422, r.text
    assert [e["pointer"] for e in r.json()["errors"]] == ["/problem/vehicles/1/position"]
    doc["now"] = T("11:00")
    r = api.client.post(
        "/v1/route-plans?validate_only=true", json={"problem": doc}, headers=api.h("dispatcher")
    )
    assert r.status_code == 200, r.text
