"""Models of warehouses, SKUs and stock positions."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from api.paging import Page
from api.schemas.common import Id, LatLonIn, Strict

__all__ = [
    "WarehouseIn",
    "WarehousesIn",
    "WarehouseOut",
    "WarehousesOut",
    "SkuIn",
    "SkusIn",
    "StockLevelIn",
    "StockPut",
    "StockAdjustmentIn",
    "StockAdjust",
    "PositionOut",
    "PositionsOut",
    "Written",
]

Units = Annotated[int, Field(ge=0, le=10**12)]
Cents = Annotated[int, Field(ge=0, le=10**12)]


class WarehouseIn(Strict):
    id: Id
    name: str = Field(default="", max_length=200)
    location: LatLonIn
    kind: Literal["fulfillment_center", "forward"] = "fulfillment_center"
    capacity_per_day: Units = 1_000_000
    cutoffs_s: list[Annotated[int, Field(ge=0, lt=86_400)]] = Field(
        default_factory=lambda: [57_600],
        min_length=1,
        max_length=24,
        description="pick/pack cut-offs, seconds after local midnight, ascending",
    )
    handling_cost_per_order: Cents = 0
    handling_cost_per_unit: Cents = 0
    utc_offset_s: int = Field(
        default=0,
        ge=-14 * 3600,
        le=14 * 3600,
        description="fixed UTC offset, seconds; must stay 0 when time_zone is given",
    )
    time_zone: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description='IANA time zone ("America/Chicago"): cut-offs and the site\'s day '
        "follow its daylight saving time; unknown names are refused (422)",
    )


class WarehousesIn(Strict):
    warehouses: list[WarehouseIn] = Field(min_length=1, max_length=10_000)


class WarehouseOut(BaseModel):
    id: str
    name: str
    location: dict[str, float]
    kind: str
    capacity_per_day: int
    cutoffs_s: list[int]
    handling_cost_per_order: int
    handling_cost_per_unit: int
    utc_offset_s: int
    time_zone: str | None = Field(description="IANA time zone; null when the site has none")


class WarehousesOut(Page[WarehouseOut]):
    """A page of warehouses."""


class SkuIn(Strict):
    id: Id
    weight_g: Units = 0
    volume_cm3: Units = 0
    item_class: str = Field(default="general", max_length=32)
    kit_id: Id | None = None


class SkusIn(Strict):
    skus: list[SkuIn] = Field(min_length=1, max_length=100_000)


class StockLevelIn(Strict):
    warehouse_id: Id
    sku_id: Id
    on_hand: Units = Field(description="units physically in the warehouse, held ones included")
    safety_stock: Units | None = None


class StockPut(Strict):
    items: list[StockLevelIn] = Field(min_length=1, max_length=100_000)


class StockAdjustmentIn(Strict):
    warehouse_id: Id
    sku_id: Id
    delta: int = Field(ge=-(10**12), le=10**12, description="units added (+) or removed (-)")


class StockAdjust(Strict):
    items: list[StockAdjustmentIn] = Field(min_length=1, max_length=100_000)


class PositionOut(BaseModel):
    warehouse_id: str
    sku_id: str
    on_hand: int
    reserved: int
    available: int
    safety_stock: int


class PositionsOut(Page[PositionOut]):
    """A page of stock positions."""


class Written(BaseModel):
    written: int
