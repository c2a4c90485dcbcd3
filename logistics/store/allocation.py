"""What an order's decision asks the store for, and how reserving it can fail.

The sourcing decision becomes an :class:`Allocation` (shipments of units from
warehouses); :func:`logistics.store.place_order` reserves it or raises one of
the conflicts below.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from logistics.errors import LogisticsError

__all__ = [
    "MAX_STORED_CENTS",
    "PlannedShipment",
    "Allocation",
    "Decide",
    "StockConflict",
    "CapacityConflict",
    "ConflictsExhausted",
    "OrderExists",
    "PlacedOrder",
    "merge_lines",
    "days_needed",
    "shipment_rows",
]


MAX_STORED_CENTS = 2**63 - 1
"""The largest cost an order or shipment row holds (a signed 64-bit ``BIGINT``)."""


@dataclass(frozen=True, slots=True)
class PlannedShipment:
    """One parcel the decision asks for: units of SKUs leaving one warehouse.

    Parameters
    ----------
    warehouse_id
        Where it ships from.
    lines
        ``(sku_id, quantity)`` pairs, quantities in units.
    carrier_id
        Who carries it.
    cost
        Landed cost in cents (shipping + handling).
    promised_at
        When the customer gets it (timezone-aware), if known.
    day
        The warehouse's local ``YYYY-MM-DD`` the shipment leaves on (its ``ships_at``),
        whose daily capacity it takes; ``None``: not counted.
    """

    warehouse_id: str
    lines: tuple[tuple[str, int], ...]
    carrier_id: str = ""
    cost: int = 0
    promised_at: dt.datetime | None = None
    day: str | None = None


@dataclass(frozen=True, slots=True)
class Allocation:
    """What ``decide`` returns: the shipments and why they won.

    ``capacity_per_day`` maps warehouse ids to shipments per day; each shipment
    with a ``day`` (the warehouse's local ``YYYY-MM-DD`` it ships on) takes one unit
    of that warehouse's day, counted atomically with the stock (never past the
    capacity).
    """

    shipments: tuple[PlannedShipment, ...]
    total_cost: int = 0
    explanation: Mapping[str, Any] = field(default_factory=dict)
    capacity_per_day: Mapping[str, int] = field(default_factory=dict)


Decide = Callable[[Any], Allocation]
"""``decide(snapshot) -> Allocation``; raises ``InfeasibleError`` (or the caller's own error).

The snapshot is free units per ``(warehouse, sku)`` unless ``place_order`` is
given its own ``read_snapshot``."""


class StockConflict(LogisticsError):
    """A conditional decrement found fewer free units than the decision assumed."""

    def __init__(self, warehouse_id: str, sku_id: str, quantity: int) -> None:
        self.warehouse_id, self.sku_id, self.quantity = warehouse_id, sku_id, quantity
        super().__init__(f"fewer than {quantity} free units of {sku_id} at {warehouse_id}")


class CapacityConflict(StockConflict):
    """A warehouse's day filled up while the decision was being made."""

    def __init__(self, warehouse_id: str, day: str, shipments: int) -> None:
        self.warehouse_id, self.sku_id, self.quantity, self.day = warehouse_id, "", shipments, day
        LogisticsError.__init__(
            self, f"{warehouse_id} has no room for {shipments} more shipment(s) on {day}"
        )


class ConflictsExhausted(LogisticsError):
    """Stock kept changing underneath the decision; every attempt conflicted."""

    def __init__(self, order_id: str, attempts: int, last: StockConflict) -> None:
        self.order_id, self.attempts, self.last = order_id, attempts, last
        super().__init__(
            f"order {order_id}: stock changed during each of {attempts} attempts ({last}); "
            "retry the request"
        )


class OrderExists(LogisticsError):
    """An order with this id is already stored."""

    def __init__(self, order_id: str) -> None:
        self.order_id = order_id
        super().__init__(f"order {order_id!r} already exists")


@dataclass(frozen=True, slots=True)
class PlacedOrder:
    """The committed outcome: the stored order id, its allocation and the attempt that won."""

    order_id: str
    allocation: Allocation
    attempts: int
    created_at: dt.datetime | None = None


def merge_lines(shipments: Iterable[PlannedShipment]) -> list[tuple[str, str, int]]:
    """``(warehouse, sku, units)`` summed over the shipments, sorted by warehouse and SKU."""
    total: dict[tuple[str, str], int] = defaultdict(int)
    for s in shipments:
        for sku, q in s.lines:
            if q <= 0:
                raise ValueError(f"reserve quantity must be > 0, got {q} of {sku}")
            total[(s.warehouse_id, sku)] += q
    return [(w, s, q) for (w, s), q in sorted(total.items())]


def days_needed(allocation: Allocation) -> list[tuple[str, str, int]]:
    """``(warehouse, local day, shipments)`` counted against daily capacity, sorted."""
    need: dict[tuple[str, str], int] = defaultdict(int)
    for s in allocation.shipments:
        if s.day is not None and s.warehouse_id in allocation.capacity_per_day:
            need[(s.warehouse_id, s.day)] += 1
    return [(w, d, n) for (w, d), n in sorted(need.items())]


def shipment_rows(allocation: Allocation) -> list[dict[str, Any]]:
    """The ``shipments`` table's columns (but ``order_id``) of each shipment, in order."""
    return [
        {
            "seq": seq,
            "warehouse_id": s.warehouse_id,
            "carrier_id": s.carrier_id,
            "cost": s.cost,
            "promised_at": s.promised_at,
            "lines": [{"sku_id": sku, "quantity": q} for sku, q in s.lines],
            "day": s.day,
        }
        for seq, s in enumerate(allocation.shipments)
    ]
