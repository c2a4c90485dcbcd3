"""Ctrl-C on ``logistics serve`` while a worker process is still importing: the worker
is started with SIGINT blocked until it ignores it, so it neither dies nor prints a
traceback (the server stops its workers itself)."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time

import pytest
from api_helpers import finished_job

from api.job_runner import _Standby
from logistics.store.jobs import create_job

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "pthread_sigmask"), reason="signal masks are POSIX"
)


@pytest.fixture
def store(sqlite_store):
    return sqlite_store


def test_a_standby_still_importing_outlives_a_ctrl_c(store, capfd):
    # at once after start(): the process is still in multiprocessing's bootstrap,
    # re-importing the main module and the api package (seconds), where it used to
    # die of the SIGINT with a traceback of the import
    spare = _Standby(mp.get_context("spawn"), ("api_helpers:echo_job",))
    try:
        os.kill(spare.proc.pid, signal.SIGINT)
        t0 = time.monotonic()
        while not spare.ready():
            assert spare.proc.is_alive(), f"died of the Ctrl-C ({spare.proc.exitcode})"
            assert time.monotonic() - t0 < 60, "the standby never finished importing"
            time.sleep(0.05)
        job = create_job(store, "echo", {"n": 5})
        assert spare.hand(store.url, job.id, "api_helpers:echo_job")
        done = finished_job(store, job.id)
        assert done.state.value == "succeeded" and done.best_result["pid"] == spare.proc.pid
    finally:
        spare.close(5)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_starting_a_worker_leaves_the_servers_ctrl_c_alone():
    # the block is for the child only: the server itself must still get Ctrl-C
    spare = _Standby(mp.get_context("spawn"), ())
    try:
        assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    finally:
        spare.close(5)
