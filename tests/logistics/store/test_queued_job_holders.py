"""Queued jobs and their holder: the runner whose queue a queued job waits in keeps its
heartbeat fresh; a live runner adopts (compare-and-set) the queued jobs of a gone one."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

from logistics.store import Store
from logistics.store.jobs import (
    adopt_queued,
    cancel_job,
    create_job,
    get_job,
    heartbeat_queued,
    hold_queued,
    release_queued,
    start_job,
)
from logistics.store.models import JobState, utcnow


def _later(seconds: float) -> dt.datetime:
    return utcnow() + dt.timedelta(seconds=seconds)


def _held(store, runner_id: str, at: dt.datetime) -> str:
    job = create_job(store, "route_plan", {})
    assert hold_queued(store, job.id, runner_id, now=at) == [job.id]
    return job.id


def test_a_submitted_job_records_its_holder_and_a_heartbeat(store):
    at = _later(0)
    job_id = _held(store, "A", at)
    job = get_job(store, job_id)
    assert job.state == JobState.QUEUED and job.runner_id == "A" and job.heartbeat_at == at
    running = create_job(store, "route_plan", {}).id
    assert start_job(store, running, "B")
    assert hold_queued(store, [running], "A") == []  # only queued jobs are held
    assert get_job(store, running).runner_id == "B"


def test_only_queued_jobs_whose_holder_is_gone_are_adopted_oldest_first(store):
    t = _later(0)
    gone_old = _held(store, "gone", t - dt.timedelta(seconds=120))
    gone = _held(store, "gone", t - dt.timedelta(seconds=60))
    live = _held(store, "live", t - dt.timedelta(seconds=5))
    never_held = create_job(store, "route_plan", {}).id  # counts from its creation
    running = create_job(store, "route_plan", {}).id
    assert start_job(store, running, "gone", now=t - dt.timedelta(seconds=600))
    cancelled = _held(store, "gone", t - dt.timedelta(seconds=600))
    cancel_job(store, cancelled)

    assert adopt_queued(store, "me", stale_s=30, now=t) == [gone_old, gone]
    for job_id in (gone_old, gone):
        job = get_job(store, job_id)
        assert job.state == JobState.QUEUED and job.runner_id == "me" and job.heartbeat_at == t
    assert get_job(store, live).runner_id == "live"  # a live peer's queued job: left alone
    assert get_job(store, never_held).runner_id is None
    assert get_job(store, running).state == JobState.RUNNING  # running: not ours to adopt
    assert get_job(store, running).runner_id == "gone"
    assert get_job(store, cancelled).runner_id == "gone"
    # once adopted, fresh: a second look does not take them again
    assert adopt_queued(store, "other", stale_s=30, now=t + dt.timedelta(seconds=1)) == []
    # a minute on nobody beat: a queued job nobody ever held is adopted once its
    # creation is stale_s old, the others once their heartbeat is
    assert adopt_queued(store, "other", stale_s=30, now=_later(60)) == [
        gone_old,
        gone,
        live,
        never_held,
    ]


def test_the_queued_heartbeat_refreshes_only_the_runners_own_queued_jobs(store):
    t = _later(0)
    mine = [_held(store, "A", t), _held(store, "A", t)]
    theirs = _held(store, "B", t)
    started = _held(store, "A", t)
    assert start_job(store, started, "A", now=t)
    later = t + dt.timedelta(seconds=25)
    assert heartbeat_queued(store, "A", now=later) == 2  # one update for all of them
    assert [get_job(store, j).heartbeat_at for j in mine] == [later, later]
    assert get_job(store, theirs).heartbeat_at == t
    assert get_job(store, started).heartbeat_at == t  # running: the running heartbeat's job
    # fresh: not adopted when the first heartbeat would have gone stale
    assert adopt_queued(store, "C", stale_s=30, now=t + dt.timedelta(seconds=40)) == [theirs]
    # a job a peer adopted is no longer refreshed by its old holder
    assert heartbeat_queued(store, "B", now=later) == 0


def test_a_released_queued_job_is_adopted_at_once(store):
    t = _later(0)
    job_id = _held(store, "A", t)
    assert release_queued(store, "A", now=t) == [job_id]
    job = get_job(store, job_id)
    assert job.state == JobState.QUEUED and job.runner_id is None
    assert adopt_queued(store, "B", stale_s=30, now=t) == [job_id]
    assert get_job(store, job_id).runner_id == "B"


def test_two_runners_adopting_at_once_take_each_job_once(db_url):
    stores = [Store(db_url) for _ in range(4)]
    try:
        for _ in range(3):
            gone_at = _later(-120)
            jobs = [_held(stores[0], "gone", gone_at) for _ in range(5)]
            barrier = threading.Barrier(len(stores))

            def adopt(i, barrier=barrier):
                barrier.wait()
                return adopt_queued(stores[i], f"runner-{i}", stale_s=30)

            with ThreadPoolExecutor(len(stores)) as pool:
                taken = list(pool.map(adopt, range(len(stores))))
            flat = [j for ids in taken for j in ids]
            assert sorted(flat) == sorted(jobs), taken  # each job adopted exactly once
            for i, ids in enumerate(taken):
                assert all(get_job(stores[0], j).runner_id == f"runner-{i}" for j in ids)
    finally:
        for s in stores:
            s.dispose()
