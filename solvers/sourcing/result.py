"""What :func:`solvers.sourcing.solve` returns: shipments, runner-ups and reasons.

Times are unix seconds inside; :meth:`SourcingResult.to_dict` renders RFC 3339
(UTC, ``Z``) at the edges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from logistics.domain.geo import LatLon
from logistics.domain.orders import OrderLine

__all__ = [
    "SourcingStatus",
    "Shipment",
    "SourcingOption",
    "SiteNote",
    "SourcingResult",
    "rfc3339",
]


@lru_cache(maxsize=4096)
def rfc3339(t: int) -> str:
    """Unix seconds as RFC 3339 UTC, e.g. ``2026-11-22T16:00:00Z``."""
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class SourcingStatus(StrEnum):
    """Outcome of one decision."""

    SOURCED = "sourced"
    OUT_OF_STOCK = "out_of_stock"  # some line (or whole kit) is not in stock at any site
    PROMISE_UNREACHABLE = "promise_unreachable"  # in stock, but no lane arrives in time
    INFEASIBLE = "infeasible"  # rules: capacity, excluded sites, max shipments, weight


@dataclass(frozen=True, slots=True)
class Shipment:
    """One parcel (or parcel group) from one site.

    Parameters
    ----------
    warehouse_id, carrier_id
        Where it ships from and who carries it.
    lines
        Order lines in it (kits whole).
    shipping_cost, handling_cost
        Cents; ``cost`` is their sum.
    ships_at, delivers_by
        Unix seconds: leaves the site, arrives at the latest.
    distance_m
        Straight-line meters from the site to the customer (or pickup point).
    weight_g
        Grams.
    pickup_point
        Where the customer collects, for pickup-point shipments.
    """

    warehouse_id: str
    carrier_id: str
    lines: tuple[OrderLine, ...]
    shipping_cost: int
    handling_cost: int
    ships_at: int
    delivers_by: int
    distance_m: int
    weight_g: int
    pickup_point: LatLon | None = None

    @property
    def cost(self) -> int:
        """Shipping plus handling, cents."""
        return self.shipping_cost + self.handling_cost

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "warehouse_id": self.warehouse_id,
            "carrier_id": self.carrier_id,
            "lines": [{"sku_id": ln.sku_id, "quantity": ln.quantity} for ln in self.lines],
            "cost": self.cost,
            "shipping_cost": self.shipping_cost,
            "handling_cost": self.handling_cost,
            "ships_at": rfc3339(self.ships_at),
            "delivers_by": rfc3339(self.delivers_by),
            "distance_m": self.distance_m,
            "weight_g": self.weight_g,
        }
        if self.pickup_point is not None:
            d["pickup_point"] = self.pickup_point.to_dict()
        return d


@dataclass(frozen=True, slots=True)
class SourcingOption:
    """A complete plan for the order.

    Parameters
    ----------
    shipments
        One per site used.
    extra_shipment_cost
        ``rules.cost_per_extra_shipment * (len(shipments) - 1)``.
    stock_opportunity_cost
        Look-ahead price of the stock it uses (0 when myopic); not a cash cost.
    label
        Why it is listed, e.g. ``"best with 2 shipments"``, ``"all from DFW7"``.
    """

    shipments: tuple[Shipment, ...]
    extra_shipment_cost: int
    stock_opportunity_cost: int = 0
    label: str = ""

    @property
    def shipping_cost(self) -> int:
        return sum(s.shipping_cost for s in self.shipments)

    @property
    def handling_cost(self) -> int:
        return sum(s.handling_cost for s in self.shipments)

    @property
    def total_cost(self) -> int:
        """Landed cost, cents: shipping + handling + extra-shipment cost."""
        return self.shipping_cost + self.handling_cost + self.extra_shipment_cost

    @property
    def objective(self) -> int:
        """What the decision minimised: landed cost plus stock opportunity cost."""
        return self.total_cost + self.stock_opportunity_cost

    @property
    def distance_m(self) -> int:
        """Sum of shipment distances (the tie-breaker)."""
        return sum(s.distance_m for s in self.shipments)

    @property
    def delivers_by(self) -> int:
        """When the last shipment arrives, unix seconds."""
        return max(s.delivers_by for s in self.shipments)

    @property
    def warehouse_ids(self) -> tuple[str, ...]:
        return tuple(s.warehouse_id for s in self.shipments)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "total_cost": self.total_cost,
            "shipping_cost": self.shipping_cost,
            "handling_cost": self.handling_cost,
            "extra_shipment_cost": self.extra_shipment_cost,
            "stock_opportunity_cost": self.stock_opportunity_cost,
            "distance_m": self.distance_m,
            "delivers_by": rfc3339(self.delivers_by),
            "shipments": [s.to_dict() for s in self.shipments],
        }


@dataclass(frozen=True, slots=True)
class SiteNote:
    """Why a site cannot ship the whole order alone (or what it would cost)."""

    warehouse_id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"warehouse_id": self.warehouse_id, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class SourcingResult:
    """The decision for one order.

    Parameters
    ----------
    order_id
        The order.
    status
        :class:`SourcingStatus`.
    plan
        The chosen plan (``None`` unless sourced).
    reason
        Why the promise cannot be met (``None`` when sourced).
    runner_ups
        The next-best plans, best first, so a person can see why the plan won.
    site_notes
        Per site that cannot ship the whole order alone: why.
    exact
        The plan is proven optimal for the objective.
    bound
        Proven lower bound on the objective (cents), equal to it when exact.
    promise_deadline
        Latest on-time delivery, unix seconds.
    """

    order_id: str
    status: SourcingStatus
    plan: SourcingOption | None
    reason: str | None
    runner_ups: tuple[SourcingOption, ...]
    site_notes: tuple[SiteNote, ...]
    exact: bool
    bound: int | None
    promise_deadline: int

    @property
    def sourced(self) -> bool:
        return self.status == SourcingStatus.SOURCED

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (RFC 3339 times, cents, meters, grams)."""
        return {
            "order_id": self.order_id,
            "status": str(self.status),
            "reason": self.reason,
            "promise_deadline": rfc3339(self.promise_deadline),
            "exact": self.exact,
            "bound": self.bound,
            "plan": None if self.plan is None else self.plan.to_dict(),
            "runner_ups": [o.to_dict() for o in self.runner_ups],
            "site_notes": [n.to_dict() for n in self.site_notes],
        }
