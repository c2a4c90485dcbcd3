"""Picker routing in manual picker-to-parts warehouses.

>>> from logistics.domain.layout import WarehouseLayout
>>> from solvers.picking import route
>>> layout = WarehouseLayout.single_block(aisles=10, slots_per_side=45)
>>> r = route(layout, ["A01-L000-0", "A07-R030-0"], method="exact")
>>> r.length_m, r.visits  # doctest: +SKIP

Methods
-------
``"exact"``
    Optimal. Aisle dynamic program (Ratliff & Rosenthal; Roodbergen & de Koster
    two-block extension; also three blocks); for more blocks Held-Karp on up to
    ``RouteParams.exact_max_points`` points (else an InvalidValueError), which a
    ``should_stop()`` ends with the first ``tsp`` tour.
``"tsp"``
    OR-Tools TSP on the shortest-path matrix under ``RouteParams.time_limit_s``
    (``RouteParams.tsp_search``: guided local search, a descent or the first tour). The
    one search that runs for its time limit (1 s by default; the others take
    milliseconds on the bundled order batching instances): it reports each shorter tour
    to ``on_progress`` and ends with its best tour once ``should_stop()`` is true.
``"auto"``
    ``exact`` where it is fast (DP layouts or few points), else ``tsp``.
``"s_shape"``, ``"return"``, ``"midpoint"``, ``"largest_gap"``, ``"combined"``
    Classic heuristics (single-block layouts).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import networkx as nx
import numpy as np

from logistics.domain.layout import PickPoint, WarehouseLayout
from logistics.errors import InvalidValueError, one_of
from solvers.picking._points import pick_list, pick_points
from solvers.picking.exact import MAX_DP_BLOCKS, exact_length_mm, exact_tour
from solvers.picking.heuristics import HEURISTICS, heuristic_tour
from solvers.picking.result import PickRoute, RouteCheck, RouteParams, validate
from solvers.picking.tsp import distance_matrix_mm, held_karp, ortools_tsp, tour_length
from solvers.progress import Progress, ProgressCallback, StopCheck

__all__ = [
    "METHODS",
    "PickRoute",
    "RouteCheck",
    "RouteParams",
    "route",
    "route_length_mm",
    "validate",
]

METHODS = ("exact", "tsp", "auto", *HEURISTICS)


def _check_method(method: str) -> None:
    if method not in METHODS:
        raise InvalidValueError("method", method, one_of(METHODS))


def _resolve(layout: WarehouseLayout, n_points: int, method: str, params: RouteParams) -> str:
    if method == "auto":
        if layout.n_blocks <= MAX_DP_BLOCKS or n_points <= params.exact_max_points:
            return "exact"
        return "tsp"
    return method


def _tsp_reports(
    on_progress: ProgressCallback | None, started: float
) -> Callable[[int], None] | None:
    """``on_tour`` for :func:`~solvers.picking.tsp.ortools_tsp`: each shorter tour as a
    :class:`~solvers.progress.Progress` (mm, phase ``"tsp"``), timed from ``started``
    (a ``time.perf_counter()`` reading)."""
    if on_progress is None:
        return None
    report = on_progress

    def on_tour(length_mm: int) -> None:
        report(Progress(time.perf_counter() - started, float(length_mm), None, "tsp"))

    return on_tour


def _tsp_tour(
    matrix: np.ndarray,
    params: RouteParams,
    on_progress: ProgressCallback | None,
    started: float,
    should_stop: StopCheck | None,
) -> list[int]:
    """OR-Tools' tour over ``matrix`` (node 0 the depot) within ``params``' time limit,
    reporting each shorter tour on the clock that began at ``started``."""
    return ortools_tsp(
        matrix,
        params.time_limit_s,
        params.tsp_search,
        on_tour=_tsp_reports(on_progress, started),
        should_stop=should_stop,
    )


def route_length_mm(
    layout: WarehouseLayout,
    picks: Iterable[str],
    method: str = "exact",
    params: RouteParams | None = None,
    on_progress: ProgressCallback | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> int:
    """Walking distance (mm) of the route of ``method`` through ``picks``, without the walk.

    The fast path used inside batching searches: for ``exact`` on up to three
    blocks it runs only the DP's forward pass; ``tsp`` skips building the walk.
    ``on_progress`` and ``should_stop`` as in :func:`route`.
    """
    _check_method(method)
    started = time.perf_counter()
    params = params or RouteParams()
    picks = pick_list(picks)
    points = list(pick_points(layout, picks))
    m = _resolve(layout, len(points), method, params)
    if m == "exact" and layout.n_blocks <= MAX_DP_BLOCKS:
        length = exact_length_mm(layout, points)
        if on_progress is not None:
            elapsed = time.perf_counter() - started
            on_progress(Progress(elapsed, float(length), float(length), m))
        return length
    if m == "tsp":
        matrix = distance_matrix_mm(layout, points)
        return tour_length(matrix, _tsp_tour(matrix, params, on_progress, started, should_stop))
    return route(layout, picks, m, params, on_progress, should_stop=should_stop).length_mm


def route(
    layout: WarehouseLayout,
    picks: Iterable[str],
    method: str = "exact",
    params: RouteParams | None = None,
    on_progress: ProgressCallback | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> PickRoute:
    """Route a picker from the depot through every slot in ``picks`` and back.

    Parameters
    ----------
    layout
        The warehouse.
    picks
        Slot ids to visit (duplicates are visited once).
    method
        One of :data:`METHODS` (see the module docstring).
    params
        :class:`RouteParams` (time limit of ``tsp``, Held-Karp size).
    on_progress
        Called with a :class:`~solvers.progress.Progress` whose ``best`` is the route's
        length so far in mm: by ``tsp`` on each shorter tour (phase ``"tsp"``, no bound),
        by the other methods, which take milliseconds (Held-Karp: about 0.04 s on 12
        points, the median of 20 calls on one 2-core machine), once with their route
        (phase the method, ``bound`` the length when it is optimal).
    should_stop
        Polled by ``tsp`` at each tour its search accepts; once true the search ends
        with the best tour so far, as at its time limit. Held-Karp (``exact`` past three
        blocks) polls it every :data:`~solvers.picking.tsp.HELD_KARP_POLL_MASKS` subsets;
        once true it ends with OR-Tools' first tour instead (``method`` ``"tsp"``, not
        optimal). The other methods take milliseconds and do not poll it. What it raises
        propagates.

    Returns
    -------
    PickRoute
        Length (mm and m), slot ids in visiting order, the walk as waypoints,
        walking and picking time.

    Raises
    ------
    InvalidValueError
        Unknown slot id (named with its index), unknown method, a heuristic on
        a multi-block layout, or ``exact`` on a layout/pick list it cannot solve.
    """
    _check_method(method)
    started = time.perf_counter()
    params = params or RouteParams()
    picks = pick_list(picks)
    by_point = pick_points(layout, picks)
    points = list(by_point)
    m = _resolve(layout, len(points), method, params)
    optimal = False
    if m == "exact":
        if layout.n_blocks <= MAX_DP_BLOCKS:
            length, waypoints, order = exact_tour(layout, points)
            optimal = True
        else:
            if len(points) > params.exact_max_points:
                raise InvalidValueError(
                    "picks",
                    len(points),
                    f"exact routing with {layout.n_blocks} blocks is limited to "
                    f"{params.exact_max_points} pick points; use method='tsp' or 'auto'",
                )
            matrix = distance_matrix_mm(layout, points)
            tour = held_karp(matrix, should_stop)
            if tour is None:  # stopped: the first tour, as tsp keeps its best so far
                m = "tsp"
                first = RouteParams(tsp_search="first")
                idx = _tsp_tour(matrix, first, on_progress, started, None)
                length = tour_length(matrix, idx)
            else:
                length, idx = tour
                optimal = True
            order = [points[i - 1] for i in idx]
            waypoints = _walk_through(layout, order)
    elif m == "tsp":
        matrix = distance_matrix_mm(layout, points)
        idx = _tsp_tour(matrix, params, on_progress, started, should_stop)
        length = tour_length(matrix, idx)
        order = [points[i - 1] for i in idx]
        waypoints = _walk_through(layout, order)
    else:
        length, waypoints, order = heuristic_tour(layout, points, m)
    if on_progress is not None and m != "tsp":  # tsp reported each shorter tour
        bound = float(length) if optimal else None
        on_progress(Progress(time.perf_counter() - started, float(length), bound, m))
    visits = tuple(sid for p in order for sid in by_point[p])
    n_slots = len(visits)
    return PickRoute(
        length_mm=length,
        visits=visits,
        waypoints_mm=tuple(waypoints),
        method=m,
        optimal=optimal,
        walk_s=length / 1000.0 / layout.walking_speed_mps,
        pick_s=n_slots * layout.pick_time_s,
    )


def _walk_through(layout: WarehouseLayout, order: list[PickPoint]) -> list[tuple[int, int]]:
    """Waypoints of shortest paths depot -> order -> depot on the layout graph."""
    if not order:
        return [layout.depot_xy_mm, layout.depot_xy_mm]
    g = layout.graph(order)
    pos = _node_xy(layout, g)
    nodes = ["depot", *(WarehouseLayout.graph_node(p) for p in order), "depot"]
    out: list[tuple[int, int]] = []
    for a, b in zip(nodes, nodes[1:], strict=False):
        path = nx.dijkstra_path(g, a, b, weight="weight")
        for n in path:
            xy = pos[n]
            if not out or out[-1] != xy:
                out.append(xy)
    if len(out) == 1:
        out.append(out[0])
    return out


def _node_xy(layout: WarehouseLayout, g: nx.Graph) -> dict:
    cy = layout.cross_aisle_y_mm
    out = {}
    for n in g.nodes:
        if n == "depot":
            out[n] = layout.depot_xy_mm
        elif n[0] == "x":
            out[n] = (layout.aisle_x_mm[n[1]], cy[n[2]])
        elif n[0] == "d":
            out[n] = (layout.depot_x_mm, cy[n[1]])
        else:
            out[n] = (layout.aisle_x_mm[n[1]], cy[n[2]] + n[3])
    return out
