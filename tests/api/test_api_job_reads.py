"""Reading a job reads what the answer shows: not its request, not the parts of its
result that have their own URLs (a route plan's GeoJSON and map, stored apart)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, update

from logistics.store.jobs import (
    create_job,
    finish_job,
    get_job,
    read_job,
    record_progress,
    start_job,
)
from logistics.store.models import Job

# a column of jobs selected whole: in a select list, not inside a function or before IS
_WHOLE = re.compile(
    r"(?<![(\w.])jobs\.(request|best_result|best_attachments)\b(\s+AS\s+\w+)?\s*(,|FROM\b)"
)


@contextmanager
def _statements(store) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


def _whole_columns(statements: list[str]) -> set[str]:
    return {m.group(1) for s in statements for m in _WHOLE.finditer(s)}


def _route_plan(store, *, running: bool = False) -> str:
    """A stored route plan job with a large request and a result with a map and GeoJSON."""
    stops = [{"id": f"o-{i}", "location": {"lat": -22.9, "lon": -43.2}} for i in range(2000)]
    job = create_job(store, "route_plan", {"problem": {"stops": stops}, "time_limit_s": 5})
    assert start_job(store, job.id, "A")
    result = {
        "plan": {"summary": {"cost": 7}, "routes": [], "unassigned": []},
        "validation": {"feasible": True, "violations": []},
        "final": False,
        "geojson": {"type": "FeatureCollection", "features": [{"n": i} for i in range(2000)]},
    }
    if running:
        assert record_progress(store, job.id, {"phase": "main search"}, result)
    else:
        final = {**result, "final": True, "html": "<p>" * 100_000}
        assert finish_job(store, job.id, final, {"done": True})
    return job.id


def test_a_route_plan_poll_reads_the_plan_not_the_request_map_or_geojson(api_both):
    api, h = api_both, api_both.h("dispatcher")
    for running in (True, False):
        job_id = _route_plan(api.store, running=running)
        with _statements(api.store) as seen:
            r = api.client.get(f"/v1/route-plans/{job_id}", headers=h)
        assert r.status_code == 200
        body = r.json()
        assert body["state"] == ("running" if running else "succeeded")
        assert body["result"] == {
            "plan": {"summary": {"cost": 7}, "routes": [], "unassigned": []},
            "validation": {"feasible": True, "violations": []},
            "final": not running,
        }
        assert body["progress"] == ({"phase": "main search"} if running else {"done": True})
        assert _whole_columns(seen) == {"best_result"}, seen  # the plan, not the map


def test_the_geojson_map_events_and_cancel_read_no_request(api_both):
    api, h = api_both, api_both.h("dispatcher")
    job_id = _route_plan(api.store)
    read = {
        "/plan.geojson": {"best_attachments"},
        "/map.html": {"best_attachments"},
        "/events": set(),
        "": {"best_result"},  # DELETE answers the job as GET does
    }
    for path, columns in read.items():
        with _statements(api.store) as seen:
            if path == "":
                r = api.client.delete(f"/v1/route-plans/{job_id}", headers=h)
            else:
                r = api.client.get(f"/v1/route-plans/{job_id}{path}", headers=h)
        assert r.status_code == 200, (path, r.text)
        assert _whole_columns(seen) == columns, (path, seen)
    geojson = api.client.get(f"/v1/route-plans/{job_id}/plan.geojson", headers=h).json()
    assert len(geojson["features"]) == 2000
    assert api.client.get(f"/v1/route-plans/{job_id}/map.html", headers=h).text == "<p>" * 100_000


def test_a_route_plan_without_a_result_yet_reads_as_none(api_both):
    api, h = api_both, api_both.h("dispatcher")
    job = create_job(api.store, "route_plan", {"problem": {}})
    r = api.client.get(f"/v1/route-plans/{job.id}", headers=h)
    assert r.status_code == 200 and r.json()["result"] is None and r.json()["state"] == "queued"
    r = api.client.get(f"/v1/route-plans/{job.id}/plan.geojson", headers=h)
    assert r.status_code == 409
    r = api.client.get(f"/v1/waves/{job.id}", headers=h)  # another kind: not found
    assert r.status_code == 404


def test_a_waves_poll_reads_no_request(api_both):
    api, h = api_both, api_both.h("dispatcher")
    job = create_job(api.store, "waves", {"orders": {"orders": [{"n": i} for i in range(500)]}})
    assert start_job(api.store, job.id, "A")
    assert finish_job(api.store, job.id, {"plan": {"waves": []}, "final": True}, {"done": True})
    with _statements(api.store) as seen:
        r = api.client.get(f"/v1/waves/{job.id}", headers=h)
    assert r.status_code == 200 and r.json()["result"] == {"plan": {"waves": []}, "final": True}
    assert _whole_columns(seen) == {"best_result", "best_attachments"}, seen


def test_a_map_not_drawn_for_want_of_folium_is_still_a_406(api_both):
    # the result says "html": null (no folium on the server), which is not "not drawn yet"
    api, h = api_both, api_both.h("dispatcher")
    job = create_job(api.store, "route_plan", {"problem": {}})
    assert start_job(api.store, job.id, "A")
    assert finish_job(api.store, job.id, {"plan": {}, "final": True, "html": None}, {"done": True})
    r = api.client.get(f"/v1/route-plans/{job.id}/map.html", headers=h)
    assert r.status_code == 406 and "folium" in r.json()["detail"]


def test_a_result_stored_with_its_map_inside_is_still_served(api_both):
    # results stored before the map and GeoJSON had a column of their own keep them inside
    api, h = api_both, api_both.h("dispatcher")
    job_id = _route_plan(api.store)
    with api.store.write() as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(
                best_result={"plan": {}, "final": True, "geojson": {"n": 1}, "html": "<b>"},
                best_attachments=None,
            )
        )
    r = api.client.get(f"/v1/route-plans/{job_id}", headers=h)
    assert r.json()["result"] == {"plan": {}, "final": True}
    r = api.client.get(f"/v1/route-plans/{job_id}/plan.geojson", headers=h)
    assert r.json() == {"n": 1}
    assert api.client.get(f"/v1/route-plans/{job_id}/map.html", headers=h).text == "<b>"
    job = get_job(api.store, job_id)
    assert job.best_result == {"plan": {}, "final": True, "geojson": {"n": 1}, "html": "<b>"}


def test_the_worker_and_the_store_still_see_the_whole_result(api_both):
    api = api_both
    job_id = _route_plan(api.store)
    job = get_job(api.store, job_id)
    assert set(job.best_result) == {"plan", "validation", "final", "geojson", "html"}
    assert job.request["time_limit_s"] == 5
    assert read_job(api.store, job_id).best_result == job.best_result
    assert read_job(api.store, job_id, ("html", "final")).best_result == {
        "html": "<p>" * 100_000,
        "final": True,
    }
    assert read_job(api.store, job_id, ()).best_result == {}
