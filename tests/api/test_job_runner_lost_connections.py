"""A job worker whose database sessions are ended (PostgreSQL restarted) goes on."""

from __future__ import annotations

import uuid

import pytest

from api.job_runner import run_job_in_worker
from logistics.store import Store
from logistics.store.jobs import create_job, get_job
from logistics.store.models import JobState
from logistics.store.testing import migrated_db_url


@pytest.mark.postgres
def test_a_job_whose_database_sessions_are_ended_keeps_reporting_and_finishes(tmp_path):
    # the first database call of a worker after its sessions were ended raised: a waves
    # job polling should_stop failed ('the solver failed unexpectedly (OperationalError)'),
    # and an ended session before the final write left the job running, its result lost
    sessions = f"job_worker_{uuid.uuid4().hex[:8]}"
    for url in migrated_db_url("postgres", tmp_path / "unused.db"):
        store = Store(url)
        try:
            job = create_job(store, "lossy", {"sessions": sessions})
            run_job_in_worker(f"{url}&application_name={sessions}", job.id, _TARGET)
            done = get_job(store, job.id)
        finally:
            store.dispose()
    assert done.state == JobState.SUCCEEDED, done.error
    assert done.best_result == {"best": 3, "final": True}


_TARGET = "api_helpers:sessions_ended_job"
