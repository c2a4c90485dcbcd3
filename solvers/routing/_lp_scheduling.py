"""When OR-Tools schedules routes with its LP, and when the finalizer does instead.

OR-Tools sets the time dimension's cumuls (service starts) of each route it accepts with
an LP over that dimension's own costs, unless
``disable_scheduling_beware_this_may_degrade_performance`` is set; then the model's
finalizer does (:class:`solvers.routing.ortools_backend._Model`: finish as early as
possible, then leave as late as that allows). The LP is switched off:

- ``"longest_route"``: when ``span_cost_per_s`` charges the longest route
  (:mod:`solvers.routing._longest_route`): the LP scheduled the time dimension blind to
  that cost.
- ``"window_gaps"``: when a stop has several time windows with a gap between them. The
  LP does not see the gap: it let a van leave so late that it missed a stop's first
  window, and the schedule OR-Tools kept waited for the second one. On the Rio example
  day the same routes were priced 118,968 (a van waited 5.7 h for 16:00) or 104,951
  (it served at 10:00), depending on the search's path, so a warm start from the
  cheaper pricing came back dearer.
- ``"breaks"``: when a vehicle has a break and no stop has a soft window: the LP (a MIP
  with breaks) is slow and the search found less in the same time.

Window gaps only while at most :data:`SOFT_SHARE_MAX` of the stops have soft windows:
the LP prices lateness and the finalizer does not, so with every window soft the
search without it stalled (Solomon R101, all windows soft: 3 solutions in 2 s, cost
93,002 against 44,378). Measured one after the other on Solomon R105/RC105/C105 with
duty costs at 2 s, cost with the LP off / on: split windows 0.98-1.00 with up to 20% of
the windows soft, 0.99-1.42 with half or all; a break per van 0.88-1.00 without soft
windows. Breaks beside soft windows are where OR-Tools' finalizer, with the LP off, can
fail to schedule any first solution: C105 with a break per van and 5% of the windows
soft served nothing in 5 s (10 other Solomon instances did not fail and were up to 14%
cheaper), so breaks alone do not switch the LP off when any window is soft. Whenever
the LP is off, :func:`solvers.routing.ortools_backend.solve_ortools` gives the first
solution half the time limit and searches again with the LP on if none came. Side by
side with the old rule (the LP off only for the longest route):
``benchmarks/results/routing_lp_scheduling_*``.
"""

from __future__ import annotations

from logistics.domain.routing import RoutingProblem

__all__ = ["SOFT_SHARE_MAX", "lp_off_reason"]

SOFT_SHARE_MAX = 0.25
"""The largest share of stops with soft windows for which window gaps switch the LP off."""


def _has_window_gap(problem: RoutingProblem) -> bool:
    for stop in problem.stops:
        ws = sorted(stop.time_windows, key=lambda w: w.start)
        if any(b.start > a.end + 1 for a, b in zip(ws, ws[1:], strict=False)):
            return True
    return False


def lp_off_reason(problem: RoutingProblem) -> str | None:
    """Why OR-Tools' LP scheduling is off for ``problem`` (``None``: it is on)."""
    if problem.objective.span_cost_per_s:
        return "longest_route"
    soft = sum(1 for s in problem.stops if s.soft_windows and s.time_windows)
    if soft <= SOFT_SHARE_MAX * len(problem.stops) and _has_window_gap(problem):
        return "window_gaps"
    if soft == 0 and any(v.breaks for v in problem.vehicles):
        return "breaks"
    return None
