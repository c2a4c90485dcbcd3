"""The cost model of a route plan, in exact fractions of a cent.

One place defines what a route costs so the engines, the plan builder and the
reports agree:

- a used vehicle pays its type's ``fixed_cost`` plus ``Objective.per_vehicle``;
- each matrix unit driven pays ``cost_per_km / (1000 * distance_scale)`` plus
  ``Objective.distance_per_m``;
- each second on duty (leaving the start to reaching the end, waiting and breaks
  included) pays ``cost_per_hour / 3600`` plus ``Objective.duration_per_s``;
- each second late at a soft window pays the stop's ``lateness_cost_per_s``;
- the plan pays ``Objective.span_cost_per_s`` per second of its longest route and
  the penalty of every optional stop left unserved.

With ``Objective.vehicle_costs=False`` the vehicle types' own money terms are ignored
(benchmarks: distance only).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from logistics.domain.fleet import Vehicle
from logistics.domain.routing import RoutingProblem
from logistics.domain.stops import Stop

__all__ = ["VehicleRates", "vehicle_rates", "route_cost", "priority_weight", "unserved_cost"]


@dataclass(frozen=True, slots=True)
class VehicleRates:
    """Cents per use, per matrix unit driven and per second on duty."""

    fixed: Fraction
    per_distance: Fraction
    per_second: Fraction


def vehicle_rates(problem: RoutingProblem, vehicle: Vehicle) -> VehicleRates:
    """The cost rates of one vehicle under the problem's objective."""
    obj = problem.objective
    t = vehicle.type
    fixed = Fraction(obj.per_vehicle)
    per_distance = Fraction(obj.distance_per_m)
    per_second = Fraction(obj.duration_per_s)
    if obj.vehicle_costs:
        fixed += t.fixed_cost
        per_distance += Fraction(t.cost_per_km, 1000 * problem.distance_scale)
        per_second += Fraction(t.cost_per_hour, 3600)
    return VehicleRates(fixed, per_distance, per_second)


def route_cost(rates: VehicleRates, distance: int, duration: int, lateness_cost: int) -> int:
    """Cost of a non-empty route in cents (rounded to the nearest cent)."""
    exact = rates.fixed + rates.per_distance * distance + rates.per_second * duration
    return round(exact) + lateness_cost


def priority_weight(priority: int) -> Fraction:
    """How much more dropping a stop of ``priority`` (0..100) hurts: ``1 + priority/100``."""
    return 1 + Fraction(priority, 100)


def unserved_cost(problem: RoutingProblem, stop: Stop) -> int:
    """What leaving ``stop`` out costs the plan (cents): its penalty, or the
    objective's ``unserved_penalty`` for a required stop."""
    return stop.penalty if stop.penalty is not None else problem.objective.unserved_penalty
