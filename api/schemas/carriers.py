"""Models of carriers and their rate cards."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from api.schemas.common import Id, LatLonIn, Strict

__all__ = ["RateZoneIn", "RateCardIn", "CarrierIn", "CarriersIn"]

Cents = Annotated[int, Field(ge=0, le=10**9)]
DaySeconds = Annotated[int, Field(ge=0, lt=86_400)]


class RateZoneIn(Strict):
    max_distance_m: int = Field(ge=1, le=40_000_000)
    base_cents: Cents
    per_kg_cents: Cents
    transit_days: int = Field(ge=0, le=60)


class RateCardIn(Strict):
    zones: list[RateZoneIn] = Field(min_length=1, max_length=50, description="ascending distance")


class CarrierIn(Strict):
    id: Id
    kind: Literal["courier", "instant", "own_fleet", "pickup_point"]
    rate_card: RateCardIn | None = None
    per_km_cents: Cents = 0
    base_cents: Cents = 0
    radius_m: int = Field(default=0, ge=0, le=40_000_000)
    speed_kmh: int = Field(default=25, ge=1, le=200)
    last_pickup_s: DaySeconds = 72_000
    warehouse_ids: list[Id] = Field(default_factory=list, max_length=10_000)
    max_weight_g: int = Field(default=0, ge=0, le=10**9)
    delivery_by_s: DaySeconds = 72_000
    first_pickup_s: DaySeconds = 28_800
    handover_s: DaySeconds = 1800
    points: list[LatLonIn] = Field(default_factory=list, max_length=100_000)


class CarriersIn(Strict):
    carriers: list[CarrierIn] = Field(min_length=1, max_length=1000)
