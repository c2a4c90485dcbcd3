"""Job owners and heartbeats: several servers on one database leave each other's jobs alone."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

from logistics.store import Store
from logistics.store.jobs import (
    INTERRUPTED,
    create_job,
    fail_job,
    finish_job,
    get_job,
    heartbeat,
    mark_interrupted,
    record_progress,
    start_job,
    stop_cancelled,
)
from logistics.store.models import JobState, utcnow

T0 = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)


def _s(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def _running(store, runner_id="peer", at=T0):
    job = create_job(store, "route_plan", {"n": 1})
    assert start_job(store, job.id, runner_id, now=at)
    return job.id


def test_start_records_the_runner_and_a_first_heartbeat(store):
    job_id = _running(store, "A", at=_s(5))
    job = get_job(store, job_id)
    assert job.state == JobState.RUNNING and job.runner_id == "A"
    assert job.started_at == job.heartbeat_at == _s(5)


def test_a_running_job_with_a_fresh_heartbeat_is_not_marked_interrupted(store):
    fresh = _running(store, at=_s(0))
    assert mark_interrupted(store, states=(JobState.RUNNING,), stale_s=30, now=_s(29)) == []
    job = get_job(store, fresh)
    assert job.state == JobState.RUNNING and job.error is None and job.finished_at is None


def test_a_running_job_with_a_stale_heartbeat_is_marked_interrupted_best_result_kept(store):
    stale = _running(store, at=_s(0))
    fresh = _running(store, at=_s(0))
    record_progress(store, stale, {"step": 1}, {"plan": "best so far"})
    heartbeat(store, stale, now=_s(10))
    heartbeat(store, fresh, now=_s(40))
    marked = mark_interrupted(store, states=(JobState.RUNNING,), stale_s=30, now=_s(41))
    assert marked == [stale]
    job = get_job(store, stale)
    assert job.state == JobState.FAILED and job.error == INTERRUPTED.format(state="running")
    assert job.best_result == {"plan": "best so far"} and job.finished_at == _s(41)
    assert get_job(store, fresh).state == JobState.RUNNING


def test_stale_marking_leaves_queued_and_finished_jobs_alone(store):
    queued = create_job(store, "route_plan", {}).id
    done = _running(store, at=_s(0))
    finish_job(store, done, {"final": True})
    assert mark_interrupted(store, states=(JobState.RUNNING,), stale_s=30, now=_s(3600)) == []
    assert get_job(store, queued).state == JobState.QUEUED
    assert get_job(store, done).state == JobState.SUCCEEDED


def test_without_a_threshold_every_job_in_the_states_is_marked(store):
    queued = create_job(store, "route_plan", {}).id
    running = _running(store, at=utcnow())
    assert sorted(mark_interrupted(store)) == sorted([queued, running])
    assert get_job(store, queued).error == INTERRUPTED.format(state="queued")
    assert get_job(store, running).error == INTERRUPTED.format(state="running")


def test_a_progress_report_is_a_heartbeat(store):
    job_id = _running(store, at=_s(0))
    record_progress(store, job_id, {"step": 1})
    assert get_job(store, job_id).heartbeat_at > _s(0)
    assert mark_interrupted(store, states=(JobState.RUNNING,), stale_s=30, now=_s(60)) == []


def test_heartbeat_answers_which_jobs_still_run_for_the_runner(store):
    mine = _running(store, "A")
    theirs = _running(store, "B")
    queued = create_job(store, "route_plan", {}).id
    assert heartbeat(store, [mine, theirs, queued], runner_id="A", now=_s(7)) == [mine]
    assert get_job(store, mine).heartbeat_at == _s(7)
    assert get_job(store, theirs).heartbeat_at == T0  # another runner's job: untouched
    assert sorted(heartbeat(store, [mine, theirs], now=_s(8))) == sorted([mine, theirs])
    assert heartbeat(store, []) == []
    fail_job(store, mine, "x")
    assert heartbeat(store, mine) == []  # the worker learns its job is no longer running


def test_a_runner_does_not_fail_or_stop_a_job_another_runner_started(store):
    theirs = _running(store, "B")
    assert not fail_job(store, theirs, "the worker process stopped", runner_id="A")
    assert not stop_cancelled(store, theirs, runner_id="A")
    assert get_job(store, theirs).state == JobState.RUNNING
    queued = create_job(store, "route_plan", {}).id  # never started: any runner may fail it
    assert fail_job(store, queued, "could not start a worker", runner_id="A")
    mine = _running(store, "A")
    assert stop_cancelled(store, mine, runner_id="A")


def test_only_one_of_two_servers_starts_a_queued_job(db_url):
    # two servers (own engines) hand the same queued job to a worker at once: start_job
    # is a compare-and-set, exactly one wins and the job carries the winner's id
    stores = [Store(db_url) for _ in range(4)]
    try:
        for _ in range(5):
            job = create_job(stores[0], "route_plan", {})
            barrier = threading.Barrier(len(stores))

            def start(i, job_id=job.id, barrier=barrier):
                barrier.wait()
                return start_job(stores[i], job_id, f"runner-{i}")

            with ThreadPoolExecutor(len(stores)) as pool:
                won = list(pool.map(start, range(len(stores))))
            assert won.count(True) == 1, won
            assert get_job(stores[0], job.id).runner_id == f"runner-{won.index(True)}"
    finally:
        for s in stores:
            s.dispose()
