"""Workload balance in the OR-Tools model: ``span_cost_per_s`` x the longest route.

``Objective.span_cost_per_s`` charges the plan's longest route: end minus start of
one route, waiting and breaks included, in integer seconds (:mod:`solvers.routing.costs`).
OR-Tools' ``SetGlobalSpanCostCoefficient`` on the time dimension charges the latest
end minus the earliest start over the used vehicles instead, which is more when the
routes start at different times (shifts; ``tests/solvers/routing/test_span_cost_shifts.py``).

The model here:

- a ``"route_s"`` dimension with the time dimension's transits (service + travel,
  seconds), slack up to the horizon and every start at 0;
- for each vehicle ``route_s(end) >= time(end) - time(start)``: its end is at least the
  route's duration;
- the global span cost on ``route_s``: the latest ``route_s`` end over the used
  vehicles, which the finalizer makes each route's duration (it minimizes every
  ``route_s`` end after the time dimension's schedule is set).

The transits make OR-Tools' filters see the longest route without its waiting (a lower
bound; with zero transits they saw no span cost at all and put more on fewer vans).

OR-Tools' LP scheduling is switched off when the term is on
(:mod:`solvers.routing._lp_scheduling`): the LP sets each dimension's cumuls from that dimension's
own costs, so it scheduled the time dimension blind to the longest route (a van with a
break left at the start of its shift and waited: 1496 s where 336 s was possible) and
its ``route_s`` targets (no waiting) contradicted the constraint above. The finalizer
then schedules every route: finish as early as possible, then leave as late as that
allows, vans with breaks too (:class:`solvers.routing.ortools_backend._Model`; 40
random rich problems at 1 s: 2 cheaper, none dearer than leaving them at the start of
their shift).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["DIMENSION", "add_longest_route_cost"]

DIMENSION = "route_s"


def add_longest_route_cost(
    routing: Any,
    time_dim: Any,
    time_evals: Sequence[int],
    horizon: int,
    coefficient: int,
) -> Any:
    """Charge ``coefficient`` (1/K cents per s) x the longest route's duration (s).

    Parameters
    ----------
    routing
        The OR-Tools routing model (before it is closed).
    time_dim
        Its time dimension (cumuls in seconds from the problem's origin).
    time_evals
        The time dimension's transit callback per vehicle (service + travel, s).
    horizon
        The time dimension's capacity (s): no route lasts longer.
    coefficient
        ``span_cost_per_s`` times the model's cost scale; nothing is added when 0.

    Returns
    -------
    The ``route_s`` dimension, or ``None`` when ``coefficient`` is 0.
    """
    if not coefficient:
        return None
    n_veh = routing.vehicles()
    routing.AddDimensionWithVehicleTransitAndCapacity(
        list(time_evals), horizon, [horizon] * n_veh, True, DIMENSION
    )
    route_s = routing.GetDimensionOrDie(DIMENSION)
    solver = routing.solver()
    for v in range(n_veh):
        start, end = routing.Start(v), routing.End(v)
        duration = time_dim.CumulVar(end) - time_dim.CumulVar(start)
        solver.Add(route_s.CumulVar(end) >= duration)
    route_s.SetGlobalSpanCostCoefficient(coefficient)
    # after the schedule: each route_s end as low as it goes (the route's duration)
    for v in range(n_veh):
        routing.AddVariableMinimizedByFinalizer(route_s.CumulVar(routing.End(v)))
    return route_s
