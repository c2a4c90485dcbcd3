"""Models of long-running jobs: route plans, waves."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.schemas.common import Strict

__all__ = ["RoutePlanIn", "WavesIn", "JobOut", "Checked"]


class RoutePlanIn(Strict):
    """A depot's fleet and stops (the routing JSON of README "Delivery routing")."""

    problem: dict[str, Any] = Field(
        description="routing problem: time_origin, units, depots, vehicle_types, vehicles, "
        "stops, pairs, objective, matrices (RFC 3339 times, {lat, lon} places)"
    )
    time_limit_s: float = Field(default=10.0, gt=0, le=600)
    seed: int = Field(default=0, ge=0, le=2**31 - 1)


class WavesIn(Strict):
    """A warehouse's orders, carts and pickers (``logistics waves plan`` JSON)."""

    layout: dict[str, Any] = Field(description="warehouse layout (LAYOUT.json)")
    orders: dict[str, Any] = Field(description="orders, cart, pickers, setup_s (ORDERS.json)")
    time_limit_s: float = Field(default=10.0, gt=0, le=600)
    router: Literal[
        "exact", "tsp", "auto", "s_shape", "return", "midpoint", "largest_gap", "combined"
    ] = "exact"
    seed: int = Field(default=0, ge=0, le=2**31 - 1)


class JobOut(BaseModel):
    id: str
    kind: str
    state: Literal["queued", "running", "succeeded", "failed", "cancelled"]
    progress: dict[str, Any]
    cancel_requested: bool
    error: str | None = None
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    result: dict[str, Any] | None = Field(
        default=None, description="the best result so far (final once the job succeeded)"
    )
    links: dict[str, str]


class Checked(BaseModel):
    """``?validate_only=true``: the request is valid (nothing was solved)."""

    model_config = {"extra": "allow"}

    valid: bool
