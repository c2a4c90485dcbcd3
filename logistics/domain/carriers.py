"""Carriers and their rate cards."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from logistics.domain._checks import require_id, store_int
from logistics.domain.geo import LatLon
from logistics.errors import InvalidValueError, one_of

__all__ = [
    "CarrierKind",
    "RateZone",
    "RateCard",
    "Carrier",
    "MAX_CARRIER_CENTS",
    "MAX_CARRIER_WEIGHT_G",
    "MAX_TRANSIT_DAYS",
]

MAX_CARRIER_CENTS = 10**9
"""Largest price part of a carrier (base, per kg, per km; the API's cap): sourcing
prices in int64 arrays, where a larger number did not fit."""

MAX_CARRIER_WEIGHT_G = 10**9
"""Largest ``max_weight_g`` of a carrier (1,000 t; the API's cap)."""

MAX_TRANSIT_DAYS = 60
"""Longest zone transit (the API's cap): deadlines stay within the calendar."""


class CarrierKind(StrEnum):
    """How a parcel travels."""

    COURIER = "courier"  # parcel network, priced by zone and weight
    INSTANT = "instant"  # same-city instant courier, priced per km within a radius
    OWN_FLEET = "own_fleet"  # our vans, from the delivery routing plan
    PICKUP_POINT = "pickup_point"  # customer collects at a point


@dataclass(frozen=True, slots=True)
class RateZone:
    """One distance zone of a rate card: up to ``max_distance_m`` (inclusive).

    Price is ``base_cents + per_kg_cents * ceil(weight_kg)``; delivery takes
    ``transit_days`` days after the pick-up day (0 = same day), counted in the
    customer's calendar: the day the customer is in when the shipment is
    collected (which can differ from the site's day when the two time zones are
    far apart).
    """

    max_distance_m: int
    base_cents: int
    per_kg_cents: int
    transit_days: int

    def __post_init__(self) -> None:
        store_int(self, "max_distance_m", minimum=1)
        store_int(self, "base_cents", minimum=0, maximum=MAX_CARRIER_CENTS)
        store_int(self, "per_kg_cents", minimum=0, maximum=MAX_CARRIER_CENTS)
        store_int(self, "transit_days", minimum=0, maximum=MAX_TRANSIT_DAYS)


@dataclass(frozen=True, slots=True)
class RateCard:
    """Zones by ascending distance; beyond the last zone the carrier does not go."""

    zones: tuple[RateZone, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.zones, tuple):
            raise InvalidValueError("zones", self.zones, "expected a tuple of RateZone")
        for i, z in enumerate(self.zones):
            if not isinstance(z, RateZone):
                raise InvalidValueError(f"zones[{i}]", z, "expected a RateZone")
        if not self.zones:
            raise InvalidValueError("zones", self.zones, "a rate card needs at least one zone")
        prev = 0
        for i, z in enumerate(self.zones):
            if z.max_distance_m <= prev:
                raise InvalidValueError(
                    f"zones[{i}].max_distance_m", z.max_distance_m, "zones must be ascending"
                )
            prev = z.max_distance_m

    def zone_for(self, distance_m: int) -> RateZone | None:
        """The zone that covers ``distance_m``, or ``None`` when out of reach."""
        for z in self.zones:
            if distance_m <= z.max_distance_m:
                return z
        return None


@dataclass(frozen=True, slots=True)
class Carrier:
    """A way to get a shipment to the customer.

    Parameters
    ----------
    id
        Carrier code.
    kind
        Courier, instant, own fleet or pickup point.
    rate_card
        Zone prices (courier, own fleet, pickup point).
    per_km_cents, base_cents, radius_m, speed_kmh
        Instant couriers: price ``base + per_km * km``, only within ``radius_m``,
        travelling at ``speed_kmh``.
    last_pickup_s
        Latest hand-over time (seconds after local midnight) for same-day moves.
    warehouse_ids
        Sites this carrier collects from; empty means every site (an own fleet
        usually runs from a few sites only).
    max_weight_g
        Heaviest shipment it takes, grams; ``0`` means no limit.
    delivery_by_s
        Rate-card carriers: a shipment due on a day arrives by this time
        (seconds after the customer's local midnight).
    first_pickup_s
        Instant couriers: earliest collection (seconds after local midnight).
    handover_s
        Instant couriers: seconds from decision to collection (pick and pack).
    points
        Pickup-point carriers: the points; a customer within ``radius_m`` of one
        may collect there (the rate card is priced to the point).
    """

    id: str
    kind: CarrierKind
    rate_card: RateCard | None = None
    per_km_cents: int = 0
    base_cents: int = 0
    radius_m: int = 0
    speed_kmh: int = 25
    last_pickup_s: int = 20 * 3600
    warehouse_ids: frozenset[str] = frozenset()
    max_weight_g: int = 0
    delivery_by_s: int = 20 * 3600
    first_pickup_s: int = 8 * 3600
    handover_s: int = 1800
    points: tuple[LatLon, ...] = ()

    def __post_init__(self) -> None:
        require_id("id", self.id)
        try:
            CarrierKind(self.kind)
        except ValueError:
            raise InvalidValueError(
                "kind", self.kind, one_of(k.value for k in CarrierKind)
            ) from None
        for name in (
            "per_km_cents",
            "base_cents",
            "radius_m",
            "last_pickup_s",
            "max_weight_g",
            "delivery_by_s",
            "first_pickup_s",
            "handover_s",
        ):
            store_int(self, name, minimum=0)
        for name in ("per_km_cents", "base_cents"):
            store_int(self, name, minimum=0, maximum=MAX_CARRIER_CENTS)
        store_int(self, "max_weight_g", minimum=0, maximum=MAX_CARRIER_WEIGHT_G)
        for name in ("last_pickup_s", "delivery_by_s", "first_pickup_s", "handover_s"):
            if getattr(self, name) >= 86_400:
                raise InvalidValueError(name, getattr(self, name), "must be < 86400 (a day)")
        if not isinstance(self.warehouse_ids, frozenset):
            raise InvalidValueError(
                "warehouse_ids", self.warehouse_ids, "expected a frozenset of site ids"
            )
        for i, p in enumerate(self.points):
            if not isinstance(p, LatLon):
                raise InvalidValueError(f"points[{i}]", p, "expected {lat, lon}")
        store_int(self, "speed_kmh", minimum=1)
        if self.kind == CarrierKind.INSTANT:
            if self.radius_m <= 0:
                raise InvalidValueError("radius_m", self.radius_m, "instant couriers need a radius")
            if self.first_pickup_s > self.last_pickup_s:
                raise InvalidValueError(
                    "first_pickup_s", self.first_pickup_s, "must not be after last_pickup_s"
                )
        elif self.rate_card is None:
            raise InvalidValueError("rate_card", None, f"a {self.kind} carrier needs a rate card")
        if self.kind == CarrierKind.PICKUP_POINT and (not self.points or self.radius_m <= 0):
            raise InvalidValueError(
                "points", self.points, "a pickup-point carrier needs points and a radius_m"
            )
