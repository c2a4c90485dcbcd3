"""Several job runners (API servers) on one database: each leaves a live peer's jobs alone,
marks a gone peer's jobs interrupted once their heartbeat is stale, and a queued job runs once
even when both dispatch it."""

from __future__ import annotations

import datetime as dt
import threading
import time

from api_helpers import finished_job, wait_for

from api.job_runner import JobRunner, run_job_in_worker
from logistics.store import Store
from logistics.store.jobs import (
    INTERRUPTED,
    cancel_job,
    create_job,
    get_job,
    heartbeat,
    mark_interrupted,
    start_job,
)
from logistics.store.models import JobState, utcnow

KINDS = {
    "echo": "api_helpers:echo_job",
    "deaf": "api_helpers:deaf_job",
}


def _peer_job(store, seconds_ago: float = 0.0) -> str:
    """A job a peer server's worker started (and last beat) ``seconds_ago``."""
    job = create_job(store, "echo", {"n": 1})
    assert start_job(store, job.id, "peer", now=utcnow() - dt.timedelta(seconds=seconds_ago))
    return job.id


def test_a_starting_runner_leaves_a_live_peers_running_job_alone(store):
    live = _peer_job(store, seconds_ago=2)
    gone = _peer_job(store, seconds_ago=3600)
    runner = JobRunner(store, workers=1, kinds=KINDS, standby=0)
    runner.start()
    try:
        job = get_job(store, gone)  # marked at start: its server is gone
        assert job.state == JobState.FAILED and job.error == INTERRUPTED.format(state="running")
        job = get_job(store, live)
        assert job.state == JobState.RUNNING and job.error is None
    finally:
        runner.stop()
    assert get_job(store, live).state == JobState.RUNNING  # nor at its stop


def test_a_live_runner_marks_a_peer_job_whose_heartbeat_went_stale(store):
    job_id = _peer_job(store)
    runner = JobRunner(store, workers=1, kinds=KINDS, standby=0, recheck_s=0.1)
    runner.start()
    try:
        time.sleep(0.3)  # a few rechecks: the peer is alive
        assert get_job(store, job_id).state == JobState.RUNNING
        heartbeat(store, job_id, now=utcnow() - dt.timedelta(seconds=60))  # the peer died
        job = finished_job(store, job_id, timeout=10)
        assert job.state == JobState.FAILED and job.error == INTERRUPTED.format(state="running")
    finally:
        runner.stop()


def _worker_thread(store, job_id, target):
    t = threading.Thread(
        target=run_job_in_worker,
        args=(store.url, job_id, target),
        kwargs={"runner_id": "A", "heartbeat_s": 0.2},
        daemon=True,
    )
    t.start()
    wait_for(lambda: get_job(store, job_id).state == JobState.RUNNING, timeout=30)
    return t


def test_a_worker_keeps_its_heartbeat_fresh_without_progress_reports(store):
    job = create_job(store, "silent", {"max_s": 60})
    worker = _worker_thread(store, job.id, "api_helpers:silent_until_stopped_job")
    try:
        first = get_job(store, job.id).heartbeat_at

        def beaten():
            job_now = get_job(store, job.id)
            return job_now.heartbeat_at > first and job_now

        later = wait_for(beaten, timeout=10)
        assert later.progress_seq == 0 and later.runner_id == "A"  # no report wrote it
    finally:
        cancel_job(store, job.id)
        worker.join(30)
    assert not worker.is_alive() and get_job(store, job.id).state == JobState.CANCELLED


def test_a_worker_whose_job_a_peer_marked_interrupted_stops(store):
    job = create_job(store, "silent", {"max_s": 60})
    worker = _worker_thread(store, job.id, "api_helpers:silent_until_stopped_job")
    try:
        # a peer thought this server gone (its heartbeat was not seen for too long)
        later = utcnow() + dt.timedelta(seconds=60)
        assert mark_interrupted(store, states=(JobState.RUNNING,), stale_s=30, now=later)
        worker.join(10)
        assert not worker.is_alive(), "the worker ran on after its job was marked interrupted"
    finally:
        cancel_job(store, job.id)
        worker.join(30)
    job = get_job(store, job.id)
    assert job.state == JobState.FAILED and job.error == INTERRUPTED.format(state="running")


def test_the_runner_keeps_a_job_alive_whose_solver_never_polls(store):
    # a solve in one library call neither polls should_stop nor reports: the runner's
    # heartbeat for its live worker keeps the job from looking stale to itself or a peer
    runner = JobRunner(
        store, workers=1, kinds=KINDS, standby=0, heartbeat_s=0.2, stale_s=1.5, recheck_s=0.1
    )
    runner.start()
    try:
        job = create_job(store, "deaf", {"s": 4})
        runner.submit(job.id)
        done = finished_job(store, job.id)
        assert done.state == JobState.SUCCEEDED, done.error
        assert done.best_result == {"slept": 4}
    finally:
        runner.stop()


def test_a_runner_never_fails_a_job_its_worker_lost_to_another_server(store):
    # both servers dispatched the same queued job; the peer's worker started it first,
    # ours found it running and exited: neither reaping nor stopping may fail the job
    runner = JobRunner(store, workers=1, kinds=KINDS, standby=0)
    job_id = _peer_job(store)
    for end in ("reap", "stop"):
        proc = runner._launch(job_id, KINDS["echo"])
        with runner._lock:
            runner._running[job_id] = proc
        if end == "reap":
            proc.join(60)
            runner._reap()
        else:
            runner.stop()
        job = get_job(store, job_id)
        assert job.state == JobState.RUNNING and job.runner_id == "peer", job.error


def test_two_runners_on_one_database_run_a_queued_job_once(db_url):
    stores = [Store(db_url), Store(db_url)]
    jobs = [create_job(stores[0], "echo", {"n": n}) for n in range(3)]
    runners = [JobRunner(s, workers=2, kinds=KINDS, standby=0) for s in stores]
    for r in runners:
        r.start()
        for job in jobs:  # both hold every job (as after an adoption): both dispatch them
            r.submit(job.id)
    try:
        for job in jobs:
            done = finished_job(stores[0], job.id)
            assert done.state == JobState.SUCCEEDED, done.error
            assert done.runner_id in {r.runner_id for r in runners}
        time.sleep(0.5)  # let the losing workers exit and be reaped
        for r in runners:
            r._reap()
        assert all(get_job(stores[0], j.id).state == JobState.SUCCEEDED for j in jobs)
    finally:
        for r, s in zip(runners, stores, strict=True):
            r.stop()
            s.dispose()


def test_a_cancel_asked_through_a_peer_ends_a_worker_that_does_not_poll(store):
    # DELETE on server B only flags the job; B runs no worker of it, so only the runner
    # that started it can end a search that does not poll: it never did, and the job
    # stayed running (cancel_requested) until its search ran out its time limit
    runner = JobRunner(
        store, workers=1, kinds=KINDS, standby=0, cancel_grace_s=0.2, heartbeat_s=0.1, stale_s=60
    )
    runner.start()
    try:
        job = create_job(store, "deaf", {"s": 3600})
        runner.submit(job.id)
        wait_for(lambda: get_job(store, job.id).state == JobState.RUNNING, timeout=60)
        cancel_job(store, job.id)  # what B's DELETE does; this runner is not told
        done = finished_job(store, job.id, timeout=60)  # a guard: the job sleeps an hour
        assert done.state == JobState.CANCELLED and done.error is None
    finally:
        runner.stop(timeout=1)
