"""Route plans (dispatcher): delivery routing as jobs in worker processes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from api import solves
from api.deps import DispatcherKey, StoreDep
from api.errors import Problem
from api.routes import jobs_common
from api.schemas.common import PROBLEM_RESPONSES, problems
from api.schemas.jobs import Checked, JobOut, RoutePlanIn

router = APIRouter(prefix="/v1/route-plans", tags=["route plans"], responses=PROBLEM_RESPONSES)
BASE = "/v1/route-plans"
KIND = "route_plan"
ValidateOnly = Annotated[bool, Query(description="check the problem only; solve nothing")]


def _view(result: dict[str, Any]) -> dict[str, Any]:
    """The plan JSON and its validation (GeoJSON and the map have their own URLs)."""
    return {k: result[k] for k in ("plan", "validation", "final") if k in result}


@router.post(
    "",
    status_code=202,
    response_model=JobOut,
    summary="Plan delivery routes (a job: 202 + Location)",
    responses={200: {"model": Checked, "description": "validate_only: the problem is valid"}},
)
def create(
    body: RoutePlanIn,
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
        solves.check_route_plan,
        BASE,
        validate_only,
    )


@router.get(
    "/{job_id}",
    response_model=JobOut,
    summary="Status, progress and the best plan so far (VROOM-like steps, RFC 3339 times)",
    responses=problems(404),
)
def read(job_id: str, store: StoreDep, _key: DispatcherKey) -> JobOut:
    return jobs_common.job_out(jobs_common.job_or_404(store, job_id, KIND), BASE, _view)


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
    summary="Cancel; the best plan so far is kept",
    responses={202: {"model": JobOut, "description": "still stopping"}, **problems(404)},
)
async def delete(job_id: str, request: Request, store: StoreDep, _key: DispatcherKey):
    job = jobs_common.job_or_404(store, job_id, KIND)
    return await jobs_common.cancel(request, store, job, BASE, _view)


def _result(store, job_id: str) -> dict[str, Any]:
    job = jobs_common.job_or_404(store, job_id, KIND)
    if job.best_result is None:
        raise Problem(
            "job-not-finished",
            f"route plan {job_id} has no plan yet (state {job.state.value}); "
            f"follow {BASE}/{job_id}/events and retry when it has one",
            headers={"Retry-After": "1"},
        )
    return job.best_result


@router.get(
    "/{job_id}/plan.geojson",
    summary="The best plan so far as GeoJSON (routes as LineStrings, stops as Points)",
    responses={200: {"content": {"application/geo+json": {}}}, **problems(404, 409)},
)
def geojson(job_id: str, store: StoreDep, _key: DispatcherKey):
    return JSONResponse(_result(store, job_id)["geojson"], media_type="application/geo+json")


@router.get(
    "/{job_id}/map.html",
    summary="The plan on an HTML map (folium, OpenStreetMap tiles)",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}, **problems(404, 406, 409)},
)
def html_map(job_id: str, store: StoreDep, _key: DispatcherKey):
    result = _result(store, job_id)
    if not result.get("final"):
        raise Problem(
            "job-not-finished",
            f"the map is drawn when route plan {job_id} finishes; the GeoJSON is available now",
        )
    if not result.get("html"):
        raise Problem(
            "not-acceptable", "maps need folium on the server: pip install 'logistics[viz]'"
        )
    return HTMLResponse(result["html"])
