"""When OR-Tools schedules routes with its LP, and when the finalizer does instead.

OR-Tools sets the time dimension's cumuls (service starts) of each route it accepts with
an LP over that dimension's own costs, unless
``disable_scheduling_beware_this_may_degrade_performance`` is set; then the model's
finalizer does (:class:`solvers.routing.ortools_backend._Model`: finish as early as
possible, then leave as late as that allows). The LP is switched off:

- ``"longest_route"``: when ``span_cost_per_s`` charges the longest route
  (:mod:`solvers.routing._longest_route`): the LP scheduled the time dimension blind to
  that cost.
- ``"breaks"``: when a vehicle has a break and at most :data:`SOFT_SHARE_MAX` of the
  stops have soft windows. With breaks the LP is a MIP: slow, and the search found less
  in the same time. On the Rio example day (lunch breaks, one soft window of 26) it also
  priced the same routes 118,968 (its first solution: a van left so late that it missed
  a stop's 08:00-10:00 window and waited 5.7 h for the 16:00 one; the LP does not see
  the gap between two windows) or 104,951 (later in the search), so a warm start from
  the cheaper pricing came back dearer.

It stays on where it prices lateness, which the finalizer does not: with every window soft
the search without it stalled (Solomon R101: 3 solutions in 2 s, cost 93,002 against
44,378). Measured one after the other (one-off runs, not committed) on Solomon
R105/RC105/C105 with duty costs at 2 s, cost with the LP off / on: a break per van
0.88-1.00 with no soft windows, 0.92-1.00 with 5% or 20% of them soft (and 0.86-1.00 on 10
more Solomon instances with 5% soft), 0.90-1.19 with half or all soft. Gaps between
windows alone do not switch it off: split windows cost the same either way (0.98-1.00 up
to 20% soft), and without the LP OR-Tools took longer to take up a warm start on a loaded
machine.

Without the LP OR-Tools can fail to schedule any first solution (C105 with a break per
van and 5% of the windows soft served nothing in 5 s; 10 other Solomon instances did
not fail), so :func:`solvers.routing.ortools_backend.solve_ortools` gives the first
solution half the time limit and searches again with the LP on if none came. Side by
side with the old rule (the LP off only for the longest route):
``benchmarks/results/routing_lp_scheduling_*``.
"""

from __future__ import annotations

from logistics.domain.routing import RoutingProblem

__all__ = ["SOFT_SHARE_MAX", "lp_off_reason"]

SOFT_SHARE_MAX = 0.25
"""The largest share of stops with soft windows for which breaks switch the LP off."""


def lp_off_reason(problem: RoutingProblem) -> str | None:
    """Why OR-Tools' LP scheduling is off for ``problem`` (``None``: it is on)."""
    if problem.objective.span_cost_per_s:
        return "longest_route"
    soft = sum(1 for s in problem.stops if s.soft_windows and s.time_windows)
    if soft <= SOFT_SHARE_MAX * len(problem.stops) and any(v.breaks for v in problem.vehicles):
        return "breaks"
    return None
