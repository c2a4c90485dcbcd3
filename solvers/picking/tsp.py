"""Tours on the layout's shortest-path matrix: Held-Karp (exact, small) and OR-Tools (large).

Used for layouts the aisle DP does not cover (more than three blocks) and as an
independent method. The OR-Tools model registers the whole integer distance
matrix with ``RegisterTransitMatrix`` (no per-arc Python callback) and runs
guided local search under a wall-clock limit. OR-Tools is kept behind this one
small adapter because its Python API moves between releases.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from logistics.domain.layout import PickPoint, WarehouseLayout
from solvers.progress import StopCheck

__all__ = [
    "HELD_KARP_POLL_MASKS",
    "distance_matrix_mm",
    "held_karp",
    "ortools_tsp",
    "tour_length",
]


def distance_matrix_mm(layout: WarehouseLayout, points: list[PickPoint]) -> list[list[int]]:
    """Shortest walking distances (mm) between the depot (index 0) and ``points``."""
    nodes: list[PickPoint | None] = [None, *points]
    return [[layout.distance_mm(p, q) for q in nodes] for p in nodes]


def tour_length(matrix: list[list[int]], order: list[int]) -> int:
    """Length of the closed tour depot -> ``order`` -> depot (indices into ``matrix``)."""
    seq = [0, *order, 0]
    return sum(matrix[a][b] for a, b in zip(seq, seq[1:], strict=False))


HELD_KARP_POLL_MASKS = 256
"""Subsets of points Held-Karp extends between two ``should_stop`` polls (at 12 points, 16
polls in about 0.1 s; at 16 points, 256 polls, one about every 10 ms on a 2-core machine)."""


def held_karp(
    matrix: list[list[int]], should_stop: StopCheck | None = None
) -> tuple[int, list[int]] | None:
    """Optimal closed tour from node 0 by Held-Karp DP: ``(length, order of 1..n-1)``.

    ``should_stop`` is polled before the DP and every :data:`HELD_KARP_POLL_MASKS` subsets;
    once true the DP ends with ``None`` (no tour: a partial table has none). What it raises
    propagates.
    """
    n = len(matrix)
    if n <= 1:
        return 0, []
    m = n - 1
    full = (1 << m) - 1
    if should_stop is not None and should_stop():
        return None
    inf = 1 << 62
    dp = [[inf] * m for _ in range(1 << m)]
    parent = [[-1] * m for _ in range(1 << m)]
    for k in range(m):
        dp[1 << k][k] = matrix[0][k + 1]
    poll = HELD_KARP_POLL_MASKS - 1
    for mask in range(1, full + 1):
        if not mask & poll and should_stop is not None and should_stop():
            return None
        row = dp[mask]
        for k in range(m):
            ck = row[k]
            if ck >= inf or not (mask >> k) & 1:
                continue
            mk = matrix[k + 1]
            for nxt in range(m):
                if (mask >> nxt) & 1:
                    continue
                nm = mask | (1 << nxt)
                c = ck + mk[nxt + 1]
                if c < dp[nm][nxt]:
                    dp[nm][nxt] = c
                    parent[nm][nxt] = k
    best, last = min((dp[full][k] + matrix[k + 1][0], k) for k in range(m))
    order = []
    mask = full
    while last != -1:
        order.append(last + 1)
        prev = parent[mask][last]
        mask &= ~(1 << last)
        last = prev
    order.reverse()
    return best, order


def ortools_tsp(
    matrix: list[list[int]],
    time_limit_s: float,
    search: str = "guided",
    *,
    on_tour: Callable[[int], None] | None = None,
    should_stop: StopCheck | None = None,
) -> list[int]:
    """A good closed tour from node 0 with OR-Tools routing.

    The path-cheapest-arc tour, then (``search``) guided local search for ``time_limit_s``
    (``"guided"``), local search to the first local optimum within ``time_limit_s``
    (``"descent"``), or nothing more (``"first"``: ``time_limit_s`` is not used).
    ``on_tour(length)`` is called with each shorter tour found (mm); ``should_stop`` is
    polled at each tour the search accepts (OR-Tools' routing solver holds the GIL, so no
    thread can poll it) and, once true, ends the search with the best tour so far. What
    either raises ends the search and propagates.
    """
    n = len(matrix)
    if n <= 2:
        order = list(range(1, n))
        if on_tour is not None:
            on_tour(tour_length(matrix, order))
        return order
    manager = pywrapcp.RoutingIndexManager(n, 1, 0)
    routing = pywrapcp.RoutingModel(manager)
    transit = routing.RegisterTransitMatrix(matrix)
    routing.SetArcCostEvaluatorOfAllVehicles(transit)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    if search == "first":
        params.solution_limit = 1
    else:
        params.local_search_metaheuristic = (
            routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
            if search == "guided"
            else routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
        )
        params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    best: list[int] = []
    failed: list[BaseException] = []  # the engine swallows what a callback raises

    def at_solution() -> None:
        if failed:
            return
        try:
            length = int(routing.CostVar().Value())
            if on_tour is not None and (not best or length < best[0]):
                best[:] = [length]
                on_tour(length)
            if should_stop is not None and should_stop():
                routing.CancelSearch()
        except BaseException as exc:
            failed.append(exc)
            routing.CancelSearch()

    if on_tour is not None or should_stop is not None:
        routing.AddAtSolutionCallback(at_solution)
    solution = routing.SolveWithParameters(params)
    if failed:
        raise failed[0]
    if solution is None:  # pragma: no cover - a TSP always has a tour
        return list(range(1, n))
    order = []
    idx = routing.Start(0)
    idx = solution.Value(routing.NextVar(idx))
    while not routing.IsEnd(idx):
        order.append(manager.IndexToNode(idx))
        idx = solution.Value(routing.NextVar(idx))
    return order
