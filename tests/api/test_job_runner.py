"""The job runner: standby workers take jobs warm, and a fresh standby follows."""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import time

import pytest
from api_helpers import finished_job, wait_for, worker_then_wait

from api.job_runner import JobRunner, _Standby
from logistics.store import Store
from logistics.store.jobs import INTERRUPTED, cancel_job, create_job, get_job

KINDS = {"echo": "api_helpers:echo_job"}


@pytest.fixture
def store(sqlite_store):
    return sqlite_store


def test_a_standby_worker_runs_the_job_and_another_takes_its_place(store):
    runner = JobRunner(store, workers=1, kinds=KINDS, standby=1)
    runner.start()
    try:
        t0 = time.monotonic()
        while not runner.warm():
            assert time.monotonic() - t0 < 60, "the standby never finished importing"
            time.sleep(0.05)
        first = runner._standbys[0].proc.pid
        job = create_job(store, "echo", {"n": 1})
        runner.submit(job.id)
        done = finished_job(store, job.id)
        assert done.best_result == {"pid": first, "echo": {"n": 1}}
        assert len(runner._standbys) == 1
        second = runner._standbys[0].proc.pid
        assert second != first
        job2 = create_job(store, "echo", {"n": 2})
        runner.submit(job2.id)
        assert finished_job(store, job2.id).best_result["pid"] == second
    finally:
        runner.stop()
    assert runner._standbys == []


def test_without_standby_each_job_gets_its_own_process(store):
    runner = JobRunner(store, workers=1, kinds=KINDS, standby=0)
    runner.start()
    try:
        pids = []
        for n in range(2):
            job = create_job(store, "echo", {"n": n})
            runner.submit(job.id)
            pids.append(finished_job(store, job.id).best_result["pid"])
        assert runner._standbys == [] and pids[0] != pids[1]
    finally:
        runner.stop()


def test_a_dead_standby_is_skipped(store):
    runner = JobRunner(store, workers=1, kinds=KINDS, standby=1)
    runner.start()
    try:
        dead = runner._standbys[0].proc
        dead.terminate()
        dead.join(5)
        job = create_job(store, "echo", {"n": 3})
        runner.submit(job.id)
        done = finished_job(store, job.id)
        assert done.state.value == "succeeded" and done.best_result["pid"] != dead.pid
    finally:
        runner.stop()


def test_a_worker_that_cannot_start_fails_its_job_and_the_runner_goes_on(store, monkeypatch):
    runner = JobRunner(store, workers=1, kinds=KINDS, standby=0)
    real = runner._launch
    calls = []

    def flaky(job_id, target):
        calls.append(job_id)
        if len(calls) == 1:
            raise OSError("no more processes")
        return real(job_id, target)

    monkeypatch.setattr(runner, "_launch", flaky)
    runner.start()
    try:
        bad = create_job(store, "echo", {"n": 1})
        runner.submit(bad.id)
        failed = finished_job(store, bad.id)
        assert failed.state.value == "failed" and "OSError" in failed.error
        good = create_job(store, "echo", {"n": 2})
        runner.submit(good.id)
        assert finished_job(store, good.id).state.value == "succeeded"
        assert runner.alive()
    finally:
        runner.stop()


def test_a_job_handed_before_the_standby_is_warm_still_runs_there(store):
    runner = JobRunner(store, workers=1, kinds=KINDS, standby=1)
    runner.start()
    try:
        first = runner._standbys[0].proc.pid
        job = create_job(store, "echo", {"n": 4})
        runner.submit(job.id)  # the standby is still importing
        done = finished_job(store, job.id)
        assert done.state.value == "succeeded" and done.best_result["pid"] == first
    finally:
        runner.stop()


def test_a_worker_whose_server_was_killed_stops_and_marks_its_job_interrupted(store):
    # kill -9 on the server leaves its worker processes running: each must stop its
    # search instead of running out its time limit, and say the job was interrupted
    job = create_job(store, "until_stopped", {"max_s": 120})
    server = mp.get_context("spawn").Process(
        target=worker_then_wait, args=(store.url, job.id, "api_helpers:until_stopped_job")
    )
    server.start()
    worker_pid = None
    try:
        t0 = time.monotonic()
        while worker_pid is None:
            assert time.monotonic() - t0 < 60, "the worker never started the job"
            worker_pid = get_job(store, job.id).progress.get("pid")
            time.sleep(0.05)
        server.kill()
        server.join(10)
        done = finished_job(store, job.id)
        assert done.state.value == "failed"
        assert done.error == INTERRUPTED.format(state="running")
        # what the stopped search returned is kept, not final (as a cancel keeps it):
        # a waves or slotting job stores no result before its search returns
        assert done.best_result == {"pid": worker_pid, "stopped": True, "final": False}
    finally:
        server.kill()
        if worker_pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker_pid, signal.SIGKILL)


@pytest.mark.parametrize("standby", [0, 1])
def test_a_server_that_stops_keeps_what_its_workers_searches_return(store, standby):
    # the workers were terminated outright: a waves or slotting job, which stores no
    # result before its search returns, ended interrupted with none
    kinds = {**KINDS, "until_stopped": "api_helpers:until_stopped_job"}
    runner = JobRunner(store, workers=1, kinds=kinds, standby=standby)
    runner.start()
    job = create_job(store, "until_stopped", {"max_s": 120})
    try:
        runner.submit(job.id)
        worker_pid = wait_for(lambda: get_job(store, job.id).progress.get("pid"))
    finally:
        t0 = time.monotonic()
        runner.stop()
    assert time.monotonic() - t0 < 5  # it stopped when asked, not at the timeout
    done = get_job(store, job.id)
    assert done.state.value == "failed" and done.error == INTERRUPTED.format(state="running")
    assert done.best_result == {"pid": worker_pid, "stopped": True, "final": False}


@pytest.mark.parametrize("standby", [0, 1])
def test_a_job_its_worker_had_not_started_stays_queued_when_the_server_stops(db_url, standby):
    # handed to a worker still spawning or importing (seconds), it was failed as
    # interrupted while running: it goes back to the queue for the next server
    store = Store(db_url)
    runner = JobRunner(store, workers=1, kinds=KINDS, standby=standby)
    runner.start()
    job = create_job(store, "echo", {"n": 6})
    try:
        runner.submit(job.id)
        wait_for(lambda: job.id in runner._running)
    finally:
        runner.stop()
    try:
        left = get_job(store, job.id)
        assert left.state.value == "queued", left.error
        assert left.runner_id is None  # released: the next server adopts it
    finally:
        store.dispose()


def test_a_search_stopped_before_it_found_anything_ends_cancelled_or_interrupted(store):
    # a network solve stopped before its first design raises: the job failed with
    # that error instead of ending as the cancel (or the server stop) that stopped it
    kinds = {"nothing": "api_helpers:fails_once_stopped_job"}
    runner = JobRunner(store, workers=1, kinds=kinds, standby=0)
    runner.start()
    try:
        cancelled = create_job(store, "nothing", {})
        runner.submit(cancelled.id)
        wait_for(lambda: get_job(store, cancelled.id).progress.get("pid"))
        cancel_job(store, cancelled.id)
        runner.cancel(cancelled.id)
        done = finished_job(store, cancelled.id, timeout=5)  # not killed after the grace
        assert done.state.value == "cancelled" and done.error is None
        interrupted = create_job(store, "nothing", {})
        runner.submit(interrupted.id)
        wait_for(lambda: get_job(store, interrupted.id).progress.get("pid"))
    finally:
        runner.stop()
    done = get_job(store, interrupted.id)
    assert done.state.value == "failed" and done.error == INTERRUPTED.format(state="running")


def test_a_worker_whose_search_does_not_poll_is_killed_when_its_server_stops(store):
    runner = JobRunner(store, workers=1, kinds={"deaf": "api_helpers:deaf_job"}, standby=0)
    runner.start()
    job = create_job(store, "deaf", {"s": 120})
    try:
        runner.submit(job.id)
        wait_for(lambda: get_job(store, job.id).state.value == "running")
    finally:
        t0 = time.monotonic()
        runner.stop(timeout=1)
    assert time.monotonic() - t0 < 5
    done = get_job(store, job.id)
    assert done.state.value == "failed" and done.error == INTERRUPTED.format(state="running")


def test_a_standby_outlives_a_ctrl_c_and_still_runs_its_job(store):
    # Ctrl-C on `logistics serve` reaches every process of its group: the server stops
    # its workers itself, so a standby must not die of it (it printed a traceback)
    spare = _Standby(mp.get_context("spawn"), ("api_helpers:echo_job",))
    try:
        t0 = time.monotonic()
        while not spare.ready():
            assert time.monotonic() - t0 < 60, "the standby never finished importing"
            time.sleep(0.05)
        os.kill(spare.proc.pid, signal.SIGINT)
        job = create_job(store, "echo", {"n": 5})
        assert spare.hand(store.url, job.id, "api_helpers:echo_job")
        done = finished_job(store, job.id)
        assert done.state.value == "succeeded" and done.best_result["pid"] == spare.proc.pid
    finally:
        spare.close(5)


def test_a_lost_database_connection_at_a_heartbeat_is_one_warning_line(store, monkeypatch, caplog):
    # each lost connection logged a full traceback as an error; the next beat reconnects
    from sqlalchemy.exc import DBAPIError

    runner = JobRunner(store, workers=1, kinds=KINDS, standby=0)
    beat, raised = runner._beat, []

    def lost_once() -> None:
        if not raised:
            raised.append(1)
            lost = Exception("server closed the connection unexpectedly\nmore detail")
            raise DBAPIError("SELECT 1", None, lost, connection_invalidated=True)
        beat()

    monkeypatch.setattr(runner, "_beat", lost_once)
    with caplog.at_level("WARNING", logger="api.jobs"):
        runner.start()
        try:
            wait_for(lambda: raised, timeout=10)
            time.sleep(0.2)
        finally:
            runner.stop()
    records = [r for r in caplog.records if r.name == "api.jobs"]
    assert [(r.levelname, r.getMessage(), r.exc_info) for r in records] == [
        (
            "WARNING",
            "job heartbeat: the database connection was lost "
            "(server closed the connection unexpectedly)",
            None,
        )
    ]
