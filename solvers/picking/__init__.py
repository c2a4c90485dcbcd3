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
    ``RouteParams.exact_max_points`` points (else an InvalidValueError).
``"tsp"``
    OR-Tools TSP on the shortest-path matrix under ``RouteParams.time_limit_s``
    (``RouteParams.tsp_search``: guided local search, a descent or the first tour).
``"auto"``
    ``exact`` where it is fast (DP layouts or few points), else ``tsp``.
``"s_shape"``, ``"return"``, ``"midpoint"``, ``"largest_gap"``, ``"combined"``
    Classic heuristics (single-block layouts).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from logistics.domain.layout import PickPoint, WarehouseLayout
from logistics.errors import InvalidValueError, one_of
from solvers.picking._points import pick_list, pick_points
from solvers.picking.exact import MAX_DP_BLOCKS, exact_length_mm, exact_tour
from solvers.picking.heuristics import HEURISTICS, heuristic_tour
from solvers.picking.result import PickRoute, RouteCheck, RouteParams, validate
from solvers.picking.tsp import distance_matrix_mm, held_karp, ortools_tsp, tour_length

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


def route_length_mm(
    layout: WarehouseLayout,
    picks: Iterable[str],
    method: str = "exact",
    params: RouteParams | None = None,
) -> int:
    """Walking distance (mm) of the route of ``method`` through ``picks``, without the walk.

    The fast path used inside batching searches: for ``exact`` on up to three
    blocks it runs only the DP's forward pass; ``tsp`` skips building the walk.
    """
    _check_method(method)
    params = params or RouteParams()
    picks = pick_list(picks)
    points = list(pick_points(layout, picks))
    m = _resolve(layout, len(points), method, params)
    if m == "exact" and layout.n_blocks <= MAX_DP_BLOCKS:
        return exact_length_mm(layout, points)
    if m == "tsp":
        matrix = distance_matrix_mm(layout, points)
        return tour_length(matrix, ortools_tsp(matrix, params.time_limit_s, params.tsp_search))
    return route(layout, picks, m, params).length_mm


def route(
    layout: WarehouseLayout,
    picks: Iterable[str],
    method: str = "exact",
    params: RouteParams | None = None,
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
    params = params or RouteParams()
    picks = pick_list(picks)
    by_point = pick_points(layout, picks)
    points = list(by_point)
    m = _resolve(layout, len(points), method, params)
    optimal = False
    if m == "exact":
        if layout.n_blocks <= MAX_DP_BLOCKS:
            length, waypoints, order = exact_tour(layout, points)
        else:
            if len(points) > params.exact_max_points:
                raise InvalidValueError(
                    "picks",
                    len(points),
                    f"exact routing with {layout.n_blocks} blocks is limited to "
                    f"{params.exact_max_points} pick points; use method='tsp' or 'auto'",
                )
            matrix = distance_matrix_mm(layout, points)
            length, idx = held_karp(matrix)
            order = [points[i - 1] for i in idx]
            waypoints = _walk_through(layout, order)
        optimal = True
    elif m == "tsp":
        matrix = distance_matrix_mm(layout, points)
        idx = ortools_tsp(matrix, params.time_limit_s, params.tsp_search)
        length = tour_length(matrix, idx)
        order = [points[i - 1] for i in idx]
        waypoints = _walk_through(layout, order)
    else:
        length, waypoints, order = heuristic_tour(layout, points, m)
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
