"""Several job runners on one database and the queued jobs in their memory: a live runner
adopts the queued jobs of a runner that is gone, and never a live peer's."""

from __future__ import annotations

import datetime as dt
import time

from api_helpers import finished_job

from api.job_runner import JobRunner
from logistics.store import Store
from logistics.store.jobs import create_job, get_job, hold_queued
from logistics.store.models import JobState, utcnow

KINDS = {"echo": "api_helpers:echo_job"}
FAST = {"heartbeat_s": 0.2, "stale_s": 1.0, "recheck_s": 0.1}


def test_a_live_runner_adopts_and_runs_a_crashed_runners_queued_job(store):
    runner = JobRunner(store, workers=1, kinds=KINDS, standby=0, **FAST)
    runner.start()
    try:
        # a peer took the job into its queue and beat for it just now, then crashed
        job = create_job(store, "echo", {"n": 1})
        assert hold_queued(store, job.id, "crashed") == [job.id]
        time.sleep(0.5)  # a few rechecks: its heartbeat is still fresh
        assert get_job(store, job.id).state == JobState.QUEUED
        done = finished_job(store, job.id)  # adopted once its heartbeat is stale_s old
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
        done = finished_job(store, job.id)
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
        done = finished_job(stores[0], job.id)
        assert done.state == JobState.SUCCEEDED and done.runner_id == runner.runner_id
    finally:
        peer.stop()
        runner.stop()
        for s in stores:
            s.dispose()
