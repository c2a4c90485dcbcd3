"""Vehicles that cannot drive even an empty route: straight from the start depot to
the end within their shift, the end depot's hours, breaks and route limits.

OR-Tools keeps every vehicle's empty route feasible, so one such vehicle (a van still
on its way home near the end of its shift, in a live re-plan) left the whole model
without a solution: no plan at all for the other vehicles' stops. The backend gives
these vehicles no stops instead (they could serve none: their routes are longer still
on any matrix where going via a stop takes no shortcut).
"""

from __future__ import annotations

from solvers.routing.plan import PlanContext

__all__ = ["stranded_vehicles"]


def stranded_vehicles(ctx: PlanContext) -> frozenset[int]:
    """Positions of the vehicles without dispatched stops whose empty route breaks a
    rule: leaving at the earliest (s), driving home takes past the shift or the end
    depot's closing, a break cannot end before then, or the drive is longer than the
    type's maximum duration (s) or distance (m). Vehicles with dispatched stops are
    :func:`~solvers.routing.dispatched.check_dispatched`'s to judge."""
    problem = ctx.problem
    out = set()
    for v, veh in enumerate(problem.vehicles):
        if veh.dispatched:
            continue
        lo, _ = ctx.start_window(v)
        limit = ctx.end_limit(v)
        drive = meters = 0
        if veh.end_depot is not None:
            a, b = ctx.depot_index[veh.start_depot], ctx.depot_index[veh.end_depot]
            drive, meters = int(ctx.travel(v)[a, b]), int(ctx.distance[a, b])
        vt = veh.type
        if (
            lo + drive > limit
            or any(max(lo, b.window.start) + b.duration_s > limit for b in veh.breaks)
            or (vt.max_duration_s is not None and drive > vt.max_duration_s)
            or (
                vt.max_distance_m is not None
                and meters > vt.max_distance_m * problem.distance_scale
            )
        ):
            out.add(v)
    return frozenset(out)
