"""The test app on a fresh store, with one key per role."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from logistics.settings import Settings
from logistics.store import Store, upgrade_database
from logistics.store.jobs import JobView, get_job
from logistics.store.keys import create_key

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from api import create_app  # noqa: E402

ROLES = ("shop", "dispatcher", "planner", "admin")


def wait_for(what: Callable[[], Any], timeout: float = 60.0) -> Any:
    """Poll ``what()`` every 50 ms until it is truthy; that value."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        value = what()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not reached in {timeout} s")


def finished_job(store: Store, job_id: str, timeout: float = 60.0) -> JobView:
    """The job once it has finished, read from the store (no app needed)."""
    try:
        return wait_for(lambda: (j := get_job(store, job_id)).state.finished and j, timeout)
    except AssertionError:
        job = get_job(store, job_id)
        raise AssertionError(f"job {job_id} not finished in {timeout} s: {job}") from None


@dataclass
class Api:
    client: TestClient
    app: FastAPI
    store: Store
    url: str
    keys: dict[str, str]

    def h(self, role: str, **extra: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[role], **extra}

    def wait(self, loc: str, until=None, role: str = "dispatcher", timeout: float = 120) -> dict:
        """Poll the job at ``loc`` until ``until(job)`` (default: it ended); the job."""
        until = until or (lambda j: j["state"] not in ("queued", "running"))
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            job = self.client.get(loc, headers=self.h(role)).json()
            if until(job):
                return job
            time.sleep(0.2)
        raise AssertionError(f"job did not reach the state in {timeout} s: {job}")


def make_api(url: str, **settings) -> Iterator[Api]:
    settings.setdefault("job_standby", 0)  # test_api_jobs asks for standbys; others need none
    upgrade_database(url)
    store = Store(url)
    keys = {r: create_key(store, r, f"test {r}").secret for r in ROLES}
    app = create_app(Settings(db_url=url, **settings), store=store)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, app, store, url, keys)
    store.dispose()


def echo_job(request: dict, report, should_stop) -> dict:
    """A job kind for runner tests: answers with the worker's process id."""
    import os

    report({"step": 1})
    return {"pid": os.getpid(), "echo": request}


def until_stopped_job(request: dict, report, should_stop) -> dict:
    """A job kind for runner tests: stores its process id as the best result so far,
    then searches until ``should_stop()`` (at most ``request["max_s"]`` seconds) and
    returns what it has then (a final result, as a solver's is)."""
    import os

    report({"pid": os.getpid()}, {"pid": os.getpid(), "final": False})
    t0 = time.monotonic()
    while not should_stop():
        if time.monotonic() - t0 > request["max_s"]:
            return {"stopped": False}
        time.sleep(0.05)
    return {"pid": os.getpid(), "stopped": True, "final": True}


def silent_until_stopped_job(request: dict, report, should_stop) -> dict:
    """A job kind for runner tests: searches until ``should_stop()`` without ever
    reporting progress (at most ``request["max_s"]`` seconds)."""
    t0 = time.monotonic()
    while not should_stop():
        if time.monotonic() - t0 > request["max_s"]:
            return {"stopped": False}
        time.sleep(0.02)
    return {"stopped": True}


def fails_once_stopped_job(request: dict, report, should_stop) -> dict:
    """A job kind for runner tests: searches until ``should_stop()`` and then, having
    found nothing, raises (as a network solve stopped before its first design)."""
    import os

    from logistics.errors import LogisticsError

    report({"pid": os.getpid()})
    while not should_stop():
        time.sleep(0.05)
    raise LogisticsError("stopped before a design was found")


def deaf_job(request: dict, report, should_stop) -> dict:
    """A job kind for runner tests: works ``request["s"]`` seconds without polling
    ``should_stop`` or reporting (as a solve in one library call does)."""
    time.sleep(request["s"])
    return {"slept": request["s"]}


def end_sessions(application_name: str) -> int:
    """Terminate the PostgreSQL sessions named ``application_name`` (as a database restart
    ends them); how many."""
    from sqlalchemy import create_engine, text

    from logistics.store.testing import pg_test_url

    admin = create_engine(pg_test_url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            return conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = :name AND pid <> pg_backend_pid()"
                ),
                {"name": application_name},
            ).scalar_one()
    finally:
        admin.dispose()


def sessions_ended_job(request: dict, report, should_stop) -> dict:
    """A job kind for runner tests: its worker's database sessions (named
    ``request["sessions"]``) are ended before each of its report, poll and result."""
    report({"step": 1}, {"best": 1})
    assert end_sessions(request["sessions"]) >= 1
    report({"step": 2}, {"best": 2})
    assert end_sessions(request["sessions"]) >= 1
    assert not should_stop()
    assert end_sessions(request["sessions"]) >= 1
    return {"best": 3, "final": True}


def worker_then_wait(db_url: str, job_id: str, target: str) -> None:
    """A stand-in server process: start one job worker, then idle until killed."""
    import multiprocessing as mp

    from api.job_runner import run_job_in_worker

    worker = mp.get_context("spawn").Process(
        target=run_job_in_worker, args=(db_url, job_id, target), daemon=True
    )
    worker.start()
    time.sleep(600)
