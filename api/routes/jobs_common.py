"""The shared shape of job resources: submit (202), status, events (SSE), cancel."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import math
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.errors import not_found
from api.paging import Paging, bad_cursor
from api.responses import EventStreamResponse
from api.schemas.jobs import JobOut, JobsOut, JobStateName, JobSummaryOut
from logistics.errors import InvalidValueError, member
from logistics.store import Store
from logistics.store.jobs import (
    JobSummary,
    JobView,
    cancel_job,
    create_job,
    get_job_status,
    list_jobs,
    read_job,
)
from logistics.store.keys import KeyInfo
from logistics.store.models import JobState

__all__ = [
    "submit",
    "job_or_404",
    "job_out",
    "job_list",
    "StateFilter",
    "LIST_SUMMARY",
    "events",
    "never_stopping",
    "cancel",
    "refuse_non_finite",
]

#: ``GET`` on a job collection: the optional ``?state=`` filter.
StateFilter = Annotated[JobStateName | None, Query(description="only the jobs in this state")]
LIST_SUMMARY = "List the jobs, newest first, a page at a time (no requests or results)"


def refuse_non_finite(value: Any, field: str = "") -> None:
    """NaN and Infinity (which the JSON body parser lets through) name their field.

    A job's request is stored as JSON, which writes them as ``null``: a stop's
    ``penalty: NaN`` became a required stop, ``end_depot: NaN`` an open route,
    ``max_duration_s: Infinity`` no limit, a slotting budget's ``labour_minutes: NaN``
    no cap, without a word.
    """
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidValueError(field, value, "must be finite")
    if isinstance(value, dict):
        for k, v in value.items():
            refuse_non_finite(v, member(field, str(k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            refuse_non_finite(v, f"{field}[{i}]")


def _summary_fields(job: JobView | JobSummary, base: str) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind,
        "state": job.state.value,
        "progress": job.progress,
        "cancel_requested": job.cancel_requested,
        "error": job.error,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "links": {"self": f"{base}/{job.id}", "events": f"{base}/{job.id}/events"},
    }


def job_out(job: JobView, base: str, result_view: Callable[[dict], dict] | None = None) -> JobOut:
    result = job.best_result
    if result is not None and result_view is not None:
        result = result_view(result)
    return JobOut(**_summary_fields(job, base), result=result)


def job_list(
    store: Store,
    kind: str,
    base: str,
    paging: Paging,
    response: Response,
    state: JobStateName | None,
) -> JobsOut:
    """A page of the jobs of ``kind`` (in ``state``), newest first; each job's summary
    columns only (:func:`~logistics.store.jobs.list_jobs`)."""
    after = paging.after(2)
    before = None
    if after is not None:
        try:
            before = (dt.datetime.fromisoformat(after[0]), after[1])
        except ValueError:
            raise bad_cursor("its time is not an RFC 3339 date-time") from None
        if before[0].tzinfo is None:
            raise bad_cursor("its time has no UTC offset")
    rows = list_jobs(
        store,
        kind,
        state=None if state is None else JobState(state),
        after=before,
        limit=paging.fetch,
    )
    return JobsOut(
        **paging.page(
            rows,
            lambda j: (j.created_at.isoformat(), j.id),
            response,
            lambda j: JobSummaryOut(**_summary_fields(j, base)),
        )
    )


def submit(
    request: Request,
    store: Store,
    key: KeyInfo,
    kind: str,
    body: dict[str, Any],
    check: Callable[[dict[str, Any]], dict[str, Any]],
    base: str,
    validate_only: bool,
) -> JSONResponse:
    """Check the request (422 on a bad field), then store and queue the job (202).

    ``body`` is the request in JSON form: callers first :func:`refuse_non_finite` the
    request model's own dump (the JSON dump writes NaN as ``null``)."""
    checked = check(body)  # InvalidValueError -> 422 problem with the pointer
    if validate_only:
        return JSONResponse(checked)
    job = create_job(store, kind, body, key.id)
    request.app.state.jobs.submit(job.id)
    out = job_out(job, base)
    return JSONResponse(
        out.model_dump(mode="json"), status_code=202, headers={"Location": f"{base}/{job.id}"}
    )


def job_or_404(
    store: Store, job_id: str, kind: str, result_keys: tuple[str, ...] | None = None
) -> JobView:
    """The job of ``kind`` without its request (and, with ``result_keys``, only those
    keys of its result: :func:`~logistics.store.jobs.read_job`); 404 if there is none."""
    job = read_job(store, job_id, result_keys)
    if job is None or job.kind != kind:
        raise not_found(f"{kind.replace('_', ' ')} job", job_id)
    return job


def never_stopping() -> bool:
    """``app.state.stopping`` of an app no server stops (tests, embedding)."""
    return False


async def _event_stream(
    store: Store,
    job_id: str,
    poll_s: float,
    result_view: Callable[[dict], dict] | None,
    stopping: Callable[[], bool] = never_stopping,
) -> AsyncIterator[bytes]:
    seq = -1
    idle = 0.0
    while True:
        if stopping():  # the server waits for its open answers before it stops
            return
        job = await run_in_threadpool(get_job_status, store, job_id)
        if job is None:
            return
        if job.progress_seq != seq:
            seq = job.progress_seq
            idle = 0.0
            data: dict[str, Any] = {
                "state": job.state.value,
                "progress": job.progress,
                "has_result": job.has_result,
            }
            if job.error:
                data["error"] = job.error
            event = "done" if job.state.finished else "progress"
            yield f"id: {seq}\nevent: {event}\ndata: {json.dumps(data)}\n\n".encode()
            if job.state.finished:
                return
        else:
            idle += poll_s
            if idle >= 15:
                idle = 0.0
                yield b": keep-alive\n\n"
        await asyncio.sleep(poll_s)


def events(
    request: Request, store: Store, job: JobView, poll_s: float = 0.25, result_view=None
) -> EventStreamResponse:
    """Server-sent events: ``progress`` on every change, ``done`` at the end.

    The stream also ends, without ``done``, once the server is stopping
    (``app.state.stopping()``): a server waits for its open answers before it stops its
    job workers, and a stream follows its job to the end (up to its time limit). The
    client reconnects (to another server, or this one restarted) and reads the job on."""
    stopping = getattr(request.app.state, "stopping", never_stopping)
    return EventStreamResponse(
        _event_stream(store, job.id, poll_s, result_view, stopping),
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def cancel(
    request: Request,
    store: Store,
    job: JobView,
    base: str,
    result_view=None,
    result_keys: tuple[str, ...] | None = None,
):
    """Cancel; waits up to 5 s for a running job to stop and store its best result
    (polling its status only), then answers the job as ``job_or_404(..., result_keys)``
    reads it."""
    state = await run_in_threadpool(cancel_job, store, job.id)
    assert state is not None
    if state.state.value == "running":
        request.app.state.jobs.cancel(job.id)
        for _ in range(50):
            await asyncio.sleep(0.1)
            status = await run_in_threadpool(get_job_status, store, job.id)
            if status is None or status.state.finished:
                break
    view = await run_in_threadpool(read_job, store, job.id, result_keys)
    assert view is not None
    out = job_out(view, base, result_view)
    return JSONResponse(
        out.model_dump(mode="json"), status_code=200 if view.state.finished else 202
    )
