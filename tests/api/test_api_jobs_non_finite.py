"""NaN and Infinity in any job request are 422s naming the field, and store no job.

The JSON body parser accepts the ``NaN`` / ``Infinity`` literals; a job's request is
stored as JSON, which writes them as ``null`` (a slotting budget's ``labour_minutes: NaN``
had become no cap at all)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from api_helpers import make_api

ROOT = Path(__file__).resolve().parents[2]
SLOTTING = json.loads((ROOT / "examples/slotting/problem.json").read_text())
LAYOUT = json.loads((ROOT / "examples/layout.json").read_text())
WAVE_ORDERS = json.loads((ROOT / "examples/waves_orders.json").read_text())


@pytest.fixture
def api(tmp_path):
    yield from make_api(f"sqlite:///{tmp_path / 'nan.db'}", job_workers=1)


def _post(api, path: str, body: dict, role: str = "dispatcher"):
    text = json.dumps(body, allow_nan=True)  # NaN / Infinity literals, as a client may send
    headers = {**api.h(role), "content-type": "application/json"}
    return api.client.post(path, content=text, headers=headers)


@pytest.mark.parametrize(
    ("path", "body", "pointer"),
    [
        (
            "/v1/slotting",
            {
                "problem": {**SLOTTING, "budget": {"max_moves": 5, "labour_minutes": float("nan")}},
                "mode": "moves",
            },
            "/problem/budget/labour_minutes",
        ),
        (
            "/v1/waves",
            {"layout": LAYOUT, "orders": WAVE_ORDERS, "time_limit_s": float("inf")},
            "/time_limit_s",
        ),
    ],
)
def test_non_finite_numbers_are_422_at_their_field_and_store_no_job(api, path, body, pointer):
    r = _post(api, path, body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0]["pointer"] == pointer
    with api.store.read() as session:
        from sqlalchemy import func, select

        from logistics.store.models import Job

        assert session.scalar(select(func.count()).select_from(Job)) == 0


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/waves", {"layout": LAYOUT, "orders": WAVE_ORDERS}),
        ("/v1/slotting", {"problem": SLOTTING}),
        ("/v1/route-plans", {"problem": {}}),
    ],
)
def test_a_nan_time_limit_is_refused_as_not_finite(api, path, body):
    # NaN failed "<= 600" first: "Input should be less than or equal to 600" for NaN
    r = _post(api, path, {**body, "time_limit_s": float("nan")})
    assert r.status_code == 422, r.text
    error = r.json()["errors"][0]
    assert error["pointer"] == "/time_limit_s"
    assert error["detail"] == "Input should be a finite number"
