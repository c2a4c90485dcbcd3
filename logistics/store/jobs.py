"""Job records: long solves whose state, progress and best result live in the store.

A job moves ``queued -> running -> succeeded | failed | cancelled``. Every
transition is a conditional update on the current state, so a worker that
finishes after the job was cancelled cannot overwrite the cancellation, and a
restart can mark the jobs it interrupted (``mark_interrupted``) without touching
finished ones.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from logistics.store.db import Store
from logistics.store.models import Job, JobState, utcnow

__all__ = [
    "JobView",
    "create_job",
    "get_job",
    "start_job",
    "record_progress",
    "finish_job",
    "fail_job",
    "cancel_job",
    "cancel_requested",
    "stop_cancelled",
    "mark_interrupted",
    "queued_job_ids",
    "INTERRUPTED",
]

INTERRUPTED = "interrupted: the server stopped while this job was {state}; resubmit it"


@dataclass(frozen=True, slots=True)
class JobView:
    """A snapshot of one job row."""

    id: str
    kind: str
    state: JobState
    owner_key_id: str | None
    request: dict[str, Any]
    progress: dict[str, Any]
    progress_seq: int
    best_result: dict[str, Any] | None
    error: str | None
    cancel_requested: bool
    created_at: Any
    started_at: Any
    finished_at: Any


def _view(j: Job) -> JobView:
    return JobView(
        j.id,
        j.kind,
        JobState(j.state),
        j.owner_key_id,
        j.request,
        j.progress or {},
        j.progress_seq,
        j.best_result,
        j.error,
        j.cancel_requested,
        j.created_at,
        j.started_at,
        j.finished_at,
    )


def create_job(
    store: Store, kind: str, request: dict[str, Any], owner_key_id: str | None = None
) -> JobView:
    """Store a new queued job and return it."""
    with store.write() as session:
        job = Job(
            id=str(uuid.uuid4()),
            kind=kind,
            owner_key_id=owner_key_id,
            state=JobState.QUEUED,
            request=request,
            progress={},
            progress_seq=0,
        )
        session.add(job)
        session.flush()
        return _view(job)


def get_job(store: Store, job_id: str) -> JobView | None:
    """The job, or ``None``."""
    with store.read() as session:
        job = session.get(Job, job_id)
        return None if job is None else _view(job)


def _transition(session: Session, job_id: str, from_states: tuple[JobState, ...], **values: Any):
    return session.execute(
        update(Job)
        .where(Job.id == job_id, Job.state.in_([s.value for s in from_states]))
        .values(**values)
        .returning(Job.id),
        execution_options={"synchronize_session": False},
    ).first()


def start_job(store: Store, job_id: str) -> bool:
    """``queued -> running``; ``False`` if it was cancelled meanwhile."""
    with store.write() as session:
        return (
            _transition(
                session, job_id, (JobState.QUEUED,), state=JobState.RUNNING, started_at=utcnow()
            )
            is not None
        )


def record_progress(
    store: Store, job_id: str, progress: dict[str, Any], best_result: dict[str, Any] | None = None
) -> bool:
    """Store progress (and a better result) of a running job; ``False`` once it is not running."""
    values: dict[str, Any] = {"progress": progress, "progress_seq": Job.progress_seq + 1}
    if best_result is not None:
        values["best_result"] = best_result
    with store.write() as session:
        return _transition(session, job_id, (JobState.RUNNING,), **values) is not None


def finish_job(
    store: Store, job_id: str, result: dict[str, Any], progress: dict[str, Any] | None = None
) -> bool:
    """``running -> succeeded`` with the final result (``cancelled`` if a cancel was asked)."""
    values: dict[str, Any] = {
        "state": case(
            (Job.cancel_requested, JobState.CANCELLED.value), else_=JobState.SUCCEEDED.value
        ),
        "best_result": result,
        "finished_at": utcnow(),
        "progress_seq": Job.progress_seq + 1,
    }
    if progress is not None:
        values["progress"] = progress
    with store.write() as session:
        return _transition(session, job_id, (JobState.RUNNING,), **values) is not None


def cancel_requested(store: Store, job_id: str) -> bool:
    """Whether someone asked to cancel the job (polled by the worker)."""
    with store.read() as session:
        return bool(session.scalar(select(Job.cancel_requested).where(Job.id == job_id)))


def stop_cancelled(store: Store, job_id: str) -> bool:
    """``running -> cancelled`` for a worker that did not stop in time (best result kept)."""
    with store.write() as session:
        return (
            _transition(
                session,
                job_id,
                (JobState.RUNNING,),
                state=JobState.CANCELLED,
                finished_at=utcnow(),
                progress_seq=Job.progress_seq + 1,
            )
            is not None
        )


def fail_job(store: Store, job_id: str, error: str) -> bool:
    """``queued|running -> failed`` with an error a person can act on."""
    with store.write() as session:
        return (
            _transition(
                session,
                job_id,
                (JobState.QUEUED, JobState.RUNNING),
                state=JobState.FAILED,
                error=error,
                finished_at=utcnow(),
                progress_seq=Job.progress_seq + 1,
            )
            is not None
        )


def cancel_job(store: Store, job_id: str) -> JobView | None:
    """Cancel a job: a queued one at once; a running one is asked to stop.

    A running job's worker sees the request, stops its search and stores the
    best result so far with state ``cancelled``. Finished jobs stay as they are.
    Returns the job after the call (``None`` if unknown).
    """
    with store.write() as session:
        _transition(
            session,
            job_id,
            (JobState.QUEUED,),
            state=JobState.CANCELLED,
            cancel_requested=True,
            finished_at=utcnow(),
            progress_seq=Job.progress_seq + 1,
        )
        _transition(
            session,
            job_id,
            (JobState.RUNNING,),
            cancel_requested=True,
            progress_seq=Job.progress_seq + 1,
        )
        session.expire_all()
        job = session.get(Job, job_id)
        return None if job is None else _view(job)


def mark_interrupted(
    store: Store,
    *,
    states: tuple[JobState, ...] = (JobState.QUEUED, JobState.RUNNING),
    kinds: tuple[str, ...] | None = None,
) -> list[str]:
    """Mark jobs in ``states`` failed after a restart (their best result is kept)."""
    with store.write() as session:
        q = select(Job).where(Job.state.in_([s.value for s in states]))
        if kinds is not None:
            q = q.where(Job.kind.in_(kinds))
        ids = []
        for job in session.scalars(q):
            job.error = INTERRUPTED.format(state=job.state)
            job.state = JobState.FAILED
            job.finished_at = utcnow()
            job.progress_seq = job.progress_seq + 1
            ids.append(job.id)
        return ids


def queued_job_ids(store: Store) -> list[str]:
    """Ids of queued jobs, oldest first."""
    with store.read() as session:
        return list(
            session.scalars(
                select(Job.id).where(Job.state == JobState.QUEUED.value).order_by(Job.created_at)
            )
        )
