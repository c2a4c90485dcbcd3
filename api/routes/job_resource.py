"""One factory for the job pattern every long solve follows (design.md §7).

``POST`` returns 202 with the job and its ``Location`` (or 200 with the check
under ``?validate_only=true``); ``GET /{id}`` shows status, progress and the best
result so far; ``GET /{id}/events`` streams progress as server-sent events;
``DELETE /{id}`` cancels and keeps the best result so far.

This module deliberately has no ``from __future__ import annotations``: the
endpoint signatures refer to the body model and key dependency given to the
factory, which FastAPI must see as real objects, not strings.
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from api.deps import StoreDep
from api.paging import LINK_HEADER, PagingDep
from api.responses import EventStreamResponse
from api.routes import jobs_common
from api.schemas.common import PROBLEM_RESPONSES, problems
from api.schemas.jobs import Checked, JobOut, JobsOut
from api.unique_keys import UniqueKeysRoute

__all__ = ["job_router"]

ValidateOnly = Annotated[bool, Query(description="check the request only; solve nothing")]


def job_router(
    *,
    base: str,
    kind: str,
    tag: str,
    body_model: type[BaseModel],
    key: Any,
    check: Callable[[dict[str, Any]], dict[str, Any]],
    create_summary: str,
    read_summary: str = "Status, progress and the result",
) -> APIRouter:
    """A router with the five job endpoints under ``base`` for jobs of ``kind``.

    Parameters
    ----------
    base
        URL prefix, e.g. ``"/v1/waves"``.
    kind
        Job kind (a key of :data:`api.job_runner.JOB_KINDS`).
    body_model
        The strict request model of ``POST``.
    key
        The ``Annotated`` API-key dependency of the role allowed (``DispatcherKey``...).
    check
        Parses a request without solving; raises ``InvalidValueError`` naming the field.
    """
    router = APIRouter(
        route_class=UniqueKeysRoute, prefix=base, tags=[tag], responses=PROBLEM_RESPONSES
    )

    @router.post(
        "",
        status_code=202,
        response_model=JobOut,
        summary=create_summary,
        responses={200: {"model": Checked, "description": "validate_only: the request is valid"}},
    )
    def create(
        body: body_model,  # type: ignore[valid-type]
        request: Request,
        store: StoreDep,
        api_key: key,  # type: ignore[valid-type]
        validate_only: ValidateOnly = False,
    ):
        jobs_common.refuse_non_finite(body.model_dump())
        return jobs_common.submit(
            request, store, api_key, kind, body.model_dump(mode="json"), check, base, validate_only
        )

    @router.get(
        "",
        response_model=JobsOut,
        summary=jobs_common.LIST_SUMMARY,
        responses={200: {"description": "a page of jobs", "headers": LINK_HEADER}},
    )
    def list_(
        store: StoreDep,
        _key: key,  # type: ignore[valid-type]
        paging: PagingDep,
        response: Response,
        state: jobs_common.StateFilter = None,
    ) -> JobsOut:
        return jobs_common.job_list(store, kind, base, paging, response, state)

    @router.get("/{job_id}", response_model=JobOut, summary=read_summary, responses=problems(404))
    def read(job_id: str, store: StoreDep, _key: key) -> JobOut:  # type: ignore[valid-type]
        return jobs_common.job_out(jobs_common.job_or_404(store, job_id, kind), base)

    @router.get(
        "/{job_id}/events",
        summary="Progress as server-sent events (event: progress | done)",
        response_class=EventStreamResponse,
        responses=problems(404),
    )
    def stream(job_id: str, request: Request, store: StoreDep, _key: key):  # type: ignore[valid-type]
        return jobs_common.events(request, store, jobs_common.job_or_404(store, job_id, kind, ()))

    @router.delete(
        "/{job_id}",
        response_model=JobOut,
        summary="Cancel the job",
        responses={202: {"model": JobOut, "description": "still stopping"}, **problems(404)},
    )
    async def delete(job_id: str, request: Request, store: StoreDep, _key: key):  # type: ignore[valid-type]
        job = jobs_common.job_or_404(store, job_id, kind, ())
        return await jobs_common.cancel(request, store, job, base)

    return router
