"""Waves (dispatcher): order batching, wave release and picker routes as jobs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api import solves
from api.deps import DispatcherKey, StoreDep
from api.routes import jobs_common
from api.schemas.common import PROBLEM_RESPONSES, problems
from api.schemas.jobs import Checked, JobOut, WavesIn

router = APIRouter(prefix="/v1/waves", tags=["waves"], responses=PROBLEM_RESPONSES)
BASE = "/v1/waves"
KIND = "waves"
ValidateOnly = Annotated[bool, Query(description="check the request only; solve nothing")]


@router.post(
    "",
    status_code=202,
    response_model=JobOut,
    summary="Plan a warehouse's waves, carts and pick lists (a job: 202 + Location)",
    responses={200: {"model": Checked, "description": "validate_only: the request is valid"}},
)
def create(
    body: WavesIn,
    request: Request,
    store: StoreDep,
    key: DispatcherKey,
    validate_only: ValidateOnly = False,
):
    return jobs_common.submit(
        request,
        store,
        key,
        KIND,
        body.model_dump(mode="json"),
        solves.check_waves,
        BASE,
        validate_only,
    )


@router.get(
    "/{job_id}",
    response_model=JobOut,
    summary="Status, progress and the plan",
    responses=problems(404),
)
def read(job_id: str, store: StoreDep, _key: DispatcherKey) -> JobOut:
    return jobs_common.job_out(jobs_common.job_or_404(store, job_id, KIND), BASE)


@router.get(
    "/{job_id}/events",
    summary="Progress as server-sent events (event: progress | done)",
    responses={200: {"content": {"text/event-stream": {}}}, **problems(404)},
)
def stream(job_id: str, store: StoreDep, _key: DispatcherKey):
    return jobs_common.events(store, jobs_common.job_or_404(store, job_id, KIND))


@router.delete(
    "/{job_id}",
    response_model=JobOut,
    summary="Cancel the job",
    responses={202: {"model": JobOut, "description": "still stopping"}, **problems(404)},
)
async def delete(job_id: str, request: Request, store: StoreDep, _key: DispatcherKey):
    job = jobs_common.job_or_404(store, job_id, KIND)
    return await jobs_common.cancel(request, store, job, BASE)
