"""Delivery and pickup stops of a route plan."""

from __future__ import annotations

from dataclasses import dataclass

from logistics.domain._checks import (
    MAX_AMOUNT,
    require_bool,
    require_id,
    require_int_vector,
    require_skills,
    require_tuple_of,
    store_int,
)
from logistics.domain.geo import LatLon, Point
from logistics.errors import InvalidValueError

__all__ = ["TimeWindow", "Stop", "PickupDelivery"]


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """``[start, end]`` in seconds from the plan's time origin (usually midnight)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        store_int(self, "start", minimum=0)
        store_int(self, "end", minimum=0)
        if self.end < self.start:
            raise InvalidValueError("end", self.end, f"window ends before it starts ({self.start})")


@dataclass(frozen=True, slots=True)
class Stop:
    """A place a vehicle must visit.

    Parameters
    ----------
    id
        Stop id (unique in a problem).
    location
        Where it is (``LatLon`` for real plans, ``Point`` for benchmark sets).
    delivery, pickup
        Quantities dropped and collected, one integer per capacity unit
        (e.g. ``(kg, litres, parcels)``), matching the vehicles' capacities.
    service_s
        Seconds spent at the stop.
    time_windows
        Allowed arrival windows (any one of them); empty means any time.
    soft_windows
        When true, late arrival is allowed at ``lateness_cost_per_s`` cents/s.
    lateness_cost_per_s
        Cents per second of lateness for soft windows.
    priority
        0..100; higher is kept first when not everything fits.
    penalty
        Cents charged when the stop is left unserved; ``None`` means required.
    skills
        Skills a vehicle needs to serve it.
    """

    id: str
    location: LatLon | Point
    delivery: tuple[int, ...] = (0,)
    pickup: tuple[int, ...] = (0,)
    service_s: int = 0
    time_windows: tuple[TimeWindow, ...] = ()
    soft_windows: bool = False
    lateness_cost_per_s: int = 0
    priority: int = 0
    penalty: int | None = None
    skills: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        require_id("id", self.id)
        if not isinstance(self.location, LatLon | Point):
            raise InvalidValueError("location", self.location, "a stop needs a location")
        object.__setattr__(
            self, "delivery", require_int_vector("delivery", self.delivery, maximum=MAX_AMOUNT)
        )
        if not self.delivery:
            raise InvalidValueError("delivery", self.delivery, "at least one capacity unit")
        object.__setattr__(
            self, "pickup", require_int_vector("pickup", self.pickup, maximum=MAX_AMOUNT)
        )
        if len(self.pickup) != len(self.delivery):
            raise InvalidValueError(
                "pickup", self.pickup, f"needs {len(self.delivery)} units like delivery"
            )
        store_int(self, "service_s", minimum=0, maximum=MAX_AMOUNT)
        store_int(self, "lateness_cost_per_s", minimum=0, maximum=MAX_AMOUNT)
        store_int(self, "priority", minimum=0)
        if self.priority > 100:
            raise InvalidValueError("priority", self.priority, "must be within 0..100")
        if self.penalty is not None:
            store_int(self, "penalty", minimum=0, maximum=MAX_AMOUNT)
        require_bool("soft_windows", self.soft_windows)
        require_tuple_of("time_windows", self.time_windows, TimeWindow)
        windows = sorted(self.time_windows, key=lambda w: w.start)
        for i in range(1, len(windows)):
            if windows[i].start <= windows[i - 1].end:
                raise InvalidValueError("time_windows", self.time_windows, "windows overlap")
        require_skills("skills", self.skills)


@dataclass(frozen=True, slots=True)
class PickupDelivery:
    """Stop ``pickup_id`` is served before ``delivery_id``, on the same vehicle."""

    pickup_id: str
    delivery_id: str

    def __post_init__(self) -> None:
        require_id("pickup_id", self.pickup_id)
        require_id("delivery_id", self.delivery_id)
        if self.pickup_id == self.delivery_id:
            raise InvalidValueError("delivery_id", self.delivery_id, "must differ from the pickup")
