"""Vehicles that cannot drive even an empty route: straight from the start depot to
the end within their shift, the end depot's hours, breaks and route limits.

OR-Tools keeps every vehicle's empty route feasible, so one such vehicle (a van still
on its way home near the end of its shift, in a live re-plan) left the whole model
without a solution: no plan at all for the other vehicles' stops. The backend gives
these vehicles no stops instead (they could serve none: their routes are longer still
on any matrix where going via a stop takes no shortcut).

The empty route is judged as OR-Tools' model has it: it starts in the start window,
each break starts inside its window, after the route starts, and ends by the time the
route ends, one break at a time; breaks may interrupt the drive, which takes its
time outside them; the route ends by the end limit and lasts at most the type's
maximum duration.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from logistics.domain.fleet import Break
from solvers.routing.plan import PlanContext

__all__ = ["MAX_ORDERED_BREAKS", "empty_route_fits", "stranded_vehicles"]

MAX_ORDERED_BREAKS = 6
"""Up to this many breaks every order is tried (a driver's day has one to three);
beyond, only the drive and each break alone are checked (a vehicle is never flagged
for want of trying an order)."""


def stranded_vehicles(ctx: PlanContext) -> frozenset[int]:
    """Positions of the vehicles without dispatched stops whose empty route breaks a
    rule (see :func:`empty_route_fits`), or whose drive home is longer than the type's
    maximum distance (m). Vehicles with dispatched stops are
    :func:`~solvers.routing.dispatched.check_dispatched`'s to judge."""
    problem = ctx.problem
    out = set()
    for v, veh in enumerate(problem.vehicles):
        if veh.dispatched:
            continue
        lo, hi = ctx.start_window(v)
        drive = meters = 0
        if veh.end_depot is not None:
            a, b = ctx.depot_index[veh.start_depot], ctx.depot_index[veh.end_depot]
            drive, meters = int(ctx.travel(v)[a, b]), int(ctx.distance[a, b])
        vt = veh.type
        # the model's ranges: the route starts in [lo, max(lo, hi)], ends in
        # [lo, max(lo, end limit)]
        fits = empty_route_fits(
            (lo, max(lo, hi)), max(lo, ctx.end_limit(v)), drive, veh.breaks, vt.max_duration_s
        )
        if not fits or (
            vt.max_distance_m is not None and meters > vt.max_distance_m * problem.distance_scale
        ):
            out.add(v)
    return frozenset(out)


def empty_route_fits(
    start: tuple[int, int],
    end_limit: int,
    drive: int,
    breaks: Sequence[Break],
    max_duration: int | None,
) -> bool:
    """Whether a route that only drives ``drive`` s can be timed.

    Parameters
    ----------
    start
        Earliest and latest start (s).
    end_limit
        Latest end (s).
    drive
        Driving time from start to end (s).
    breaks
        Breaks to take inside the route (each starts inside its window), one at a
        time; the drive takes ``drive`` s outside them.
    max_duration
        Longest route, end minus start (s), breaks included; ``None``: no limit.

    Returns
    -------
    bool
        True when some start, break times and end meet every rule. Exact up to
        :data:`MAX_ORDERED_BREAKS` breaks (every order is tried); with more, true
        unless the drive or one break alone breaks a rule.
    """
    if len(breaks) > MAX_ORDERED_BREAKS:
        return all(_fits(start, end_limit, drive, (b,), max_duration) for b in breaks) and (
            _fits(start, end_limit, drive, (), max_duration)
        )
    return any(
        _fits(start, end_limit, drive, order, max_duration)
        for order in itertools.permutations(breaks)
    )


def _fits(
    start: tuple[int, int],
    end_limit: int,
    drive: int,
    order: Sequence[Break],
    max_duration: int | None,
) -> bool:
    """:func:`empty_route_fits` with the breaks taken in ``order``.

    Each break is taken as early as it can after the start, and the route ends at
    the latest of the last break's end and the start plus the drive and all breaks.
    Leaving later only makes the break deadlines and the end limit harder and the
    duration shorter, so the latest start that keeps the first two is tried.
    """
    total = drive + sum(b.duration_s for b in order)
    latest = min(start[1], end_limit - total)
    before = 0  # break time before the break at hand, taken back to back from the start
    for b in order:
        latest = min(latest, b.window.end - before)
        before += b.duration_s
    if latest < start[0]:
        return False
    t = latest
    for b in order:
        t = max(t, b.window.start)
        if t > b.window.end:
            return False
        t += b.duration_s
    end = max(t, latest + total)
    return end <= end_limit and (max_duration is None or end - latest <= max_duration)
