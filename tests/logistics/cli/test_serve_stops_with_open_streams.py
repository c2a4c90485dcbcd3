"""``logistics serve`` stops on SIGTERM while a client follows a running job's events:
the stream ends and the server goes on to stop its job workers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx

from logistics.store import Store, upgrade_database
from logistics.store.jobs import create_job, start_job
from logistics.store.keys import create_key
from tests.cli_run import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sigterm_ends_the_open_events_streams_and_the_server_stops(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    store = Store(url)
    upgrade_database(engine=store.engine)
    key = create_key(store, "dispatcher").secret
    job = create_job(store, "route_plan", {})
    assert start_job(store, job.id)  # running; no worker of this server will end it
    store.dispose()
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LOGISTICS_DB_URL": url}
    env.update(LOGISTICS_JOB_STANDBY="0", LOGISTICS_JOB_STALE_S="3600")
    server = subprocess.Popen(
        [sys.executable, "-m", "logistics", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):  # the server starts (a guard, not a measure)
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        events = f"{base}/v1/route-plans/{job.id}/events"
        with httpx.stream("GET", events, headers={"X-API-Key": key}, timeout=60) as stream:
            lines = stream.iter_lines()
            assert next(lines) == "id: 0"
            server.send_signal(signal.SIGTERM)
            # before: the server waited for the stream, which followed the job for ever
            # (the wait is a guard, not a measure); uvicorn ends by the signal it stopped for
            assert server.wait(timeout=60) in (0, -signal.SIGTERM), server.stderr.read()
            rest = list(lines)
        assert "event: done" not in rest
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
