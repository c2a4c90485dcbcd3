"""Scenarios (planner): network what-if runs as jobs (``logistics.whatif``)."""

from __future__ import annotations

from api import solves
from api.deps import PlannerKey
from api.routes.job_resource import job_router
from api.schemas.jobs import ScenarioIn

router = job_router(
    base="/v1/scenarios",
    kind="scenario",
    tag="scenarios",
    body_model=ScenarioIn,
    key=PlannerKey,
    check=solves.check_scenario,
    create_summary="Run a network what-if scenario against its base (a job: 202 + Location)",
    read_summary="Status, progress and the report vs the base",
)
