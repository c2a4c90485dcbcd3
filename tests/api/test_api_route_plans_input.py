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
