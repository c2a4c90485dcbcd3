"""Models of long-running jobs: route plans, waves."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from api.paging import Page
from api.schemas.common import Strict
from logistics.domain._checks import MAX_SEED
from logistics.errors import InvalidValueError
from solvers.slotting.params import MAX_ORDERS_PER_BATCH

#: A job's time limit in seconds: finite, above 0, at most 10 minutes.
JobSeconds = Annotated[float, Field(gt=0, le=600, allow_inf_nan=False)]

__all__ = [
    "FromOrdersIn",
    "RoutePlanIn",
    "WavesIn",
    "ScenarioIn",
    "JobStateName",
    "JobSummaryOut",
    "JobsOut",
    "JobOut",
    "Checked",
]


class FromOrdersIn(Strict):
    """Route the stored orders that warehouse W delivers on date D with this fleet."""

    warehouse_id: str = Field(min_length=1, max_length=64)
    date: dt.date = Field(strict=False, description="delivery date, the warehouse's local day")
    vehicle_types: list[dict[str, Any]] = Field(
        min_length=1,
        max_length=100,
        description='as in the routing JSON, e.g. {"id": "van", "capacity": {"parcels": 120}}',
    )
    vehicles: list[dict[str, Any]] = Field(
        min_length=1,
        max_length=1000,
        description="as in the routing JSON (incl. dispatched: stop ids already handed to "
        "the driver); start_depot defaults to the warehouse",
    )
    service_s: int = Field(default=180, ge=0, le=7200, description="seconds at each stop")
    now: str | None = Field(
        default=None,
        max_length=64,
        description="RFC 3339: a live re-plan from this time (no shift starts before it); "
        "a vehicle's position {lat, lon} is where it is then",
    )


_ONE_SOURCE = "give exactly one of problem or from_orders"


class RoutePlanIn(Strict):
    """A depot's fleet and stops, or the stored orders of a warehouse for a date."""

    problem: dict[str, Any] | None = Field(
        default=None,
        description="routing problem: time_origin, units, depots, vehicle_types, vehicles "
        "(each may list its dispatched stop ids, kept at the start of its route), "
        "stops, pairs, objective, matrices (RFC 3339 times, {lat, lon} places)",
    )
    from_orders: FromOrdersIn | None = None
    time_limit_s: JobSeconds = 10.0
    seed: int = Field(default=0, ge=0, le=MAX_SEED)

    def source_error(self) -> InvalidValueError | None:
        """The error when not exactly one of ``problem`` and ``from_orders`` is given: it
        names ``problem`` when neither is, ``from_orders`` when both are (the route answers
        it as a 422 pointing there; a model validator could only point at the body)."""
        if self.problem is None and self.from_orders is None:
            return InvalidValueError("problem", None, _ONE_SOURCE + " (neither was given)")
        if self.problem is not None and self.from_orders is not None:
            given = self.from_orders.model_dump(mode="json")
            return InvalidValueError("from_orders", given, _ONE_SOURCE + " (both were given)")
        return None


class WavesIn(Strict):
    """A warehouse's orders, carts and pickers (``logistics waves plan`` JSON)."""

    layout: dict[str, Any] = Field(description="warehouse layout (LAYOUT.json)")
    orders: dict[str, Any] = Field(description="orders, cart, pickers, setup_s (ORDERS.json)")
    time_limit_s: JobSeconds = 10.0
    router: Literal[
        "exact", "tsp", "auto", "s_shape", "return", "midpoint", "largest_gap", "combined"
    ] = "exact"
    seed: int = Field(default=0, ge=0, le=MAX_SEED)


class ScenarioIn(Strict):
    """A what-if scenario (the YAML/JSON of ``logistics whatif``, README "Network what-if")."""

    scenario: dict[str, Any] = Field(
        description="name, base network, changes, service levels, solver time limit"
    )


class SlottingIn(Strict):
    """A slotting problem (``logistics slot plan`` JSON) and what to do with it."""

    problem: dict[str, Any] = Field(
        description="layout, skus, history, current assignment, rules, budget "
        "(examples/slotting/problem.json)"
    )
    mode: Literal["plan", "moves"] = Field(
        default="plan",
        description="plan: slot every SKU from scratch; moves: re-slot within the budget",
    )
    method: Literal["random", "abc", "coi", "order_aware", "best"] = "best"
    time_limit_s: JobSeconds = 10.0
    seed: int = Field(default=0, ge=0, le=MAX_SEED)
    orders_per_batch: int = Field(
        default=4,
        ge=1,
        le=MAX_ORDERS_PER_BATCH,
        description="orders per cart when simulating picking",
    )
    target: dict[str, str] | None = Field(
        default=None,
        description="moves: the plan to move towards (sku id -> slot id, e.g. an approved "
        "'plan' job's assignment); default: a fresh 'method' plan",
    )
    swap_mode: Literal["declared", "via_free_slot"] | None = Field(
        default=None,
        description="moves only: a swap is one entry (two moves of labour; the default, "
        "'declared') or three relocations through a free slot",
    )


#: A job's state, as the store names it.
JobStateName = Literal["queued", "running", "succeeded", "failed", "cancelled"]


class JobSummaryOut(BaseModel):
    """A job as a list shows it: state, progress and times, never its request or result.

    Every field is sent, ``null`` where it has no value yet (no default: the OpenAPI
    document lists each as required)."""

    id: str
    kind: str
    state: JobStateName
    progress: dict[str, Any]
    cancel_requested: bool
    error: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    links: dict[str, str]


class JobsOut(Page[JobSummaryOut]):
    """A page of jobs, newest first."""


class JobOut(JobSummaryOut):
    """A job with the best result so far."""

    result: dict[str, Any] | None = Field(
        description="the best result so far (final once the job succeeded); null before one"
    )


class Checked(BaseModel):
    """``?validate_only=true``: the request is valid (nothing was solved)."""

    model_config = {"extra": "allow"}

    valid: bool
