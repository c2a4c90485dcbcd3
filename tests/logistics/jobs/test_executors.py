"""The executor interface: process pool and Dask give the same results."""

from __future__ import annotations

import math
import os
import re
import sys
import time

import pytest

from logistics.domain.layout import WarehouseLayout
from logistics.errors import InvalidValueError
from logistics.jobs import (
    DaskBackend,
    DaskUnavailableError,
    ProcessPoolBackend,
    get_executor,
    run_all,
)
from logistics.jobs.dask_backend import check_address

# Stdlib functions: importable by reference in spawned processes and Dask workers.
TASKS = [(math.comb, (30 + i, 7 + i % 5)) for i in range(12)] + [
    (math.factorial, (n,)) for n in (5, 20, 50)
]


def _run(executor):
    jobs = [executor.submit(fn, *args, tag=i) for i, (fn, args) in enumerate(TASKS)]
    out = {}
    for job in executor.as_completed(jobs):
        out[job.tag] = job.result()
    return [out[i] for i in range(len(TASKS))]


@pytest.fixture(scope="module")
def pool():
    with ProcessPoolBackend(workers=2) as ex:
        yield ex


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    try:
        yield cluster
    finally:
        cluster.close()


def test_process_pool_results_match_direct_calls(pool):
    assert _run(pool) == [fn(*args) for fn, args in TASKS]
    assert pool.workers == 2
    assert pool.describe() == "process pool (2 workers)"
    with ProcessPoolBackend(workers=1) as one:
        assert one.describe() == "process pool (1 worker)"


def test_dask_local_cluster_equals_process_pool(pool, dask_cluster):
    with get_executor(dask_cluster.scheduler_address) as dask_ex:
        assert isinstance(dask_ex, DaskBackend)
        assert dask_ex.workers == 2
        assert _run(dask_ex) == _run(pool)
        assert dask_ex.map(math.isqrt, range(0, 50, 7)) == pool.map(math.isqrt, range(0, 50, 7))


def test_dask_address_from_environment(dask_cluster, monkeypatch):
    monkeypatch.setenv("LOGISTICS_DASK", dask_cluster.scheduler_address)
    with get_executor() as ex:
        assert isinstance(ex, DaskBackend)
        assert ex.submit(math.gcd, 84, 36).result(timeout=30) == 12


def test_dask_job_exception_is_reraised(dask_cluster):
    with get_executor(dask_cluster.scheduler_address) as ex:
        job = ex.submit(math.sqrt, -1.0)
        with pytest.raises(ValueError):
            job.result(timeout=30)


def test_no_address_gives_process_pool(monkeypatch):
    monkeypatch.delenv("LOGISTICS_DASK", raising=False)
    with get_executor(workers=1) as ex:
        assert isinstance(ex, ProcessPoolBackend)
        assert ex.workers == 1


def test_job_exception_is_reraised(pool):
    job = pool.submit(math.sqrt, -1.0)
    with pytest.raises(ValueError):
        job.result()
    assert job.done()


def test_typed_error_from_a_worker_keeps_its_field(pool):
    # the error is pickled back from the worker process: it must arrive as itself,
    # naming the field, and leave the pool usable
    job = pool.submit(WarehouseLayout.single_block, aisles=0, slots_per_side=4)
    with pytest.raises(InvalidValueError) as info:
        job.result(timeout=60)
    assert info.value.field == "aisles" and info.value.value == 0
    assert pool.submit(math.gcd, 84, 36).result(timeout=60) == 12


def test_workers_are_recycled_after_max_tasks():
    with ProcessPoolBackend(workers=1, max_tasks_per_child=1) as ex:
        pids = [ex.submit(os.getpid).result() for _ in range(3)]
    assert len(set(pids)) == 3
    assert os.getpid() not in pids


def test_cancel_queued_job():
    with ProcessPoolBackend(workers=1) as ex:
        running = ex.submit(time.sleep, 1.0)
        queued = [ex.submit(math.factorial, 10) for _ in range(3)]
        cancelled = [ex.cancel(job) for job in queued]
        assert running.result() is None
        assert any(cancelled)
        for job, ok in zip(queued, cancelled, strict=True):
            assert job.cancelled() == ok
        done = list(ex.as_completed([running, *queued]))
        assert len(done) == 4


def test_run_all_keeps_input_order(pool):
    seen = []
    values = run_all(
        pool,
        math.factorial,
        [6, 3, 9, 1],
        show_progress=False,
        on_result=lambda i, v: seen.append(i),
    )
    assert values == [720, 6, 362880, 1]
    assert sorted(seen) == [0, 1, 2, 3]


def test_run_all_reraises_first_failure(pool):
    with pytest.raises(ValueError):
        run_all(pool, math.sqrt, [4.0, -1.0, 9.0], show_progress=False)


@pytest.mark.parametrize("address", ["", "host:8786", "http://x:1"])
def test_bad_dask_address_names_field(address):
    with pytest.raises(InvalidValueError) as err:
        DaskBackend(address or " ")
    assert err.value.field == "dask"


@pytest.mark.parametrize(
    "address",
    ["tcp://127.0.0.1", "tcp://127.0.0.1:abc", "tcp://:8786", "tcp://h:0", "tls://h:70000"],
)
def test_a_dask_address_without_a_usable_host_and_port_is_refused_before_connecting(address):
    # Dask itself raised a bare ValueError (a traceback) after a 20 s wait
    with pytest.raises(InvalidValueError) as err:
        check_address(address)
    assert (err.value.field, err.value.value) == ("dask", address)
    assert "host:port with a port from 1 to 65535" in err.value.reason


@pytest.mark.parametrize("address", ["tcp://10.0.0.5:8786", "tcp://[::1]:8786", "ws://h:1"])
def test_a_well_formed_dask_address_passes_the_check(address):
    assert check_address(f" {address} ") == address


@pytest.mark.parametrize("workers", [0, -2, 1.5])
def test_bad_worker_count(workers):
    with pytest.raises(InvalidValueError) as err:
        ProcessPoolBackend(workers=workers)
    assert err.value.field == "workers"


def test_missing_dask_gives_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(DaskUnavailableError, match=r"logistics\[dist\]"):
        get_executor("tcp://127.0.0.1:8786")


def test_unreachable_scheduler_gives_clear_error():
    pytest.importorskip("distributed")
    with pytest.raises(DaskUnavailableError, match="cannot reach") as err:
        DaskBackend("tcp://127.0.0.1:9", connect_timeout=1)
    assert isinstance(err.value, InvalidValueError)
    assert (err.value.field, err.value.value) == ("dask", "tcp://127.0.0.1:9")


def test_missing_dask_names_the_address(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(InvalidValueError) as err:
        get_executor("tcp://127.0.0.1:8786")
    assert (err.value.field, err.value.value) == ("dask", "tcp://127.0.0.1:8786")


@pytest.mark.parametrize("address", ["host:8786", "http://x:1"])
def test_bad_address_from_the_environment_names_the_variable(monkeypatch, address):
    monkeypatch.setenv("LOGISTICS_DASK", address)
    with pytest.raises(InvalidValueError) as err:
        get_executor()
    assert (err.value.field, err.value.value) == ("LOGISTICS_DASK", address)


def test_many_calls_through_recycled_pools_do_not_hang():
    # CPython 3.11's own max_tasks_per_child hangs on exactly this pattern.
    with ProcessPoolBackend(workers=2, max_tasks_per_child=2) as ex:
        for _ in range(2):
            assert ex.map(math.factorial, range(6)) == [math.factorial(i) for i in range(6)]
        assert ex.pools_started >= 3


def test_pool_workers_leave_ctrl_c_to_the_parent():
    import signal

    with ProcessPoolBackend(workers=1) as ex:
        assert ex.map(signal.getsignal, [signal.SIGINT]) == [signal.SIG_IGN]


def test_a_pool_left_on_an_error_stops_the_calls_running_in_it():
    import multiprocessing

    ex = ProcessPoolBackend(workers=1)
    pid = ex.submit(os.getpid).result(timeout=120)
    ex.submit(time.sleep, 30)
    time.sleep(0.5)  # running in the worker
    ex.shutdown(wait=False)  # what a with block left by Ctrl-C does
    deadline = time.monotonic() + 10
    while pid in {p.pid for p in multiprocessing.active_children()}:
        assert time.monotonic() < deadline, "the worker ran on after shutdown(wait=False)"
        time.sleep(0.1)


def test_a_lost_dask_scheduler_is_an_error_naming_the_address_not_a_traceback():
    distributed = pytest.importorskip("distributed")
    lost = distributed.client.FutureCancelledError("k", "scheduler-connection-lost", "gone")

    class Future:  # what a running call's future does when the scheduler goes away
        def result(self, timeout=None):
            raise lost

    class Client:
        scheduler = type("Scheduler", (), {"address": "tcp://127.0.0.1:8786"})()

        def submit(self, fn, *args, pure=False, **kwargs):
            return Future()

    ex = DaskBackend(client=Client(), field="LOGISTICS_DASK")
    with pytest.raises(DaskUnavailableError) as err:
        ex.submit(math.sqrt, 4.0).result()
    assert (err.value.field, err.value.value) == ("LOGISTICS_DASK", "tcp://127.0.0.1:8786")
    assert err.value.reason.startswith("lost the connection to the Dask scheduler")
    cancelled = distributed.client.FutureCancelledError("k", "cancelled by the user")
    Future.result = lambda self, timeout=None: (_ for _ in ()).throw(cancelled)
    with pytest.raises(distributed.client.FutureCancelledError):  # a cancel stays a cancel
        ex.submit(math.sqrt, 4.0).result()


def test_a_scheduler_without_workers_is_reported_once_and_calls_wait_for_one(monkeypatch, capfd):
    # `logistics whatif SWEEP.yaml --dask tcp://...` waited for ever without a word
    # (under --json too) when the scheduler had no worker
    import logistics.jobs.dask_backend as dask_backend

    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(dask_backend, "NO_WORKERS_WARN_S", 0.5, raising=False)
    cluster = distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None)
    try:
        with get_executor(cluster.scheduler_address) as ex:
            assert ex.describe() == f"dask at {cluster.scheduler_address} (no workers yet)"
            job = ex.submit(math.isqrt, 49)
            time.sleep(1.5)
            assert not job.done()
            err = capfd.readouterr().err
            at = cluster.scheduler_address
            assert err.count("warning:") == 1
            assert f"warning: the Dask scheduler at {at} has no workers; waiting" in err
            cluster.scale(1)  # a worker joins: the call runs
            assert job.result(timeout=30) == 7
            assert re.fullmatch(
                r"dask at \S+ \((1 worker thread|\d+ worker threads)\)", ex.describe()
            )
    finally:
        cluster.close()
