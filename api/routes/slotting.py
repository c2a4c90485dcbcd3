"""Slotting (dispatcher / warehouse lead): full slotting or a re-slotting move list as jobs."""

from __future__ import annotations

from api import solves
from api.deps import DispatcherKey
from api.routes.job_resource import job_router
from api.schemas.jobs import SlottingIn

router = job_router(
    base="/v1/slotting",
    kind="slotting",
    tag="slotting",
    body_model=SlottingIn,
    key=DispatcherKey,
    check=solves.check_slotting,
    create_summary="Slot SKUs, or plan re-slotting moves within a budget (a job: 202 + Location)",
    read_summary="Status, progress and the slotting plan or move list",
)
