"""Models of carriers and their rate cards."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from api.schemas.common import Id, LatLonIn, Strict

__all__ = ["RateZoneIn", "RateCardIn", "CarrierIn", "CarriersIn", "CarrierOut"]

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


class CarrierOut(BaseModel):
    """A carrier as ``GET /v1/carriers`` lists it: every field of :class:`CarrierIn`,
    defaults filled in, ``warehouse_ids`` sorted. Its fields are in the order the
    answers have always sent them (``warehouse_ids`` after ``handover_s``, unlike
    :class:`CarrierIn`), so typing the list left its bytes unchanged."""

    id: str
    kind: Literal["courier", "instant", "own_fleet", "pickup_point"]
    rate_card: RateCardIn | None = Field(description="zone prices; null for none")
    per_km_cents: int = Field(description="instant couriers: cents per km")
    base_cents: int = Field(description="instant couriers: cents per trip")
    radius_m: int = Field(description="instant couriers and pickup points: reach, meters")
    speed_kmh: int = Field(description="instant couriers: travel speed, km/h")
    last_pickup_s: int = Field(
        description="latest same-day hand-over, seconds after local midnight"
    )
    max_weight_g: int = Field(description="heaviest shipment, grams; 0: no limit")
    delivery_by_s: int = Field(
        description="rate-card carriers: arrival by, seconds after the customer's midnight"
    )
    first_pickup_s: int = Field(
        description="instant couriers: earliest collection, seconds after local midnight"
    )
    handover_s: int = Field(description="instant couriers: seconds from decision to collection")
    warehouse_ids: list[str] = Field(description="sites it collects from; empty: every site")
    points: list[LatLonIn] = Field(description="pickup points")


class CarriersIn(Strict):
    carriers: list[CarrierIn] = Field(min_length=1, max_length=1000)
