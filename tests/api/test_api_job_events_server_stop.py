"""An events stream ends when its server stops, so a stopping server is not held open
by the streams of jobs that run on (until their time limit, up to 10 minutes)."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from api_helpers import make_api

from logistics.store.jobs import create_job, start_job


@pytest.fixture
def api(tmp_path):
    # no heartbeat goes stale while the test runs: the job runs on, as a real one would
    yield from make_api(f"sqlite:///{tmp_path / 'api.db'}", job_heartbeat_s=600, job_stale_s=3600)


@pytest.mark.parametrize(
    ("path", "kind"), [("/v1/route-plans", "route_plan"), ("/v1/waves", "waves")]
)
def test_a_stream_of_a_running_job_ends_once_the_server_is_stopping(api, path, kind):
    job = create_job(api.store, kind, {})
    assert start_job(api.store, job.id)  # running; no worker will ever end it
    polls = []

    def stopping() -> bool:  # the server begins to stop after the stream's first poll
        polls.append(1)
        return len(polls) > 1

    api.app.state.stopping = stopping

    async def follow() -> list[str]:
        # ASGITransport hands over the body once the answer is complete
        transport = httpx.ASGITransport(app=api.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            url = f"{path}/{job.id}/events"
            response = await client.get(url, headers=api.h("dispatcher"))
            assert response.status_code == 200
            return response.text.splitlines()

    # a guard, not a measure: before, the stream never ended (the job never ends)
    lines = asyncio.run(asyncio.wait_for(follow(), timeout=60))
    assert "event: progress" in lines and "event: done" not in lines
