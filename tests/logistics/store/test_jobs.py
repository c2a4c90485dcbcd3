"""Finishing a job: the kept result says whether it is final, in step with the state."""

from __future__ import annotations

from logistics.store.jobs import (
    cancel_job,
    create_job,
    fail_job,
    finish_job,
    get_job,
    get_job_status,
    record_progress,
    start_job,
)
from logistics.store.models import JobState


def _running(store):
    job = create_job(store, "route_plan", {"n": 1})
    assert start_job(store, job.id, "A")
    return job.id


def test_a_search_that_ran_to_its_end_is_final(store):
    job_id = _running(store)
    assert finish_job(store, job_id, {"plan": "p", "final": True}, {"done": True})
    job = get_job(store, job_id)
    assert job.state == JobState.SUCCEEDED
    assert job.best_result == {"plan": "p", "final": True} and job.progress == {"done": True}
    assert job.finished_at is not None


def test_a_cancelled_job_keeps_its_result_marked_not_final(store):
    # the kept best-so-far plan said "final": true while the job was "cancelled"
    job_id = _running(store)
    cancel_job(store, job_id)
    assert finish_job(store, job_id, {"plan": "p", "final": True}, {"done": True})
    job = get_job(store, job_id)
    assert job.state == JobState.CANCELLED and job.cancel_requested
    assert job.best_result == {"plan": "p", "final": False} and job.progress == {"done": True}
    assert job.finished_at is not None


def test_a_result_without_the_flag_is_kept_as_it_is(store):
    job_id = _running(store)
    cancel_job(store, job_id)
    assert finish_job(store, job_id, {"pid": 7})
    assert get_job(store, job_id).best_result == {"pid": 7}


def test_a_finished_job_is_not_finished_again(store):
    job_id = _running(store)
    assert finish_job(store, job_id, {"final": True})
    cancel_job(store, job_id)  # too late: finished jobs stay as they are
    assert not finish_job(store, job_id, {"final": True, "plan": "other"})
    job = get_job(store, job_id)
    assert job.state == JobState.SUCCEEDED and job.best_result == {"final": True}


def test_a_failed_job_keeps_its_best_result_or_the_one_handed_back(store):
    # a worker whose server was killed stops its search and hands back what it has: a
    # waves or slotting job stores nothing before then, and kept no result at all
    job_id = _running(store)
    record_progress(store, job_id, {"step": 1}, {"plan": "early", "final": False})
    assert fail_job(store, job_id, "interrupted")
    assert get_job(store, job_id).best_result == {"plan": "early", "final": False}
    job_id = _running(store)
    assert fail_job(store, job_id, "interrupted", best_result={"plan": "p", "final": True})
    job = get_job(store, job_id)
    assert job.state == JobState.FAILED and job.error == "interrupted"
    assert job.best_result == {"plan": "p", "final": False}


def test_a_jobs_status_says_whether_it_has_a_result_without_reading_it(store):
    job_id = _running(store)
    status = get_job_status(store, job_id)
    assert status.state == JobState.RUNNING and not status.has_result and status.progress == {}
    record_progress(store, job_id, {"step": 1}, {"plan": "p", "final": False})
    status = get_job_status(store, job_id)
    assert status.has_result and status.progress == {"step": 1} and status.progress_seq == 1
    assert fail_job(store, job_id, "broke")
    assert get_job_status(store, job_id).error == "broke"
    assert get_job_status(store, "nope") is None
