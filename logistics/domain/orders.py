"""Customer orders and their delivery promise."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from logistics.domain._checks import require_enum, require_id, store_int
from logistics.domain.geo import LatLon
from logistics.errors import InvalidValueError

__all__ = [
    "PromiseKind",
    "Promise",
    "OrderLine",
    "Order",
    "MAX_QUANTITY",
    "MAX_CREATED_AT",
    "MAX_PROMISE_DAYS",
    "MAX_SAME_CITY_HOURS",
]

MAX_QUANTITY = 10**12
"""Most units on one order line: as many as a site may stock (the API's cap on stock).

Solvers hold quantities, and sums of them over an order's lines, in int64 arrays;
this keeps every such sum exact (products with weights and prices that could pass
int64 are computed exactly by the solvers themselves). The API caps lines at 10^6.
"""

MAX_CREATED_AT = 221_845_392_000
"""Latest order time, unix seconds (9000-01-01T00:00:00Z).

Decisions report their times (deadline, departures, deliveries) in RFC 3339, whose
years end at 9999: with this bound and :data:`MAX_PROMISE_DAYS` every time an order
leads to stays far inside that range, instead of failing while the answer is written.
"""

MAX_PROMISE_DAYS = 60
"""Longest ``standard_days``, in files, the API and the domain alike (as a carrier's
``transit_days``): a promise further out than two months is no delivery promise."""

MAX_SAME_CITY_HOURS = 72
"""Longest ``same_city`` promise, hours, in files, the API and the domain alike.

A same-city promise is an instant courier's: delivered within so many hours of the
order, counted on the clock rather than in the customer's days. Three days is already
slower than next day; a longer wait is a ``standard`` promise of N days (due at the
customer's midnight), which says what it means.
"""


class PromiseKind(StrEnum):
    """Service levels, fastest first."""

    SAME_CITY = "same_city"
    SAME_DAY = "same_day"
    NEXT_DAY = "next_day"
    STANDARD = "standard"


@dataclass(frozen=True, slots=True)
class Promise:
    """What the shop promised the customer.

    Parameters
    ----------
    kind
        Service level.
    hours
        For ``same_city``: delivered within this many hours of the order
        (``1..MAX_SAME_CITY_HOURS``).
    standard_days
        For ``standard``: delivered within this many days.
    """

    kind: PromiseKind
    hours: int | None = None
    standard_days: int = 5

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", require_enum("kind", self.kind, PromiseKind))
        if self.kind == PromiseKind.SAME_CITY:
            if self.hours is None:
                raise InvalidValueError("hours", self.hours, "same_city needs hours")
            store_int(self, "hours", minimum=1)
            if self.hours > MAX_SAME_CITY_HOURS:
                raise InvalidValueError(
                    "hours",
                    self.hours,
                    f"must be <= {MAX_SAME_CITY_HOURS} (a same-city promise is hours; "
                    'a longer one is a "standard" promise of days)',
                )
        elif self.hours is not None:
            raise InvalidValueError("hours", self.hours, "hours only apply to same_city")
        store_int(self, "standard_days", minimum=1, maximum=MAX_PROMISE_DAYS)


@dataclass(frozen=True, slots=True)
class OrderLine:
    """``quantity`` units of one SKU (``1..MAX_QUANTITY``)."""

    sku_id: str
    quantity: int

    def __post_init__(self) -> None:
        require_id("sku_id", self.sku_id)
        store_int(self, "quantity", minimum=1, maximum=MAX_QUANTITY)


@dataclass(frozen=True, slots=True)
class Order:
    """A customer order.

    Parameters
    ----------
    id
        Order id.
    lines
        At least one line; each SKU at most once.
    ship_to
        Delivery address as ``{lat, lon}``.
    promise
        Service level promised.
    created_at
        Unix time in seconds (UTC), ``0..MAX_CREATED_AT``.
    channel
        Sales channel (safety stock can be kept per channel).
    """

    id: str
    lines: tuple[OrderLine, ...]
    ship_to: LatLon
    promise: Promise
    created_at: int
    channel: str = "web"

    def __post_init__(self) -> None:
        require_id("id", self.id)
        if not isinstance(self.lines, tuple):
            raise InvalidValueError(
                "lines",
                self.lines,
                f"expected a tuple of OrderLine, not {type(self.lines).__name__}",
            )
        if not self.lines:
            raise InvalidValueError("lines", self.lines, "an order needs at least one line")
        seen: set[str] = set()
        for i, line in enumerate(self.lines):
            if not isinstance(line, OrderLine):
                raise InvalidValueError(f"lines[{i}]", line, "expected an OrderLine")
            if line.sku_id in seen:
                raise InvalidValueError(f"lines[{i}].sku_id", line.sku_id, "duplicate line")
            seen.add(line.sku_id)
        if not isinstance(self.ship_to, LatLon):
            raise InvalidValueError("ship_to", self.ship_to, "expected {lat, lon}")
        store_int(self, "created_at", minimum=0, maximum=MAX_CREATED_AT)
        require_id("channel", self.channel)

    @property
    def units(self) -> int:
        """Total units over all lines."""
        return sum(line.quantity for line in self.lines)
