"""Vehicles, their types, shifts and driver breaks."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from logistics.domain._checks import (
    MAX_AMOUNT,
    require_id,
    require_int_vector,
    require_skills,
    require_tuple_of,
    store_int,
)
from logistics.domain.stops import TimeWindow
from logistics.errors import InvalidValueError

__all__ = ["Break", "VehicleType", "Vehicle"]

MAX_SPEED_FACTOR = 100
"""A vehicle type at most this many times slower than the matrix (travel times stay
far within int64)."""


@dataclass(frozen=True, slots=True)
class Break:
    """A driver break of ``duration_s`` seconds that must start inside ``window``."""

    window: TimeWindow
    duration_s: int

    def __post_init__(self) -> None:
        if not isinstance(self.window, TimeWindow):
            raise InvalidValueError("window", self.window, "expected a TimeWindow")
        store_int(self, "duration_s", minimum=1, maximum=MAX_AMOUNT)


@dataclass(frozen=True, slots=True)
class VehicleType:
    """What a kind of vehicle carries and costs.

    Parameters
    ----------
    id
        Type code, e.g. ``"van"``.
    capacity
        One integer per unit (e.g. ``(kg, litres, parcels)``).
    fixed_cost
        Cents for using one vehicle of this type for the day.
    cost_per_km, cost_per_hour
        Cents per kilometre driven and per hour on duty.
    speed_factor
        Travel time multiplier (``1.0`` = matrix time; ``1.2`` = 20% slower).
    skills
        What its crew can do (e.g. ``{"fridge", "two_person"}``).
    co2_g_per_km
        Emission factor for the CO2 estimate.
    max_duration_s, max_distance_m
        Limits per route; ``None`` means unlimited.
    """

    id: str
    capacity: tuple[int, ...]
    fixed_cost: int = 0
    cost_per_km: int = 0
    cost_per_hour: int = 0
    speed_factor: float = 1.0
    skills: frozenset[str] = frozenset()
    co2_g_per_km: int = 0
    max_duration_s: int | None = None
    max_distance_m: int | None = None

    def __post_init__(self) -> None:
        require_id("id", self.id)
        object.__setattr__(
            self, "capacity", require_int_vector("capacity", self.capacity, maximum=MAX_AMOUNT)
        )
        if not self.capacity:
            raise InvalidValueError("capacity", self.capacity, "at least one capacity unit")
        for name in ("fixed_cost", "cost_per_km", "cost_per_hour", "co2_g_per_km"):
            store_int(self, name, minimum=0, maximum=MAX_AMOUNT)
        if (
            isinstance(self.speed_factor, bool)
            or not isinstance(self.speed_factor, int | float)
            or not self.speed_factor > 0
            or not math.isfinite(self.speed_factor)
        ):
            raise InvalidValueError("speed_factor", self.speed_factor, "must be a number > 0")
        if self.speed_factor > MAX_SPEED_FACTOR:
            raise InvalidValueError(
                "speed_factor", self.speed_factor, f"must be <= {MAX_SPEED_FACTOR}"
            )
        require_skills("skills", self.skills)
        if self.max_duration_s is not None:
            store_int(self, "max_duration_s", minimum=1, maximum=MAX_AMOUNT)
        if self.max_distance_m is not None:
            store_int(self, "max_distance_m", minimum=1, maximum=MAX_AMOUNT)


@dataclass(frozen=True, slots=True)
class Vehicle:
    """One vehicle of a fleet for one day.

    Parameters
    ----------
    id
        Vehicle id.
    type
        Its :class:`VehicleType`.
    start_depot
        Id of the depot it starts at.
    end_depot
        Id of the depot it returns to; ``None`` for an open route.
    shift
        When it may work (seconds from the plan's time origin).
    breaks
        Driver breaks to schedule.
    dispatched
        Ids of stops already handed to this vehicle's driver, in the order the
        driver serves them. A plan keeps them on this vehicle, in this order, at
        the start of its route; other stops may only come after them.
    """

    id: str
    type: VehicleType
    start_depot: str
    end_depot: str | None
    shift: TimeWindow = TimeWindow(0, 86_400)
    breaks: tuple[Break, ...] = ()
    dispatched: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        require_id("id", self.id)
        if not isinstance(self.type, VehicleType):
            raise InvalidValueError("type", self.type, "expected a VehicleType")
        require_id("start_depot", self.start_depot)
        if self.end_depot is not None:
            require_id("end_depot", self.end_depot)
        if not isinstance(self.shift, TimeWindow):
            raise InvalidValueError("shift", self.shift, "expected a TimeWindow")
        require_tuple_of("breaks", self.breaks, Break)
        _check_dispatched(self.dispatched)
        length = self.shift.end - self.shift.start
        for i, b in enumerate(self.breaks):
            if b.duration_s > length:
                if length == 0:
                    raise InvalidValueError(
                        "shift",
                        self.shift,
                        f"the shift ends when it starts: no time for breaks[{i}]",
                    )
                raise InvalidValueError(
                    f"breaks[{i}].duration_s", b.duration_s, f"longer than the shift ({length} s)"
                )
            earliest = max(b.window.start, self.shift.start)
            if b.window.end < self.shift.start or earliest + b.duration_s > self.shift.end:
                raise InvalidValueError(
                    f"breaks[{i}].window", b.window, "the break cannot be taken within the shift"
                )
        _check_breaks_together(self.shift, self.breaks)


def _check_breaks_together(shift: TimeWindow, breaks: tuple[Break, ...]) -> None:
    """A driver takes breaks one at a time: together they fit the shift, in some order.

    Orders are tried exhaustively up to 6 breaks (a driver's day has one to three);
    beyond that only their total is checked.
    """
    length = shift.end - shift.start
    total = 0
    for i, b in enumerate(breaks):
        total += b.duration_s
        if total > length:
            raise InvalidValueError(
                f"breaks[{i}].duration_s",
                b.duration_s,
                f"the breaks add up to {total} s, longer than the shift ({length} s)",
            )
    if len(breaks) < 2 or len(breaks) > 6:
        return

    def fits(order: tuple[Break, ...]) -> bool:
        t = shift.start
        for b in order:
            t = max(t, b.window.start)
            if t > b.window.end:
                return False
            t += b.duration_s
        return t <= shift.end

    if not any(fits(order) for order in itertools.permutations(breaks)):
        raise InvalidValueError(
            "breaks", breaks, "the breaks cannot be taken one after another within the shift"
        )


def _check_dispatched(ids: tuple[str, ...]) -> None:
    """A tuple of stop ids, none twice."""
    if not isinstance(ids, tuple):
        raise InvalidValueError("dispatched", ids, "expected a tuple of stop ids")
    seen: set[str] = set()
    for k, sid in enumerate(ids):
        require_id(f"dispatched[{k}]", sid)
        if sid in seen:
            raise InvalidValueError(f"dispatched[{k}]", sid, "stop dispatched twice")
        seen.add(sid)
