"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.deps import StoreDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    database: bool
    workers: bool
    workers_warm: bool = Field(
        description="The standby job workers have their solvers imported (a job starts at once)"
    )


@router.get("/healthz", response_model=Health, summary="The process is up")
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    summary="The database answers and the job workers are alive",
    responses={503: {"model": Readiness}},
)
def readyz(request: Request, store: StoreDep):
    db = store.ping()
    runner = getattr(request.app.state, "jobs", None)
    workers = runner is None or runner.alive()
    warm = runner is None or runner.warm()
    body = Readiness(
        status="ready" if db and workers else "not ready",
        database=db,
        workers=workers,
        workers_warm=warm,
    )
    if db and workers:
        return body
    return JSONResponse(body.model_dump(), status_code=503)
