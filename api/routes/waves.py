"""Waves (dispatcher): order batching, wave release and picker routes as jobs."""

from __future__ import annotations

from api import solves
from api.deps import DispatcherKey
from api.routes.job_resource import job_router
from api.schemas.jobs import WavesIn

router = job_router(
    base="/v1/waves",
    kind="waves",
    tag="waves",
    body_model=WavesIn,
    key=DispatcherKey,
    check=solves.check_waves,
    create_summary="Plan a warehouse's waves, carts and pick lists (a job: 202 + Location)",
    read_summary="Status, progress and the plan",
)
