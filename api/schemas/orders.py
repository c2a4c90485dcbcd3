"""Models of orders: what the shop sends and what it gets back."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from api.schemas.common import Id, LatLonIn, Rfc3339, Strict
from logistics.domain.orders import MAX_PROMISE_DAYS, MAX_SAME_CITY_HOURS

__all__ = ["OrderLineIn", "PromiseIn", "RulesIn", "OrderIn", "ShipmentOut", "OrderOut"]


class OrderLineIn(Strict):
    sku_id: Id
    quantity: int = Field(ge=1, le=1_000_000)


def _document_days(schema: dict[str, Any]) -> None:
    """Show ``days`` (the order files' name of ``standard_days``) in the OpenAPI schema."""
    days = dict(schema["properties"]["standard_days"], title="Days")
    days["description"] = "the same as standard_days (its name in order files); give one"
    schema["properties"]["days"] = days


class PromiseIn(Strict):
    model_config = ConfigDict(json_schema_extra=_document_days)

    kind: Literal["same_city", "same_day", "next_day", "standard"]
    hours: int | None = Field(
        default=None, ge=1, le=MAX_SAME_CITY_HOURS, description="same_city only"
    )
    standard_days: int = Field(
        default=5,
        ge=1,
        le=MAX_PROMISE_DAYS,
        validation_alias=AliasChoices("standard_days", "days"),
        description='standard only; also read as "days", its name in order files '
        "(sending both is refused)",
    )


class RulesIn(Strict):
    """Per-order overrides of the sourcing rules."""

    max_shipments: int | None = Field(default=None, ge=1, le=10)
    excluded_warehouse_ids: list[Id] = Field(default_factory=list, max_length=1000)


class OrderIn(Strict):
    id: Id
    lines: list[OrderLineIn] = Field(min_length=1, max_length=200)
    ship_to: LatLonIn
    promise: PromiseIn
    created_at: Rfc3339 | None = Field(
        default=None, strict=False, description="RFC 3339 with offset; default: now"
    )
    channel: Annotated[str, Field(min_length=1, max_length=32)] = "web"
    accept_pickup_point: bool = False
    customer_utc_offset_s: int | None = Field(
        default=None,
        ge=-14 * 3600,
        le=14 * 3600,
        description="the ship-to's fixed UTC offset, seconds; default: estimated from its "
        "longitude. Leave it out when customer_time_zone is given",
    )
    customer_time_zone: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description='the ship-to\'s IANA time zone ("America/New_York"): promise days '
        "follow its daylight saving time; unknown names are refused (422)",
    )
    rules: RulesIn | None = None


class ShipmentOut(BaseModel):
    warehouse_id: str
    carrier_id: str
    cost: int = Field(description="cents")
    delivers_by: dt.datetime | None
    lines: list[dict[str, Any]]


class ReservationOut(BaseModel):
    warehouse_id: str
    sku_id: str
    quantity: int
    state: Literal["held", "released", "shipped"]


class OrderOut(BaseModel):
    id: str
    state: Literal["reserved", "cancelled", "shipped"]
    total_cost: int = Field(description="landed cost in cents")
    shipments: list[ShipmentOut]
    reservations: list[ReservationOut]
    explanation: dict[str, Any] = Field(
        description="the decision: status, bound and chosen plan; `GET /v1/orders/{id}` "
        "also has the runner-up plans and per-site notes (the answer to `POST` leaves "
        "them out to stay small)"
    )
    created_at: dt.datetime
    # no default: every answer sends it (null until the order is cancelled), so the
    # document lists it as required and nullable
    cancelled_at: dt.datetime | None


class OrderValidated(BaseModel):
    valid: bool
    order_id: str
    lines: int
    units: int
    candidate_warehouses: int


class CancelOut(BaseModel):
    order: OrderOut
    cancelled_now: bool
    units_returned: int
