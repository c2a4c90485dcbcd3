"""The fulfillment network: warehouses and forward warehouses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from logistics.domain._checks import require_enum, require_id, require_int_vector, store_int
from logistics.domain.geo import LatLon
from logistics.domain.timezones import Zone, check_one_clock, check_utc_offset, zone_info
from logistics.errors import InvalidValueError

__all__ = ["WarehouseKind", "Warehouse", "MAX_SITE_AMOUNT"]

DAY_S = 86_400

MAX_SITE_AMOUNT = 10**12
"""Largest orders per day (capacity) and handling cost in cents of a site (the API's
cap): sourcing keeps them in int64 arrays, where a larger number did not fit."""


class WarehouseKind(StrEnum):
    """A regional fulfillment centre or a small forward (city) warehouse."""

    FULFILLMENT_CENTER = "fulfillment_center"
    FORWARD = "forward"


@dataclass(frozen=True, slots=True)
class Warehouse:
    """A site that ships orders.

    Parameters
    ----------
    id
        Site code.
    location
        Where it is.
    capacity_per_day
        Orders it can pick and pack per day.
    cutoffs_s
        Pick/pack cut-off times as seconds after local midnight, ascending
        (an order decided before a cut-off leaves with that day's trucks).
    handling_cost_per_order, handling_cost_per_unit
        Cents per order and per unit picked.
    kind
        Fulfillment centre or forward warehouse.
    utc_offset_s
        Fixed local time offset from UTC in seconds (for cut-offs); must stay 0
        when ``time_zone`` is given.
    name
        Display name.
    time_zone
        IANA zone name (``"America/Chicago"``): local times follow its daylight
        saving time. ``None``: the fixed ``utc_offset_s``.
    """

    id: str
    location: LatLon
    capacity_per_day: int
    cutoffs_s: tuple[int, ...] = (16 * 3600,)
    handling_cost_per_order: int = 0
    handling_cost_per_unit: int = 0
    kind: WarehouseKind = WarehouseKind.FULFILLMENT_CENTER
    utc_offset_s: int = 0
    name: str = ""
    time_zone: str | None = None

    def __post_init__(self) -> None:
        require_id("id", self.id)
        if not isinstance(self.location, LatLon):
            raise InvalidValueError("location", self.location, "expected a LatLon")
        store_int(self, "capacity_per_day", minimum=0, maximum=MAX_SITE_AMOUNT)
        store_int(self, "handling_cost_per_order", minimum=0, maximum=MAX_SITE_AMOUNT)
        store_int(self, "handling_cost_per_unit", minimum=0, maximum=MAX_SITE_AMOUNT)
        object.__setattr__(
            self, "utc_offset_s", check_utc_offset("utc_offset_s", self.utc_offset_s)
        )
        check_one_clock(
            "time_zone", self.time_zone, "utc_offset_s", self.utc_offset_s, self.utc_offset_s != 0
        )
        if not isinstance(self.cutoffs_s, tuple):
            raise InvalidValueError("cutoffs_s", self.cutoffs_s, "expected a tuple of seconds")
        if not self.cutoffs_s:
            raise InvalidValueError("cutoffs_s", self.cutoffs_s, "at least one cut-off time")
        object.__setattr__(self, "cutoffs_s", require_int_vector("cutoffs_s", self.cutoffs_s))
        prev = -1
        for i, c in enumerate(self.cutoffs_s):
            if c >= DAY_S:
                raise InvalidValueError(f"cutoffs_s[{i}]", c, "must be < 86400 (seconds of a day)")
            if c <= prev:
                raise InvalidValueError(f"cutoffs_s[{i}]", c, "cut-offs must be ascending")
            prev = c
        object.__setattr__(self, "kind", require_enum("kind", self.kind, WarehouseKind))
        if not isinstance(self.name, str):
            raise InvalidValueError("name", self.name, "expected a string")

    @property
    def zone(self) -> Zone:
        """The site's clock: its IANA zone, or its fixed offset in seconds."""
        return self.utc_offset_s if self.time_zone is None else zone_info(self.time_zone)
