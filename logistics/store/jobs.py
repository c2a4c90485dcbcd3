"""Job records: long solves whose state, progress and best result live in the store.

A job moves ``queued -> running -> succeeded | failed | cancelled``. Every
transition is a conditional update on the current state, so a worker that
finishes after the job was cancelled cannot overwrite the cancellation, two
servers handed the same queued job cannot both start it (``start_job`` is a
compare-and-set: one wins, the other gets ``False``), and a restart can mark the
jobs it interrupted (``mark_interrupted``) without touching finished ones.

Several API servers may share one database. A running job records the runner
that started it (``runner_id``) and a ``heartbeat_at`` its worker and its runner
keep fresh (``heartbeat``, ``record_progress``); ``mark_interrupted(stale_s=...)``
marks only running jobs whose heartbeat is older than that, so a server that
starts, or that checks for a crashed peer's jobs, leaves a live peer's jobs alone.

A queued job waits in the in-memory queue of one runner: it records that runner
too (``hold_queued`` when it is submitted), and the runner keeps the heartbeat of
all the queued jobs it holds fresh in one update (``heartbeat_queued``). A live
runner takes over the queued jobs of a runner that is gone: ``adopt_queued`` is a
compare-and-set on the stale heartbeat (a queued job that never beat counts from
its creation), so of two runners adopting at once each job goes to exactly one,
and a job a live runner holds is never taken. A runner that stops releases its
queued jobs (``release_queued``): a released job is adoptable at once.
Times come from the servers' clocks (keep them in sync, well within ``stale_s``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy import null as sa_null
from sqlalchemy.orm import Session

from logistics.store.db import Store
from logistics.store.keyset import keyset_page
from logistics.store.models import Job, JobState, utcnow

__all__ = [
    "JobView",
    "JobStatus",
    "JobSummary",
    "create_job",
    "get_job",
    "read_job",
    "list_jobs",
    "get_job_status",
    "start_job",
    "heartbeat",
    "record_progress",
    "finish_job",
    "fail_job",
    "cancel_job",
    "cancel_requested",
    "cancels_requested",
    "stop_cancelled",
    "mark_interrupted",
    "hold_queued",
    "heartbeat_queued",
    "adopt_queued",
    "release_queued",
    "INTERRUPTED",
]

INTERRUPTED = "interrupted: the server stopped while this job was {state}; resubmit it"


@dataclass(frozen=True, slots=True)
class JobView:
    """A snapshot of one job row (:func:`read_job`'s leaves out the request: ``None``)."""

    id: str
    kind: str
    state: JobState
    owner_key_id: str | None
    request: dict[str, Any] | None
    progress: dict[str, Any]
    progress_seq: int
    best_result: dict[str, Any] | None
    error: str | None
    cancel_requested: bool
    created_at: Any
    started_at: Any
    finished_at: Any
    runner_id: str | None = None
    heartbeat_at: Any = None


@dataclass(frozen=True, slots=True)
class JobStatus:
    """What a job's progress stream shows: its state and progress, not its request
    or result (which may be megabytes, read a few times a second per stream)."""

    state: JobState
    progress: dict[str, Any]
    progress_seq: int
    error: str | None
    has_result: bool


@dataclass(frozen=True, slots=True)
class JobSummary:
    """One line of a job list: no request, no result (which may be megabytes)."""

    id: str
    kind: str
    state: JobState
    progress: dict[str, Any]
    error: str | None
    cancel_requested: bool
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


#: Keys of a result stored apart from it (``Job.best_attachments``): served at their
#: own URLs, they are read only when asked for (:func:`read_job`).
ATTACHED = frozenset({"geojson", "html"})


def _stored(result: dict[str, Any]) -> dict[str, Any]:
    """Column values storing ``result``: its :data:`ATTACHED` keys apart."""
    attached = {k: v for k, v in result.items() if k in ATTACHED}
    return {
        "best_result": {k: v for k, v in result.items() if k not in ATTACHED},
        "best_attachments": attached or None,
    }


def _merged(result: dict[str, Any] | None, attached: dict[str, Any] | None) -> Any:
    return result if result is None or not attached else {**result, **attached}


def _view(j: Job) -> JobView:
    return JobView(
        j.id,
        j.kind,
        JobState(j.state),
        j.owner_key_id,
        j.request,
        j.progress or {},
        j.progress_seq,
        _merged(j.best_result, j.best_attachments),
        j.error,
        j.cancel_requested,
        j.created_at,
        j.started_at,
        j.finished_at,
        j.runner_id,
        j.heartbeat_at,
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


def read_job(
    store: Store, job_id: str, result_keys: tuple[str, ...] | None = None
) -> JobView | None:
    """The job without its request (``request`` is ``None``), or ``None``: what a poll shows.

    With ``result_keys``, only those keys of the result (a key the result lacks is left
    out), and the :data:`ATTACHED` ones (megabytes) only when asked for. ``best_result``
    is ``None`` while there is none.
    """
    skip = ("request", "best_result", "best_attachments")
    cols = [c for c in Job.__table__.columns if c.key not in skip]
    keys = None if result_keys is None else set(result_keys)
    own = keys is None or bool(keys - ATTACHED)
    attached = keys is None or bool(keys & ATTACHED)
    picked = [
        Job.best_result if own else Job.best_result.is_not(None),
        Job.best_attachments if attached else sa_null(),
    ]
    with store.read() as session:
        row = session.execute(select(*cols, *picked).where(Job.id == job_id)).first()
        if row is not None and attached and not own and row[-2] and row[-1] is None:
            # stored before the attachments had a column of their own: in the result
            picked[0] = Job.best_result
            row = session.execute(select(*cols, *picked).where(Job.id == job_id)).first()
            own = True
    if row is None:
        return None
    values = dict(zip((c.key for c in cols), row, strict=False))
    result, extra = row[-2], row[-1]
    best = None
    if (result is not None) if own else bool(result):
        best = _merged(result if own else {}, extra)
        if keys is not None:
            best = {k: v for k, v in best.items() if k in keys}
    return JobView(
        values["id"],
        values["kind"],
        JobState(values["state"]),
        values["owner_key_id"],
        None,
        values["progress"] or {},
        values["progress_seq"],
        best,
        values["error"],
        values["cancel_requested"],
        values["created_at"],
        values["started_at"],
        values["finished_at"],
        values["runner_id"],
        values["heartbeat_at"],
    )


def list_jobs(
    store: Store,
    kind: str,
    *,
    state: JobState | None = None,
    after: tuple[dt.datetime, str] | None = None,
    limit: int | None = None,
) -> list[JobSummary]:
    """The jobs of ``kind`` (in ``state``, if given), newest first: ordered by
    ``(created_at, id)`` descending; with keyset paging, at most ``limit`` of those that
    come after ``after`` (the ``(created_at, id)`` of the previous page's last job).

    Reads the summary columns only, never the request or the result."""
    shown = (
        Job.id,
        Job.kind,
        Job.state,
        Job.progress,
        Job.error,
        Job.cancel_requested,
        Job.created_at,
        Job.started_at,
        Job.finished_at,
    )
    q = select(*shown).where(Job.kind == kind)
    if state is not None:
        q = q.where(Job.state == JobState(state).value)
    q = keyset_page(q, [Job.created_at, Job.id], after, limit, descending=True)
    with store.read() as session:
        rows = session.execute(q).all()
    return [
        JobSummary(i, k, JobState(st), progress or {}, error, cancel, created, started, finished)
        for i, k, st, progress, error, cancel, created, started, finished in rows
    ]


def get_job_status(store: Store, job_id: str) -> JobStatus | None:
    """The job's state and progress (one narrow row), or ``None``."""
    with store.read() as session:
        row = session.execute(
            select(
                Job.state, Job.progress, Job.progress_seq, Job.error, Job.best_result.is_not(None)
            ).where(Job.id == job_id)
        ).first()
    if row is None:
        return None
    state, progress, seq, error, has_result = row
    return JobStatus(JobState(state), progress or {}, seq, error, bool(has_result))


def _update(session: Session, *where: ColumnElement[bool], **values: Any) -> list[str]:
    """One conditional ``UPDATE jobs SET values WHERE where``; the ids it changed."""
    rows = session.execute(
        update(Job).where(*where).values(**values).returning(Job.id),
        execution_options={"synchronize_session": False},
    )
    return [r[0] for r in rows]


def _ids(job_ids: str | Iterable[str]) -> list[str]:
    return [job_ids] if isinstance(job_ids, str) else list(job_ids)


def _transition(
    session: Session,
    job_id: str,
    from_states: tuple[JobState, ...],
    *where: ColumnElement[bool],
    **values: Any,
) -> str | None:
    """Move one job out of ``from_states``; its id, or ``None`` when it was not in them."""
    changed = _update(
        session, Job.id == job_id, Job.state.in_([s.value for s in from_states]), *where, **values
    )
    return changed[0] if changed else None


def _owned_by(runner_id: str | None) -> tuple[ColumnElement[bool], ...]:
    """Where-clause: with a ``runner_id``, a running job only if that runner started it."""
    if runner_id is None:
        return ()
    return (or_(Job.state != JobState.RUNNING.value, Job.runner_id == runner_id),)


def start_job(
    store: Store, job_id: str, runner_id: str | None = None, *, now: dt.datetime | None = None
) -> bool:
    """``queued -> running`` (one conditional update: of two servers handed the same job,
    exactly one gets ``True``); ``False`` if it was cancelled or started meanwhile."""
    now = now or utcnow()
    with store.write() as session:
        return (
            _transition(
                session,
                job_id,
                (JobState.QUEUED,),
                state=JobState.RUNNING,
                started_at=now,
                heartbeat_at=now,
                runner_id=runner_id,
            )
            is not None
        )


def heartbeat(
    store: Store,
    job_ids: str | Iterable[str],
    *,
    runner_id: str | None = None,
    now: dt.datetime | None = None,
) -> list[str]:
    """Mark running jobs alive now; the ids that are still running (and, with a
    ``runner_id``, started by that runner). A worker whose job is missing from the
    answer was stopped from elsewhere (cancelled, or marked interrupted by a peer)."""
    ids = _ids(job_ids)
    if not ids:
        return []
    with store.write() as session:
        return _update(
            session,
            Job.id.in_(ids),
            Job.state == JobState.RUNNING.value,
            *_owned_by(runner_id),
            heartbeat_at=now or utcnow(),
        )


def record_progress(
    store: Store, job_id: str, progress: dict[str, Any], best_result: dict[str, Any] | None = None
) -> bool:
    """Store progress (and a better result) of a running job; ``False`` once it is not running."""
    values: dict[str, Any] = {
        "progress": progress,
        "progress_seq": Job.progress_seq + 1,
        "heartbeat_at": utcnow(),
    }
    if best_result is not None:
        values.update(_stored(best_result))
    with store.write() as session:
        return _transition(session, job_id, (JobState.RUNNING,), **values) is not None


def finish_job(
    store: Store, job_id: str, result: dict[str, Any], progress: dict[str, Any] | None = None
) -> bool:
    """``running -> succeeded`` with the final result, or ``running -> cancelled`` if a
    cancel was asked: the result is kept, but a result that says whether it is final
    (``"final"``, as every job kind's does) then says ``"final": false`` (the search was
    stopped early: it is the best so far, not what the search would have ended with).

    The state and the flag are decided together: two conditional updates in one
    transaction, on ``cancel_requested`` false, then true (a cancel asked in between makes
    the first miss and the second apply).
    """
    common: dict[str, Any] = {"finished_at": utcnow(), "progress_seq": Job.progress_seq + 1}
    if progress is not None:
        common["progress"] = progress
    stopped = {**result, "final": False} if "final" in result else result
    outcomes = ((False, JobState.SUCCEEDED, result), (True, JobState.CANCELLED, stopped))
    with store.write() as session:
        for cancel_asked, state, kept in outcomes:
            if (
                _transition(
                    session,
                    job_id,
                    (JobState.RUNNING,),
                    Job.cancel_requested.is_(cancel_asked),
                    state=state.value,
                    **_stored(kept),
                    **common,
                )
                is not None
            ):
                return True
    return False


def cancel_requested(store: Store, job_id: str) -> bool:
    """Whether someone asked to cancel the job (polled by the worker)."""
    with store.read() as session:
        return bool(session.scalar(select(Job.cancel_requested).where(Job.id == job_id)))


def cancels_requested(store: Store, job_ids: Iterable[str]) -> list[str]:
    """Of these jobs, the running ones someone asked to cancel (one read): a runner arms
    its grace for them, also when the cancel was asked through another server."""
    ids = _ids(job_ids)
    if not ids:
        return []
    with store.read() as session:
        return list(
            session.scalars(
                select(Job.id).where(
                    Job.id.in_(ids),
                    Job.state == JobState.RUNNING.value,
                    Job.cancel_requested.is_(True),
                )
            )
        )


def stop_cancelled(store: Store, job_id: str, runner_id: str | None = None) -> bool:
    """``running -> cancelled`` for a worker that did not stop in time (best result kept).

    With a ``runner_id``, only a job that runner started."""
    with store.write() as session:
        return (
            _transition(
                session,
                job_id,
                (JobState.RUNNING,),
                *_owned_by(runner_id),
                state=JobState.CANCELLED,
                finished_at=utcnow(),
                progress_seq=Job.progress_seq + 1,
            )
            is not None
        )


def fail_job(
    store: Store,
    job_id: str,
    error: str,
    runner_id: str | None = None,
    best_result: dict[str, Any] | None = None,
    states: tuple[JobState, ...] = (JobState.QUEUED, JobState.RUNNING),
) -> bool:
    """``queued|running -> failed`` (``states``: the ones it fails) with an error a person
    can act on.

    With a ``runner_id``, a running job fails only if that runner started it: a
    server never fails a job another server's worker won and is running. The best
    result stored so far is kept, or replaced by ``best_result`` (a worker stopped
    early hands back what it has), which then says ``"final": false`` as a
    cancelled job's does."""
    if best_result is not None and "final" in best_result:
        best_result = {**best_result, "final": False}
    kept = {} if best_result is None else _stored(best_result)
    with store.write() as session:
        return (
            _transition(
                session,
                job_id,
                states,
                *_owned_by(runner_id),
                state=JobState.FAILED,
                error=error,
                finished_at=utcnow(),
                progress_seq=Job.progress_seq + 1,
                **kept,
            )
            is not None
        )


def cancel_job(store: Store, job_id: str) -> JobStatus | None:
    """Cancel a job: a queued one at once; a running one is asked to stop.

    A running job's worker sees the request, stops its search and stores the
    best result so far with state ``cancelled``. Finished jobs stay as they are.
    Returns the job's status after the call (``None`` if unknown).
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
    return get_job_status(store, job_id)


def mark_interrupted(
    store: Store,
    *,
    states: tuple[JobState, ...] = (JobState.QUEUED, JobState.RUNNING),
    kinds: tuple[str, ...] | None = None,
    stale_s: float | None = None,
    now: dt.datetime | None = None,
) -> list[str]:
    """Mark jobs in ``states`` failed as interrupted (their best result is kept).

    With ``stale_s``, a running job is marked only when its heartbeat (its start,
    if it never beat) is more than ``stale_s`` seconds older than ``now``: its
    server is gone. Without, every job in ``states`` is (one server, at its start).
    Each state is one conditional update, so a job that finishes meanwhile stays
    finished. Returns the ids marked.
    """
    now = now or utcnow()
    ids: list[str] = []
    with store.write() as session:
        for state in states:
            where: list[ColumnElement[bool]] = [Job.state == JobState(state).value]
            if kinds is not None:
                where.append(Job.kind.in_(kinds))
            if stale_s is not None and JobState(state) == JobState.RUNNING:
                last_seen = func.coalesce(Job.heartbeat_at, Job.started_at, Job.created_at)
                where.append(last_seen < now - dt.timedelta(seconds=stale_s))
            ids += _update(
                session,
                *where,
                state=JobState.FAILED,
                error=INTERRUPTED.format(state=JobState(state).value),
                finished_at=now,
                progress_seq=Job.progress_seq + 1,
            )
    return ids


def hold_queued(
    store: Store, job_ids: str | Iterable[str], runner_id: str, *, now: dt.datetime | None = None
) -> list[str]:
    """Record ``runner_id`` as the holder of these queued jobs (the runner they were
    submitted to), heartbeat now; the ids that are still queued."""
    ids = _ids(job_ids)
    if not ids:
        return []
    with store.write() as session:
        return _update(
            session,
            Job.id.in_(ids),
            Job.state == JobState.QUEUED.value,
            runner_id=runner_id,
            heartbeat_at=now or utcnow(),
        )


def heartbeat_queued(store: Store, runner_id: str, *, now: dt.datetime | None = None) -> int:
    """Mark every queued job ``runner_id`` holds alive now (one update); how many.

    A job another runner adopted meanwhile is no longer this runner's: untouched."""
    with store.write() as session:
        return len(
            _update(
                session,
                Job.state == JobState.QUEUED.value,
                Job.runner_id == runner_id,
                heartbeat_at=now or utcnow(),
            )
        )


def _queued_stale(stale_s: float, now: dt.datetime) -> ColumnElement[bool]:
    """Where-clause: a queued job whose holder is gone (its heartbeat, or its creation
    if it never beat, older than ``stale_s``) or that its holder released."""
    last_seen = func.coalesce(Job.heartbeat_at, Job.created_at)
    released = and_(Job.runner_id.is_(None), Job.heartbeat_at.is_not(None))
    return and_(
        Job.state == JobState.QUEUED.value,
        or_(last_seen < now - dt.timedelta(seconds=stale_s), released),
    )


def adopt_queued(
    store: Store, runner_id: str, *, stale_s: float, now: dt.datetime | None = None
) -> list[str]:
    """Take over the queued jobs whose holder is gone; their ids, oldest first.

    One compare-and-set update: a job is taken (holder ``runner_id``, heartbeat
    ``now``) only while it is still queued and its heartbeat still stale (older
    than ``stale_s``; its creation if it never beat) or it was released, so of two
    runners adopting at once each job goes to one, and a job a live runner holds
    (fresh heartbeat) is never taken."""
    now = now or utcnow()
    with store.write() as session:
        rows = session.execute(
            update(Job)
            .where(_queued_stale(stale_s, now))
            .values(runner_id=runner_id, heartbeat_at=now)
            .returning(Job.id, Job.created_at),
            execution_options={"synchronize_session": False},
        ).all()
    return [job_id for job_id, _created in sorted(rows, key=lambda r: (r[1], r[0]))]


def release_queued(store: Store, runner_id: str, *, now: dt.datetime | None = None) -> list[str]:
    """Give up the queued jobs ``runner_id`` holds (its server stops): no holder, a
    heartbeat, so any runner adopts them at its next check. The ids released."""
    with store.write() as session:
        return _update(
            session,
            Job.state == JobState.QUEUED.value,
            Job.runner_id == runner_id,
            runner_id=None,
            heartbeat_at=now or utcnow(),
        )
