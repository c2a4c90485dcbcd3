"""Several job runners on one database and the queued jobs in their memory: a live runner
adopts the queued jobs of a runner that is gone, and never a live peer's."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from api.job_runner import JobRunner
from logistics.store import Store, upgrade_database
from logistics.store.jobs import create_job, get_job, hold_queued
from logistics.store.models import JobState, utcnow
from logistics.store.testing import pg_schema_or_skip

KINDS = {"echo": "api_helpers:echo_job"}
FAST = {"heartbeat_s": 0.2, "stale_s": 1.0, "recheck_s": 0.1}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'queued_peers.db'}"
        upgrade_database(url)
        yield url
    else:
        for url in pg_schema_or_skip():
            upgrade_database(url)
            yield url


@pytest.fixture
def store(db_url) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.dispose()


def _finished(store, job_id, timeout=60.0):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        job = get_job(store, job_id)
        if job.state.finished:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} not finished in {timeout} s: {get_job(store, job_id)}")


def test_a_live_runner_adopts_and_runs_a_crashed_runners_queued_job(store):
    runner = JobRunner(store, workers=1, kinds=KINDS, standby=0, **FAST)
    runner.start()
    try:
        # a peer took the job into its queue and beat for it just now, then crashed
        job = create_job(store, "echo", {"n": 1})
        assert hold_queued(store, job.id, "crashed") == [job.id]
        time.sleep(0.5)  # a few rechecks: its heartbeat is still fresh
        assert get_job(store, job.id).state == JobState.QUEUED
        done = _finished(store, job.id)  # adopted once its heartbeat is stale_s old
        assert done.state == JobState.SUCCEEDED, done.error
        assert done.runner_id == runner.runner_id
    finally:
        runner.stop()


def test_a_starting_runner_adopts_a_gone_runners_queued_job_at_once(store):
    job = create_job(store, "echo", {"n": 2})
    hold_queued(store, job.id, "crashed", now=utcnow() - dt.timedelta(seconds=60))
    runner = JobRunner(store, workers=1, kinds=KINDS, standby=0)  # stale_s 30, recheck 10
    runner.start()
    try:
        done = _finished(store, job.id)
        assert done.state == JobState.SUCCEEDED and done.runner_id == runner.runner_id
    finally:
        runner.stop()


def test_a_runner_leaves_a_live_peers_queued_job_alone_until_the_peer_stops(db_url):
    stores = [Store(db_url), Store(db_url)]
    # the peer holds the job in its queue but runs nothing (no worker free)
    peer = JobRunner(stores[0], workers=0, kinds=KINDS, standby=0, **FAST)
    runner = JobRunner(stores[1], workers=1, kinds=KINDS, standby=0, **FAST)
    peer.start()
    try:
        job = create_job(stores[0], "echo", {"n": 3})
        peer.submit(job.id)
        runner.start()
        time.sleep(2.5)  # well past stale_s: the peer's heartbeat keeps its job its own
        held = get_job(stores[0], job.id)
        assert held.state == JobState.QUEUED and held.runner_id == peer.runner_id
        peer.stop()  # releases its queued jobs: the live runner adopts and runs them
        done = _finished(stores[0], job.id)
        assert done.state == JobState.SUCCEEDED and done.runner_id == runner.runner_id
    finally:
        peer.stop()
        runner.stop()
        for s in stores:
            s.dispose()
