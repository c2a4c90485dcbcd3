"""The result of delivery route planning: routes of timed steps, summary, unassigned stops.

Shaped like VROOM's output (``summary``, ``routes[].steps[]``, ``unassigned[]``) so
the API can serialise it directly with :meth:`RoutePlan.to_dict`. Times are integer
seconds from the plan's time origin, distances are in matrix units (meters times the
problem's ``distance_scale``), costs in cents (or the benchmark set's cost units),
loads one integer per capacity unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "StepType",
    "Step",
    "Route",
    "UnassignedReason",
    "Unassigned",
    "PlanSummary",
    "RoutePlan",
]


class StepType(StrEnum):
    """What a vehicle does at a step."""

    START = "start"
    JOB = "job"
    PICKUP = "pickup"
    DELIVERY = "delivery"
    BREAK = "break"
    END = "end"


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a route.

    Parameters
    ----------
    type
        Start, job (a stop that is not part of a pickup-and-delivery pair), pickup or
        delivery (the two halves of a pair), break, end.
    id
        The stop id (jobs, pickups, deliveries), the depot id (start/end), the break's
        index as a string (breaks), ``None`` for the end of an open route.
    location_index
        Index into the problem's locations (depots then stops); ``None`` for breaks
        and for the end of an open route.
    arrival
        Seconds from the plan's origin when the vehicle gets there (break: its start):
        the departure from the previous stop plus the travel, plus the breaks taken on
        the way (a break listed before a stop is taken on the way when it starts
        before the vehicle would get there, else at the stop while it waits).
    departure
        When it leaves (after waiting and service; break: its end).
    waiting_s
        Seconds from arrival to the start of service (for a window to open); a break
        taken at the stop while waiting lies inside them (the route's ``waiting_s``
        counts only the idle time).
    service_s
        Seconds of service (break: its duration).
    load
        Quantity on board after the step, one integer per capacity unit.
    distance
        Distance driven since the route's start, in matrix units.
    lateness_s
        Seconds after the end of the stop's last window (soft windows only).
    """

    type: StepType
    id: str | None
    location_index: int | None
    arrival: int
    departure: int
    waiting_s: int
    service_s: int
    load: tuple[int, ...]
    distance: int
    lateness_s: int = 0

    @property
    def service_start(self) -> int:
        """When service starts: arrival plus waiting."""
        return self.arrival + self.waiting_s

    def to_dict(self) -> dict[str, Any]:
        """VROOM-like step: ``type``, ``id``, ``location_index``, ``arrival`` ..."""
        return {
            "type": str(self.type),
            "id": self.id,
            "location_index": self.location_index,
            "arrival": self.arrival,
            "departure": self.departure,
            "waiting_time": self.waiting_s,
            "service": self.service_s,
            "load": list(self.load),
            "distance": self.distance,
            "lateness": self.lateness_s,
        }


@dataclass(frozen=True, slots=True)
class Route:
    """One vehicle's route and its summary.

    Parameters
    ----------
    vehicle_id, vehicle_index
        The vehicle (id and position in ``problem.vehicles``).
    steps
        Start, the visits and breaks in order, end.
    distance
        Total distance in matrix units.
    duration
        Seconds from leaving the start to reaching the end (travel, service, waiting,
        breaks): the time on duty.
    travel_s, service_s, waiting_s, break_s
        The parts of ``duration``.
    lateness_s
        Total lateness at soft windows.
    cost
        What the route costs under the problem's objective (cents): fixed cost, per
        km, per hour on duty, objective weights, lateness; not the unserved penalties.
    co2_g
        Estimated CO2 in grams from the vehicle type's g/km.
    delivery, pickup
        Quantities delivered and picked up, per unit.
    """

    vehicle_id: str
    vehicle_index: int
    steps: tuple[Step, ...]
    distance: int
    duration: int
    travel_s: int
    service_s: int
    waiting_s: int
    break_s: int
    lateness_s: int
    cost: int
    co2_g: int
    delivery: tuple[int, ...]
    pickup: tuple[int, ...]

    @property
    def stop_ids(self) -> list[str]:
        """Visited stop ids in order (no start, end or breaks)."""
        return [
            s.id
            for s in self.steps
            if s.type in (StepType.JOB, StepType.PICKUP, StepType.DELIVERY) and s.id is not None
        ]

    @property
    def start(self) -> int:
        """Departure from the start depot."""
        return self.steps[0].departure

    @property
    def end(self) -> int:
        """Arrival at the end (depot, or last stop of an open route)."""
        return self.steps[-1].arrival

    def to_dict(self) -> dict[str, Any]:
        """VROOM-like route: ``vehicle``, ``steps`` and the route's summary fields."""
        return {
            "vehicle": self.vehicle_id,
            "cost": self.cost,
            "distance": self.distance,
            "duration": self.duration,
            "travel": self.travel_s,
            "service": self.service_s,
            "waiting_time": self.waiting_s,
            "break_time": self.break_s,
            "lateness": self.lateness_s,
            "co2_g": self.co2_g,
            "delivery": list(self.delivery),
            "pickup": list(self.pickup),
            "steps": [s.to_dict() for s in self.steps],
        }


class UnassignedReason(StrEnum):
    """Why a stop is not in any route."""

    SKILLS = "skills"
    """No vehicle has every skill the stop requires."""
    CAPACITY = "capacity"
    """No vehicle had room left for its quantities."""
    TIME_WINDOW = "time_window"
    """No vehicle can reach it within its windows (and its shift) even on its own."""
    MAX_DISTANCE = "max_distance"
    """Serving it alone already exceeds every capable vehicle's distance limit."""
    MAX_DURATION = "max_duration"
    """Serving it alone already exceeds every capable vehicle's duration limit."""
    DROPPED_FOR_COST = "dropped_for_cost"
    """Optional stop whose penalty is lower than the cost of serving it."""
    NO_ROOM = "no_room"
    """Could be served alone, but no route had room for it (time, pairs, limits)."""
    NO_SOLUTION = "no_solution"
    """Could be served alone, but the search found no solution in time, so none placed
    it: the plan is ``no_solution``, or only the routes of the dispatched stops."""


@dataclass(frozen=True, slots=True)
class Unassigned:
    """A stop left out of the plan and why.

    Parameters
    ----------
    stop_id, location_index
        The stop.
    reason
        The main reason (see :class:`UnassignedReason`).
    required
        True when the stop had no penalty (it should have been served).
    detail
        A sentence a dispatcher can act on.
    """

    stop_id: str
    location_index: int
    reason: UnassignedReason
    required: bool
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.stop_id,
            "location_index": self.location_index,
            "reason": str(self.reason),
            "required": self.required,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """Totals over the routes.

    ``cost`` is the objective: route costs, plus the span cost (longest route) and
    ``penalties``: each unserved optional stop's penalty and
    ``Objective.unserved_penalty`` per unserved required stop (those are also counted
    in ``unassigned_required``: the plan then does not serve the whole request).
    """

    cost: int
    routes_cost: int
    penalties: int
    span_cost: int
    vehicles: int
    distance: int
    duration: int
    travel_s: int
    service_s: int
    waiting_s: int
    break_s: int
    lateness_s: int
    co2_g: int
    delivery: tuple[int, ...]
    pickup: tuple[int, ...]
    unassigned: int
    unassigned_required: int

    @classmethod
    def of_routes(
        cls,
        routes: tuple[Route, ...] | list[Route],
        unassigned: tuple[Unassigned, ...] | list[Unassigned],
        *,
        span_cost_per_s: int,
        penalties: int,
        n_units: int,
    ) -> PlanSummary:
        """Totals of ``routes``; span cost = ``span_cost_per_s`` x the longest route (s)."""
        span_cost = span_cost_per_s * max((r.duration for r in routes), default=0)
        routes_cost = sum(r.cost for r in routes)
        return cls(
            cost=routes_cost + span_cost + penalties,
            routes_cost=routes_cost,
            penalties=penalties,
            span_cost=span_cost,
            vehicles=len(routes),
            distance=sum(r.distance for r in routes),
            duration=sum(r.duration for r in routes),
            travel_s=sum(r.travel_s for r in routes),
            service_s=sum(r.service_s for r in routes),
            waiting_s=sum(r.waiting_s for r in routes),
            break_s=sum(r.break_s for r in routes),
            lateness_s=sum(r.lateness_s for r in routes),
            co2_g=sum(r.co2_g for r in routes),
            delivery=tuple(sum(r.delivery[u] for r in routes) for u in range(n_units)),
            pickup=tuple(sum(r.pickup[u] for r in routes) for u in range(n_units)),
            unassigned=len(unassigned),
            unassigned_required=sum(1 for u in unassigned if u.required),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "cost": self.cost,
            "routes_cost": self.routes_cost,
            "penalties": self.penalties,
            "span_cost": self.span_cost,
            "routes": self.vehicles,
            "vehicles": self.vehicles,
            "distance": self.distance,
            "duration": self.duration,
            "travel": self.travel_s,
            "service": self.service_s,
            "waiting_time": self.waiting_s,
            "break_time": self.break_s,
            "lateness": self.lateness_s,
            "co2_g": self.co2_g,
            "delivery": list(self.delivery),
            "pickup": list(self.pickup),
            "unassigned": self.unassigned,
            "unassigned_required": self.unassigned_required,
        }


@dataclass(frozen=True, slots=True)
class RoutePlan:
    """A delivery route plan.

    Parameters
    ----------
    routes
        Non-empty routes only, in vehicle order.
    unassigned
        Stops not served, each with a reason.
    summary
        Totals.
    backend
        Which engine produced it (``"ortools"``, ``"pyvrp"`` ...).
    status
        ``"solved"`` (a plan serving every required stop), ``"partial"`` (some
        required stops unserved), ``"cancelled"`` (stopped early, best so far),
        ``"no_solution"`` (the engine found nothing; every stop unassigned).
    seconds
        Wall-clock solve time.
    objective
        The engine's own objective value (its internal scale), for diagnostics.
    name
        The problem's name.
    """

    routes: tuple[Route, ...]
    unassigned: tuple[Unassigned, ...]
    summary: PlanSummary
    backend: str = ""
    status: str = "solved"
    seconds: float = 0.0
    objective: int | None = None
    name: str = ""
    extras: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def cost(self) -> int:
        """The plan's objective in cents (``summary.cost``)."""
        return self.summary.cost

    @property
    def complete(self) -> bool:
        """Every required stop is served."""
        return self.summary.unassigned_required == 0

    @property
    def ranking_key(self) -> tuple[int, int]:
        """``(required stops left out, cost)``: of two plans of one problem, the one with
        the smaller key is better (serves more required stops, then costs less)."""
        return (self.summary.unassigned_required, self.summary.cost)

    def route_of(self, vehicle_id: str) -> Route | None:
        """The route of a vehicle, ``None`` when it is not used."""
        for r in self.routes:
            if r.vehicle_id == vehicle_id:
                return r
        return None

    def to_dict(self) -> dict[str, Any]:
        """The VROOM-like JSON object (times in seconds from the plan's origin)."""
        return {
            "code": 0,
            "name": self.name,
            "status": self.status,
            "backend": self.backend,
            "seconds": round(self.seconds, 3),
            "summary": self.summary.to_dict(),
            "routes": [r.to_dict() for r in self.routes],
            "unassigned": [u.to_dict() for u in self.unassigned],
        }
