"""Route-plan and wave jobs: 202 + Location, events, best plan so far, cancel, restart."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
from api_helpers import make_api

from logistics.domain.layout import WarehouseLayout
from logistics.store.jobs import (
    cancel_job,
    create_job,
    fail_job,
    finish_job,
    get_job,
    start_job,
)
from logistics.store.models import utcnow
from solvers.slotting.params import MAX_ORDERS_PER_BATCH

ROOT = Path(__file__).resolve().parents[2]
RIO = json.loads((ROOT / "examples/routing/rio_day.json").read_text())
LAYOUT = json.loads((ROOT / "examples/layout.json").read_text())
WAVE_ORDERS = json.loads((ROOT / "examples/waves_orders.json").read_text())


@pytest.fixture
def api(tmp_path):
    """The app as served: a standby worker takes each job."""
    yield from make_api(f"sqlite:///{tmp_path / 'api.db'}", max_body_bytes=64 * 1024, job_standby=1)


def test_validate_only_and_bad_fields(api):
    h = api.h("dispatcher")
    r = api.client.post("/v1/route-plans?validate_only=true", json={"problem": RIO}, headers=h)
    assert r.status_code == 200 and r.json()["stops"] == 26
    bad = json.loads(json.dumps(RIO))
    bad["stops"][2]["delivery"] = {"kg": -1}
    r = api.client.post("/v1/route-plans", json={"problem": bad}, headers=h)
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "/problem/stops/2/delivery/kg"
    r = api.client.post("/v1/route-plans", json={"problem": RIO, "speed": 1}, headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["pointer"] == "/speed"
    r = api.client.post(
        "/v1/waves?validate_only=true", json={"layout": LAYOUT, "orders": WAVE_ORDERS}, headers=h
    )
    assert r.status_code == 200 and r.json()["valid"] is True
    orders = json.loads(json.dumps(WAVE_ORDERS))
    orders["orders"][0]["lines"][0]["quantity"] = -2
    r = api.client.post("/v1/waves", json={"layout": LAYOUT, "orders": orders}, headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["pointer"].startswith("/orders/orders/0")


def test_route_plan_job_runs_in_a_worker_and_streams_progress(api):
    h = api.h("dispatcher")
    r = api.client.post("/v1/route-plans", json={"problem": RIO, "time_limit_s": 1}, headers=h)
    assert r.status_code == 202
    loc = r.headers["location"]
    assert loc == f"/v1/route-plans/{r.json()['id']}" and r.json()["state"] == "queued"
    events = []
    with api.client.stream("GET", loc + "/events", headers=h) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        for line in stream.iter_lines():
            if line.startswith("event:"):
                events.append(line.split(":", 1)[1].strip())
    assert events[-1] == "done" and "progress" in events
    job = api.client.get(loc, headers=h).json()
    assert job["state"] == "succeeded", job
    plan = job["result"]["plan"]
    assert job["result"]["validation"]["feasible"] is True
    step = plan["routes"][0]["steps"][1]
    assert {"type", "arrival", "departure", "location", "load", "distance"} <= set(step)
    assert step["arrival"].endswith("-03:00")  # RFC 3339 in the problem's offset
    assert plan["summary"]["unassigned"] == len(plan["unassigned"])
    geo = api.client.get(loc + "/plan.geojson", headers=h)
    assert geo.headers["content-type"] == "application/geo+json"
    assert geo.json()["type"] == "FeatureCollection"
    page = api.client.get(loc + "/map.html", headers=h)
    assert page.status_code == 200 and "leaflet" in page.text.lower()
    # the map's tooltips tell times as the plan does (they said seconds from the origin)
    stop = next(s for s in plan["routes"][0]["steps"] if s["type"] in ("job", "delivery"))
    assert f"{stop['id']} arrival {stop['arrival']}" in page.text


def test_cancel_keeps_the_best_plan_so_far(api):
    h = api.h("dispatcher")
    r = api.client.post("/v1/route-plans", json={"problem": RIO, "time_limit_s": 60}, headers=h)
    loc = r.headers["location"]
    running = api.wait(loc, lambda j: j["result"] is not None)
    assert running["state"] == "running" and running["result"]["final"] is False
    assert api.client.get(loc + "/map.html", headers=h).status_code == 409
    r = api.client.delete(loc, headers=h)
    assert r.status_code == 200, r.text
    job = r.json()
    assert job["state"] == "cancelled" and job["cancel_requested"] is True
    assert job["result"]["plan"]["routes"] and job["result"]["validation"]["feasible"]
    # the plan kept is the best so far, not what the search would have ended with (it
    # said "final": true); the search returned, so its map was drawn
    assert job["result"]["final"] is False
    assert api.client.get(loc, headers=h).json()["result"]["final"] is False
    page = api.client.get(loc + "/map.html", headers=h)
    assert page.status_code == 200 and "leaflet" in page.text.lower()
    assert float(job["progress"]["elapsed_s"]) < 50  # it stopped early
    # deleting again changes nothing
    again = api.client.delete(loc, headers=h).json()
    assert again["state"] == "cancelled" and again["result"] == job["result"]


def test_waves_job(api):
    h = api.h("dispatcher")
    body = {"layout": LAYOUT, "orders": WAVE_ORDERS, "time_limit_s": 1}
    r = api.client.post("/v1/waves", json=body, headers=h)
    assert r.status_code == 202
    job = api.wait(r.headers["location"])
    assert job["state"] == "succeeded", job
    plan = job["result"]["plan"]
    assert plan["batches"] and plan["waves"]
    assert job["result"]["validation"] == {"feasible": True, "violations": []}
    assert api.client.get(f"/v1/route-plans/{job['id']}", headers=h).status_code == 404


SLOTTING = json.loads((ROOT / "examples/slotting/problem.json").read_text())


def test_slotting_validate_only_names_the_bad_field(api):
    h = api.h("dispatcher")
    r = api.client.post("/v1/slotting?validate_only=true", json={"problem": SLOTTING}, headers=h)
    assert r.status_code == 200 and r.json()["valid"] is True
    bad = json.loads(json.dumps(SLOTTING))
    bad["skus"][0]["weight_g"] = -5
    r = api.client.post("/v1/slotting?validate_only=true", json={"problem": bad}, headers=h)
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert any(e["pointer"].startswith("/problem/skus/0") for e in r.json()["errors"])
    bad = json.loads(json.dumps(SLOTTING))
    bad["skus"][1]["class"] = 5
    r = api.client.post("/v1/slotting?validate_only=true", json={"problem": bad}, headers=h)
    assert r.json()["errors"][0]["pointer"] == "/problem/skus/1/class"
    bad = json.loads(json.dumps(SLOTTING))
    bad["current"]["Z.Z"] = bad["current"].pop("S001")
    r = api.client.post("/v1/slotting?validate_only=true", json={"problem": bad}, headers=h)
    assert r.json()["errors"][0]["pointer"] == "/problem/current/Z.Z"
    for key, value, pointer in [
        ("skus", 5, "/problem/skus"),  # was a 500 (TypeError)
        ("history", 5, "/problem/history"),  # was a 500
        ("budget", {"max_move": 3}, "/problem/budget/max_move"),  # was ignored: no cap
        ("layout", "big", "/problem/layout"),  # was /problem/layout/layout
    ]:
        r = api.client.post(
            "/v1/slotting?validate_only=true", json={"problem": {**SLOTTING, key: value}}, headers=h
        )
        assert r.status_code == 422, (key, r.text)
        assert r.json()["errors"][0]["pointer"] == pointer


def test_slotting_family_holding_classes_kept_apart_is_a_422_at_the_family(api):
    # no plan keeps family 'soap' in one aisle with a hazardous and a food member; the
    # job was accepted (validate_only: valid) and failed naming another SKU as not fitting
    h = api.h("dispatcher")
    bad = json.loads(json.dumps(SLOTTING))
    soap = [i for i, s in enumerate(bad["skus"]) if s.get("family") == "soap"]
    bad["skus"][soap[0]]["class"] = "hazardous"
    bad["skus"][soap[1]]["class"] = "food"
    for query in ("?validate_only=true", ""):
        for mode in ("plan", "moves"):
            body = {"problem": bad, "mode": mode, "time_limit_s": 1}
            r = api.client.post("/v1/slotting" + query, json=body, headers=h)
            assert r.status_code == 422, (query, mode, r.text)
            assert r.headers["content-type"] == "application/problem+json"
            err = r.json()["errors"][0]
            assert err["pointer"] == f"/problem/skus/{soap[1]}/family"
            assert bad["skus"][soap[0]]["id"] in err["detail"]
    # towards a given target the moves keep the rules and report the target's breaches
    target = dict(bad["current"])
    body = {"problem": bad, "mode": "moves", "target": target, "time_limit_s": 1}
    r = api.client.post("/v1/slotting?validate_only=true", json=body, headers=h)
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("mode", ["plan", "moves"])
def test_slotting_without_history_is_a_422_at_the_history(api, mode):
    # was a job that succeeded with a demand-blind plan walking 0.0 m
    h = api.h("dispatcher")
    body = {"problem": {**SLOTTING, "history": []}, "mode": mode, "time_limit_s": 1}
    for query in ("?validate_only=true", ""):
        r = api.client.post("/v1/slotting" + query, json=body, headers=h)
        assert r.status_code == 422, (query, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        err = r.json()["errors"][0]
        assert err["pointer"] == "/problem/history"
        assert "past orders" in err["detail"]


@pytest.mark.parametrize("mode", ["plan", "moves"])
def test_slotting_job(api, mode):
    h = api.h("dispatcher")
    body = {"problem": SLOTTING, "mode": mode, "time_limit_s": 1}
    r = api.client.post("/v1/slotting", json=body, headers=h)
    assert r.status_code == 202 and r.headers["location"].startswith("/v1/slotting/")
    job = api.wait(r.headers["location"])
    assert job["state"] == "succeeded", job
    assert job["result"]["validation"] == {"feasible": True, "violations": []}
    plan = job["result"]["plan"]
    if mode == "plan":
        assert set(plan["assignment"]) == {s["id"] for s in SLOTTING["skus"]}
    else:
        assert "moves" in plan


def test_slotting_moves_towards_a_given_target_and_bad_targets_get_422(api):
    h = api.h("dispatcher")
    target = dict(SLOTTING["current"])  # "keep today's plan": a fresh plan walks far less
    body = {"problem": SLOTTING, "mode": "moves", "time_limit_s": 1, "target": target}
    r = api.client.post("/v1/slotting", json=body, headers=h)
    assert r.status_code == 202, r.json()
    job = api.wait(r.headers["location"])
    assert job["state"] == "succeeded", job
    walking = job["result"]["plan"]["simulated_walking_m"]
    assert walking["full_reslot"] == walking["current"] > 0
    a = sorted(target)[0]
    bad = {**body, "target": {**target, "nope": target[a]}}
    r = api.client.post("/v1/slotting", json=bad, headers=h)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0]["pointer"] == "/target/nope"
    partial = {**body, "target": {a: target[a]}}  # was a job whose full re-slot skipped 79 SKUs
    r = api.client.post("/v1/slotting", json=partial, headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["pointer"] == "/target"
    r = api.client.post("/v1/slotting", json={**body, "mode": "plan"}, headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["pointer"] == "/target"
    plan_body = {"problem": SLOTTING, "mode": "plan", "swap_mode": "via_free_slot"}
    r = api.client.post("/v1/slotting", json=plan_body, headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["pointer"] == "/swap_mode"


def test_slotting_duplicate_history_ids_and_bad_slot_sizes_get_422_at_their_field(api):
    h = api.h("dispatcher")
    problem = copy.deepcopy(SLOTTING)
    problem["history"][3]["id"] = problem["history"][1]["id"]
    r = api.client.post("/v1/slotting", json={"problem": problem, "mode": "plan"}, headers=h)
    assert r.status_code == 422, r.json()
    assert r.json()["errors"][0]["pointer"] == "/problem/history/3/id"
    small = WarehouseLayout.multi_block(aisles=2, blocks=1, slots_per_side=2).to_dict()
    small["slots"][2]["max_dims_mm"] = [400, 0, 300]
    problem = {"layout": small, "skus": [{"id": "a"}], "history": [{"id": "o", "skus": ["a"]}]}
    r = api.client.post("/v1/slotting", json={"problem": problem, "mode": "plan"}, headers=h)
    assert r.status_code == 422, r.json()
    assert r.json()["errors"][0]["pointer"] == "/problem/layout/slots/2/max_dims_mm/1"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/waves", {"layout": LAYOUT, "orders": WAVE_ORDERS}),
        ("/v1/slotting", {"problem": SLOTTING, "mode": "plan"}),
        ("/v1/slotting", {"problem": SLOTTING, "mode": "moves"}),
    ],
)
def test_cancel_stops_waves_and_slotting_and_keeps_their_plan(api, path, body):
    h = api.h("dispatcher")
    r = api.client.post(path, json={**body, "time_limit_s": 120}, headers=h)
    loc = r.headers["location"]
    api.wait(loc, lambda j: j["state"] == "running" and j["progress"])  # reports early
    time.sleep(1.0)
    r = api.client.delete(loc, headers=h)
    assert r.status_code in (200, 202), r.text
    job = api.wait(loc)
    assert job["state"] == "cancelled", job
    assert float(job["progress"]["elapsed_s"]) < 60  # the search stopped when asked
    assert job["result"]["plan"] and job["result"]["final"] is False  # as route plans
    if path == "/v1/slotting":
        assert job["result"]["validation"]["feasible"] is True


def test_a_restart_keeps_finished_results_and_marks_interrupted_jobs(tmp_path):
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    gen = make_api(url)
    api = next(gen)
    store = api.store
    done = create_job(store, "route_plan", {"problem": {}}, None)
    start_job(store, done.id)
    finish_job(store, done.id, {"plan": {"routes": []}, "final": True})
    crashed = create_job(store, "route_plan", {"problem": {}}, None)
    # a worker was running it when the server died, its last heartbeat a minute ago
    start_job(store, crashed.id, "gone", now=utcnow() - dt.timedelta(seconds=60))
    peer = create_job(store, "route_plan", {"problem": {}}, None)
    start_job(store, peer.id, "peer")  # another live server's worker runs this one
    gen.close()
    api = next(make_api(url))  # the server starts again on the same store
    h = api.h("dispatcher")
    job = api.client.get(f"/v1/route-plans/{peer.id}", headers=h).json()
    assert job["state"] == "running"
    assert get_job(api.store, done.id).best_result == {"plan": {"routes": []}, "final": True}
    job = api.client.get(f"/v1/route-plans/{done.id}", headers=h).json()
    assert job["state"] == "succeeded" and job["result"]["plan"] == {"routes": []}
    job = api.client.get(f"/v1/route-plans/{crashed.id}", headers=h).json()
    assert job["state"] == "failed" and job["error"].startswith("interrupted")


@pytest.mark.parametrize("end", ["cancel", "fail"])
@pytest.mark.parametrize("what", ["plan.geojson", "map.html"])
def test_a_route_plan_that_ended_without_a_plan_is_404_not_retry_later(api, end, what):
    # was 409 job-not-finished with Retry-After: 1 and "retry when it has one": forever
    job = create_job(api.store, "route_plan", {"problem": {}}, None)
    if end == "cancel":
        cancel_job(api.store, job.id)  # cancelled while queued
    else:
        start_job(api.store, job.id)
        fail_job(api.store, job.id, "boom")
    r = api.client.get(f"/v1/route-plans/{job.id}/{what}", headers=api.h("dispatcher"))
    assert r.status_code == 404 and "Retry-After" not in r.headers
    state = "cancelled" if end == "cancel" else "failed"
    assert r.json()["detail"] == f"route plan {job.id} ended ({state}) before it had a plan"


@pytest.mark.parametrize("path", ["/v1/route-plans/nope", "/v1/waves/nope"])
def test_unknown_jobs_are_404(api, path):
    r = api.client.get(path, headers=api.h("dispatcher"))
    assert r.status_code == 404 and r.json()["type"] == "/problems/not-found"


def test_the_events_stream_reads_the_jobs_progress_not_its_request_or_result(api):
    # each poll (4 a second per stream) read the whole row: 20 streams following a
    # waves job with a 640 kB request kept the server at 0.94 CPU-seconds per second
    import asyncio

    from sqlalchemy import event

    from api.routes.jobs_common import _event_stream

    job = create_job(api.store, "waves", {"orders": "x" * 100_000})
    start_job(api.store, job.id)
    finish_job(api.store, job.id, {"plan": "y" * 100_000, "final": True}, {"done": True})
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    async def stream() -> list[bytes]:
        return [chunk async for chunk in _event_stream(api.store, job.id, 0.01, None)]

    event.listen(api.store.engine, "before_cursor_execute", seen)
    try:
        chunks = asyncio.run(stream())
    finally:
        event.remove(api.store.engine, "before_cursor_execute", seen)
    assert b"event: done" in chunks[-1] and b'"has_result": true' in chunks[-1]
    reads = [s for s in statements if "FROM jobs" in s]
    big = re.compile(r"jobs\.request|jobs\.best_result(?! IS NOT NULL)")
    assert reads and not any(big.search(s) for s in reads), reads


def test_a_job_is_shared_by_every_key_of_its_role_and_no_other(api):
    # README: a job is not its key's own (unlike a shop's orders)
    from logistics.store.keys import create_key

    job = create_job(api.store, "waves", {}, owner_key_id="someone-else")
    other = {"X-API-Key": create_key(api.store, "dispatcher", "second dispatcher").secret}
    assert api.client.get(f"/v1/waves/{job.id}", headers=other).status_code == 200
    assert api.client.delete(f"/v1/waves/{job.id}", headers=other).json()["state"] == "cancelled"
    r = api.client.get(f"/v1/waves/{job.id}", headers=api.h("planner"))
    assert r.status_code == 403


def test_scenario_job_reports_against_the_base(api):
    import yaml

    scenario = yaml.safe_load(
        (ROOT / "examples/scenarios/us_forward_denver_south_growth.yaml").read_text()
    )
    scenario["solver"] = {"time_limit_s": 2}
    h = api.h("planner")
    r = api.client.post("/v1/scenarios?validate_only=true", json={"scenario": scenario}, headers=h)
    assert r.status_code == 200 and r.json()["name"] == "forward-denver-south-growth"
    bad = dict(scenario, changes={"close": [1]})
    r = api.client.post("/v1/scenarios", json={"scenario": bad}, headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["pointer"].startswith("/scenario/changes")
    r = api.client.post("/v1/scenarios", json={"scenario": scenario}, headers=h)
    assert r.status_code == 202
    job = api.wait(r.headers["location"], role="planner")
    assert job["state"] == "succeeded", job
    report = job["result"]["report"]
    assert "DEN-FWD" in report["open_sites"] and report["vs_base"] is not None


def test_route_plan_from_the_stored_orders_of_a_warehouse_and_date(api):
    import datetime as dt

    from api_seed import an_order, seed_network

    seed_network(api)
    shop = api.h("shop")
    placed = []
    for i in range(6):
        body = an_order(i, promise={"kind": "standard", "standard_days": 10})
        r = api.client.post("/v1/orders", json=body, headers={**shop, "Idempotency-Key": f"k{i}"})
        assert r.status_code == 201, r.text
        placed.append(r.json())
    first = placed[0]["shipments"][0]
    offsets = {
        w["id"]: w["utc_offset_s"]
        for w in api.client.get("/v1/warehouses", headers=api.h("admin")).json()["items"]
    }
    wid = first["warehouse_id"]
    when = dt.datetime.fromisoformat(first["delivers_by"].replace("Z", "+00:00"))
    day = (when + dt.timedelta(seconds=offsets[wid])).date()
    expected = sum(
        1
        for o in placed
        for s in o["shipments"]
        if s["warehouse_id"] == wid
        and (
            dt.datetime.fromisoformat(s["delivers_by"].replace("Z", "+00:00"))
            + dt.timedelta(seconds=offsets[wid])
        ).date()
        == day
    )
    spec = {
        "warehouse_id": wid,
        "date": day.isoformat(),
        "vehicle_types": [{"id": "van", "capacity": {"parcels": 100}}],
        "vehicles": [{"id": "van-1", "type": "van", "start_depot": wid}],
    }
    h = api.h("dispatcher")
    r = api.client.post("/v1/route-plans?validate_only=true", json={"from_orders": spec}, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["stops"] == expected >= 1 and r.json()["depots"] == 1
    r = api.client.post("/v1/route-plans", json={"from_orders": spec, "problem": {}}, headers=h)
    assert r.status_code == 422
    spec["date"] = "1999-01-01"
    r = api.client.post("/v1/route-plans", json={"from_orders": spec}, headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["pointer"] == "/from_orders"


def test_slotting_orders_per_batch_has_the_library_s_limit(api):
    # the API refused 101 with its own literal while SlottingParams and the CLI took any size
    h = api.h("dispatcher")
    for carts, status in ((MAX_ORDERS_PER_BATCH, 200), (MAX_ORDERS_PER_BATCH + 1, 422)):
        body = {"problem": SLOTTING, "orders_per_batch": carts}
        r = api.client.post("/v1/slotting?validate_only=true", json=body, headers=h)
        assert r.status_code == status, r.text
    assert r.json()["errors"][0]["pointer"] == "/orders_per_batch"
    schema = api.client.get("/openapi.json").json()["components"]["schemas"]["SlottingIn"]
    assert schema["properties"]["orders_per_batch"]["maximum"] == MAX_ORDERS_PER_BATCH
