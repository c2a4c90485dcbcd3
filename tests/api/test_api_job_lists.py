"""``GET /v1/route-plans`` (waves, slotting, scenarios): a collection's jobs, newest first,
paged like every list, filtered by state; each a summary read without the request or
the result (jobs could be created and read by id, not listed)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import update
from test_api_job_reads import _route_plan, _statements

from logistics.store.jobs import cancel_job, create_job, fail_job, start_job
from logistics.store.models import Job

KINDS = {
    "/v1/route-plans": ("route_plan", "dispatcher"),
    "/v1/waves": ("waves", "dispatcher"),
    "/v1/slotting": ("slotting", "dispatcher"),
    "/v1/scenarios": ("scenario", "planner"),
}


def _created(store, job_id: str, at: dt.datetime) -> None:
    with store.write() as session:
        session.execute(update(Job).where(Job.id == job_id).values(created_at=at))


def _walk(api, url: str, role: str) -> list[dict]:
    items = []
    while url is not None:
        r = api.client.get(url, headers=api.h(role))
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        nxt = r.json()["next"]
        assert r.headers.get("link") == (None if nxt is None else f'<{nxt}>; rel="next"')
        url = nxt
    return items


@pytest.mark.parametrize("base", sorted(KINDS))
def test_a_collection_lists_its_own_jobs_newest_first_a_page_at_a_time(api_both, base):
    api = api_both
    kind, role = KINDS[base]
    t0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    ids = []
    for i in range(5):
        job = create_job(api.store, kind, {"n": i})
        # two pairs created in the same microsecond: the id breaks the tie
        _created(api.store, job.id, t0 + dt.timedelta(microseconds=i // 2))
        ids.append(job.id)
    other = "waves" if kind != "waves" else "slotting"
    create_job(api.store, other, {"n": 9})  # another kind: not listed
    newest_first = sorted(ids, key=lambda j: (t0 + dt.timedelta(microseconds=ids.index(j) // 2), j))
    newest_first.reverse()
    whole = _walk(api, base, role)
    assert [j["id"] for j in whole] == newest_first
    assert [j["id"] for j in _walk(api, f"{base}?limit=2", role)] == newest_first
    assert [j["id"] for j in _walk(api, f"{base}?limit=1", role)] == newest_first
    first = whole[0]
    assert set(first) == {
        "id",
        "kind",
        "state",
        "progress",
        "cancel_requested",
        "error",
        "created_at",
        "started_at",
        "finished_at",
        "links",
    }
    assert first["kind"] == kind and first["state"] == "queued"
    assert first["links"] == {
        "self": f"{base}/{first['id']}",
        "events": f"{base}/{first['id']}/events",
    }
    assert dt.datetime.fromisoformat(whole[-1]["created_at"]) == t0  # RFC 3339, UTC


def test_the_state_filter_and_its_cursor(api_both):
    api, h = api_both, api_both.h("dispatcher")
    jobs = [create_job(api.store, "waves", {"n": i}).id for i in range(6)]
    for job_id in jobs[:4]:
        assert start_job(api.store, job_id, "A")
    assert fail_job(api.store, jobs[0], "boom")
    cancel_job(api.store, jobs[4])
    states = {
        s: [j["id"] for j in _walk(api, f"/v1/waves?state={s}&limit=1", "dispatcher")]
        for s in ("queued", "running", "succeeded", "failed", "cancelled")
    }
    assert {s: sorted(ids) for s, ids in states.items()} == {
        "queued": [jobs[5]],
        "running": sorted(jobs[1:4]),
        "succeeded": [],
        "failed": [jobs[0]],
        "cancelled": [jobs[4]],
    }
    (failed,) = api.client.get("/v1/waves?state=failed", headers=h).json()["items"]
    assert failed["error"] == "boom" and failed["finished_at"] is not None
    r = api.client.get("/v1/waves?state=done", headers=h)
    assert r.status_code == 422
    assert [(e["parameter"], e["in"]) for e in r.json()["errors"]] == [("state", "query")]
    running = api.client.get("/v1/waves?state=running&limit=1", headers=h).json()["next"]
    for url in (
        running.replace("state=running", "state=queued"),
        running.replace("waves", "slotting"),
    ):
        r = api.client.get(url, headers=h)
        assert r.status_code == 422, url
        assert [(e["parameter"], e["in"]) for e in r.json()["errors"]] == [("cursor", "query")]


def test_a_list_reads_no_request_nor_result(api_both):
    api, h = api_both, api_both.h("dispatcher")
    for running in (True, False):  # a result with a map and GeoJSON, a 2,000-stop request
        _route_plan(api.store, running=running)
    with _statements(api.store) as seen:
        r = api.client.get("/v1/route-plans?limit=1", headers=h)
        r = api.client.get(r.json()["next"], headers=h)
    assert r.status_code == 200 and len(r.json()["items"]) == 1
    reads = [s for s in seen if "FROM jobs" in s]
    assert len(reads) == 2, seen
    for sql in reads:
        assert not re.search(r"jobs\.(request|best_result|best_attachments)\b", sql), sql
        assert "LIMIT" in sql and "ORDER BY jobs.created_at DESC, jobs.id DESC" in sql, sql
    assert "(jobs.created_at, jobs.id) < (" in reads[1], reads[1]
