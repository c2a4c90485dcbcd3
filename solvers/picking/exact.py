"""Exact picker routing by dynamic programming over the aisles.

This is the Ratliff & Rosenthal (1983) algorithm, written over a general
frontier so the same code is the Roodbergen & de Koster (2001) two-block
extension and works for three blocks too. Aisles (and the depot, as a virtual
column) are processed left to right. A *partial tour subgraph* is summarised by
its frontier: for each cross-aisle vertex of the current column, whether it is
in the tour, the parity of its degree and which connected component it belongs
to; plus a flag telling whether a component was already closed off (allowed
only once, when everything else is done). Each aisle segment (one per block)
takes one of the classical configurations (none, one pass, two passes, from the
bottom, from the top, from both ends leaving the largest gap), each cross-aisle
edge to the next column is walked 0, 1 or 2 times. Frontier transitions do not
depend on distances, so they are cached; a route costs a few thousand dict
look-ups.

All lengths are integer millimetres.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import networkx as nx

from logistics.domain.layout import PickPoint, WarehouseLayout

__all__ = ["exact_length_mm", "exact_tour", "MAX_DP_BLOCKS"]

MAX_DP_BLOCKS = 3
"""Largest number of blocks the DP handles (the frontier grows quickly beyond)."""

NONE, FULL1, FULL2, BOTTOM, TOP, BOTH = range(6)


@dataclass(frozen=True)
class _Column:
    x: int
    required: tuple[int, ...]
    positions: tuple[tuple[int, ...], ...]  # per block, sorted distinct positions (mm)
    walkable: bool


def _segment_options(
    positions: tuple[int, ...], length: int, walkable: bool
) -> list[tuple[int, int, int | None]]:
    if not walkable:
        return [(NONE, 0, None)]
    if not positions:
        return [(NONE, 0, None), (FULL1, length, None), (FULL2, 2 * length, None)]
    lo, hi = positions[0], positions[-1]
    opts: list[tuple[int, int, int | None]] = [
        (FULL1, length, None),
        (FULL2, 2 * length, None),
        (BOTTOM, 2 * hi, None),
        (TOP, 2 * (length - lo), None),
    ]
    if len(positions) >= 2:
        gi = max(range(len(positions) - 1), key=lambda i: positions[i + 1] - positions[i])
        gap = positions[gi + 1] - positions[gi]
        opts.append((BOTH, 2 * (length - gap), gi))
    return opts


def _columns(layout: WarehouseLayout, points: list[PickPoint]) -> tuple[list[_Column], int]:
    nb = layout.n_blocks
    by_aisle: dict[int, list[set[int]]] = {}
    for p in points:
        by_aisle.setdefault(p.aisle, [set() for _ in range(nb)])[p.block].add(p.position_mm)
    xd, cd = layout.depot_x_mm, layout.depot_cross_aisle
    xs = [layout.aisle_x_mm[a] for a in by_aisle] + [xd]
    lo, hi = min(xs), max(xs)
    cols: list[_Column] = []
    for a, x in enumerate(layout.aisle_x_mm):
        if lo <= x <= hi:
            pos = tuple(tuple(sorted(s)) for s in by_aisle.get(a, [set()] * nb))
            cols.append(_Column(x, (cd,) if x == xd else (), pos, True))
    if xd not in layout.aisle_x_mm:
        cols.append(_Column(xd, (cd,), tuple(() for _ in range(nb)), False))
        cols.sort(key=lambda c: c.x)
    depot_col = next(j for j, c in enumerate(cols) if c.required)
    return cols, depot_col


def _canon(entries: list[int], closed: bool) -> tuple[int, ...]:
    mapping: dict[int, int] = {}
    out: list[int] = []
    for e in entries:
        if e == 0:
            out.append(0)
        else:
            lab = mapping.setdefault(e >> 1, len(mapping) + 1)
            out.append(lab * 2 + (e & 1))
    out.append(int(closed))
    return tuple(out)


@cache
def _vertical(state: tuple[int, ...], b: int, eff: int) -> tuple[int, ...] | None:
    """Segment ``b`` of the current column takes configuration ``eff``."""
    if eff == NONE:
        return state
    if state[-1]:
        return None  # the tour is already closed
    entries = list(state[:-1])
    fresh = max((e >> 1 for e in entries), default=0) + 1
    ends = (b, b + 1) if eff in (FULL1, FULL2, BOTH) else (b,) if eff == BOTTOM else (b + 1,)
    for i in ends:
        if entries[i] == 0:
            entries[i] = fresh * 2
            fresh += 1
    if eff in (FULL1, FULL2):
        keep, drop = entries[b] >> 1, entries[b + 1] >> 1
        if keep != drop:
            entries = [((keep << 1) | (e & 1)) if e and (e >> 1) == drop else e for e in entries]
        if eff == FULL1:
            entries[b] ^= 1
            entries[b + 1] ^= 1
    return _canon(entries, False)


@cache
def _require(state: tuple[int, ...], c: int) -> tuple[int, ...] | None:
    """Vertex ``c`` of the current column must be on the tour (the depot)."""
    if state[c]:
        return state
    if state[-1]:
        return None
    entries = list(state[:-1])
    entries[c] = (max((e >> 1 for e in entries), default=0) + 1) * 2
    return _canon(entries, False)


@cache
def _horizontal(state: tuple[int, ...], c: int, h: int) -> tuple[int, ...] | None:
    """Cross-aisle ``c`` edge to the next column walked ``h`` times; vertex ``c`` moves on.

    Applied for ``c = 0..blocks`` in turn, so entries ``< c`` already belong to
    the next column. A label that disappears from every entry is a closed
    component, allowed once and only when no other component remains.
    """
    entries = list(state[:-1])
    closed = bool(state[-1])
    e = entries[c]
    if e == 0:
        # an edge from a vertex off the tour would be a dead-end spur: never shorter
        return state if h == 0 else None
    if (e ^ h) & 1:
        return None  # the vertex left behind would have odd degree
    entries[c] = 0 if h == 0 else (e & ~1) | (h & 1)
    if h == 0 and not any(x and (x >> 1) == (e >> 1) for x in entries):
        if closed or any(entries):
            return None
        closed = True
    return _canon(entries, closed)


@cache
def _final_ok(state: tuple[int, ...]) -> bool:
    entries = state[:-1]
    if any(e & 1 for e in entries):
        return False
    labels = {e >> 1 for e in entries if e}
    return not labels if state[-1] else len(labels) == 1


_H_OPTS = (0, 1, 2)


def _steps(cols: list[_Column], layout: WarehouseLayout) -> list[tuple]:
    """The DP stages: per column, cross-aisle edges from the previous one, then segments.

    Each stage is ``(kind, column, index, options, move table, option costs)``.
    """
    steps: list[tuple] = []
    nb = layout.n_blocks
    lengths = [layout.block_length_mm(b) for b in range(nb)]
    for j, col in enumerate(cols):
        if j:
            dx = col.x - cols[j - 1].x
            costs = (0, dx, 2 * dx)
            for c in range(nb + 1):
                steps.append(("h", j, c, _H_OPTIONS, _table("h", c, _H_OPTS), costs))
        for b in range(nb):
            options = _segment_options(col.positions[b], lengths[b], col.walkable)
            table = _table("v", b, tuple(o[0] for o in options))
            steps.append(("v", j, b, options, table, tuple(o[1] for o in options)))
        for c in col.required:
            steps.append(("r", j, c, _R_OPTIONS, _table("r", c, (None,)), (0,)))
    return steps


_H_OPTIONS = [(h, 0, None) for h in _H_OPTS]
_R_OPTIONS = [(None, 0, None)]


_TABLES: dict[tuple, dict] = {}


def _table(kind: str, idx: int, opts: tuple) -> dict:
    """Memo of frontier moves for one kind of stage: state -> [(next state, option index)]."""
    key = (kind, idx, opts)
    table = _TABLES.get(key)
    if table is None:
        table = _TABLES[key] = {}
    return table


def _moves(kind: str, idx: int, options: list, s: tuple[int, ...]) -> tuple:
    out = []
    for k, (opt, _cost, _detail) in enumerate(options):
        if kind == "r":
            t = _require(s, idx)
        elif kind == "v":
            t = _vertical(s, idx, opt)
        else:
            t = _horizontal(s, idx, opt)
        if t is not None:
            out.append((t, k))
    return tuple(out)


def _run(layout: WarehouseLayout, points: list[PickPoint], keep: bool):
    cols, depot_col = _columns(layout, points)
    nv = layout.n_blocks + 1
    steps = _steps(cols, layout)
    states: dict[tuple[int, ...], int] = {(0,) * nv + (0,): 0}
    back: list[dict] = []
    big = 1 << 62
    for kind, _j, idx, options, table, costs in steps:
        nxt: dict[tuple[int, ...], int] = {}
        bp: dict = {}
        for s, cost in states.items():
            moves = table.get(s)
            if moves is None:
                moves = table[s] = _moves(kind, idx, options, s)
            for t, k in moves:
                nc = cost + costs[k]
                if nc < nxt.get(t, big):
                    nxt[t] = nc
                    if keep:
                        bp[t] = (s, options[k][0], options[k][2])
        states = nxt
        back.append(bp)
    best_state, best = None, None
    for s, cost in states.items():
        if _final_ok(s) and (best is None or cost < best):
            best_state, best = s, cost
    if best is None:  # pragma: no cover - the DP always has a feasible tour
        raise RuntimeError("exact DP found no tour")
    return cols, depot_col, steps, best, best_state, back


def exact_length_mm(layout: WarehouseLayout, points: list[PickPoint]) -> int:
    """Length of an optimal tour through ``points`` from the depot and back (mm)."""
    if not points:
        return 0
    best = _run(layout, points, keep=False)[3]
    return best + 2 * layout.depot_offset_mm


def exact_tour(
    layout: WarehouseLayout, points: list[PickPoint]
) -> tuple[int, list[tuple[int, int]], list[PickPoint]]:
    """An optimal tour: ``(length_mm, waypoints, points in visiting order)``."""
    if not points:
        return 0, [layout.depot_xy_mm], []
    cols, depot_col, steps, best, state, back = _run(layout, points, keep=True)
    # Walk the back pointers to recover every stage's choice.
    nb = layout.n_blocks
    vchoice = {j: ([NONE] * nb, [None] * nb) for j in range(len(cols))}
    hchoice = {j: [0] * (nb + 1) for j in range(1, len(cols))}
    for (kind, j, idx, *_), bp in zip(reversed(steps), reversed(back), strict=True):
        state, opt, detail = bp[state]
        if kind == "v":
            vchoice[j][0][idx] = opt
            vchoice[j][1][idx] = detail
        elif kind == "h":
            hchoice[j][idx] = opt
    cy = layout.cross_aisle_y_mm
    g = nx.MultiGraph()
    wanted = set(points)
    # a node may hold several points: the back end of one block and the front end of the
    # next are the same intersection
    node_points: dict[tuple, list[PickPoint]] = {}
    for j, col in enumerate(cols):
        effects, details = vchoice[j]
        aisle = layout.aisle_x_mm.index(col.x) if col.x in layout.aisle_x_mm else None
        for b, eff in enumerate(effects):
            if eff == NONE:
                continue
            length = cy[b + 1] - cy[b]
            chain: list[tuple[int, tuple]] = [(0, ("x", j, b))]
            for pos in col.positions[b]:
                if 0 < pos < length:
                    chain.append((pos, ("p", j, b, pos)))
            chain.append((length, ("x", j, b + 1)))
            for pos in col.positions[b]:
                node = ("x", j, b) if pos == 0 else ("x", j, b + 1) if pos == length else None
                node = node or ("p", j, b, pos)
                if aisle is not None:
                    node_points.setdefault(node, []).append(PickPoint(aisle, b, pos))
            pos_list = col.positions[b]
            for (y1, n1), (y2, n2) in zip(chain, chain[1:], strict=False):
                if eff == FULL1:
                    copies = 1
                elif eff == FULL2:
                    copies = 2
                elif eff == BOTTOM:
                    copies = 2 if y2 <= pos_list[-1] else 0
                elif eff == TOP:
                    copies = 2 if y1 >= pos_list[0] else 0
                else:
                    gi = details[b]
                    copies = 2 if (y2 <= pos_list[gi] or y1 >= pos_list[gi + 1]) else 0
                for _ in range(copies):
                    g.add_edge(n1, n2, weight=y2 - y1)
        if j:
            dx = col.x - cols[j - 1].x
            for c, h in enumerate(hchoice[j]):
                for _ in range(h):
                    g.add_edge(("x", j - 1, c), ("x", j, c), weight=dx)
    start = ("x", depot_col, layout.depot_cross_aisle)
    total = sum(d["weight"] for _, _, d in g.edges(data=True))
    assert total == best, (total, best)

    def xy(node: tuple) -> tuple[int, int]:
        if node[0] == "x":
            return cols[node[1]].x, cy[node[2]]
        return cols[node[1]].x, cy[node[2]] + node[3]

    seq = [start]
    if g.number_of_edges():
        seq += [v for _, v in nx.eulerian_circuit(g, source=start)]
    order: list[PickPoint] = []
    seen: set[PickPoint] = set()
    # the depot column's own pick points (pick at the depot meeting point) first
    for node in seq:
        for p in node_points.get(node, ()):
            if p in wanted and p not in seen:
                seen.add(p)
                order.append(p)
    waypoints: list[tuple[int, int]] = []
    for node in seq:
        pt = xy(node)
        if not waypoints or waypoints[-1] != pt:
            waypoints.append(pt)
    if len(waypoints) == 1:
        waypoints.append(waypoints[0])
    return best + 2 * layout.depot_offset_mm, waypoints, order
