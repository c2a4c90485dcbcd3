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
  LP's relaxation does not see the gap: it let a van leave so late that it missed a
  stop's first window, and the schedule OR-Tools then kept waited for the second one.
  On the Rio example day the same routes were priced 118,968 (the van waited 5.7 h for
  16:00) and 104,951 (it served at 10:00), depending on the search's path, so a warm
  start from the cheaper pricing came back dearer; with the LP off the first solution
  is 104,950 and 2 s of search reach what 3 s did
  (``benchmarks/results/routing_window_gaps_*``).
"""

from __future__ import annotations

from typing import Any

from logistics.domain.routing import RoutingProblem

__all__ = ["lp_off_reason", "search_parameters"]


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
    if _has_window_gap(problem):
        return "window_gaps"
    return None


def search_parameters(search: Any, problem: RoutingProblem) -> Any:
    """``search`` with OR-Tools' LP scheduling off when :func:`lp_off_reason` says so."""
    if lp_off_reason(problem) is not None:
        search.disable_scheduling_beware_this_may_degrade_performance = True
    return search
