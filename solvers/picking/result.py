"""Route objects shared by every picker-routing method, and the independent checker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from logistics.domain._checks import require_number, require_seed, store_int
from logistics.domain.layout import WarehouseLayout
from logistics.errors import InvalidValueError, one_of

__all__ = [
    "MAX_EXACT_POINTS",
    "PickRoute",
    "RouteParams",
    "RouteCheck",
    "TSP_SEARCHES",
    "validate",
]

TSP_SEARCHES = ("guided", "descent", "first")
MAX_EXACT_POINTS = 16
"""Most pick points :attr:`RouteParams.exact_max_points` may allow. Held-Karp takes
O(2^n n^2) time and O(2^n n) memory; measured on a 2-core machine (one cart, Python,
one process per size with its memory traced; untraced, 12 points take about 0.04 s):
12 points 0.09 s and +2 MB, 16 points 2.2-3.1 s and +41 MB, 17 points 3.6 s and +89 MB,
18 points 8.4 s and +181 MB (each point doubles the memory). Without a bound a request
for, say, 30 points allocated a table of 2^30 rows."""


@dataclass(frozen=True)
class RouteParams:
    """Options of :func:`solvers.picking.route`.

    Parameters
    ----------
    time_limit_s
        Wall-clock limit of the OR-Tools TSP method (s).
    tsp_search
        How the TSP method improves its first tour (path cheapest arc): ``"guided"``
        (guided local search for all of ``time_limit_s``), ``"descent"`` (local search to
        the first local optimum, at most ``time_limit_s``: a few ms on a cart, for pricing
        carts inside a search) or ``"first"`` (the first tour only; no time limit).
    seed
        Seed for methods that randomise (kept for determinism; the TSP adapter
        is deterministic for a given limit of solutions).
    exact_max_points
        Largest number of distinct pick points solved by Held-Karp when the DP
        does not apply (more than three blocks, or a depot off cross-aisle 0 is fine):
        1 to :data:`MAX_EXACT_POINTS`.
    """

    time_limit_s: float = 1.0
    seed: int = 0
    exact_max_points: int = 12
    tsp_search: str = "guided"

    def __post_init__(self) -> None:
        require_number("time_limit_s", self.time_limit_s)  # finite, not a bool
        if self.time_limit_s <= 0:
            raise InvalidValueError("time_limit_s", self.time_limit_s, "must be > 0")
        object.__setattr__(self, "seed", require_seed("seed", self.seed))
        store_int(self, "exact_max_points", minimum=1, maximum=MAX_EXACT_POINTS)
        if self.tsp_search not in TSP_SEARCHES:
            raise InvalidValueError("tsp_search", self.tsp_search, one_of(TSP_SEARCHES))


@dataclass(frozen=True)
class PickRoute:
    """One picker tour from the depot through every pick and back.

    Attributes
    ----------
    length_mm
        Walking distance in millimetres (includes the depot offset both ways).
    visits
        Slot ids in the order they are picked (each once).
    waypoints_mm
        Polyline of the walk, ``(x, y)`` in mm, starting and ending where the
        depot meets its cross-aisle; consecutive points share an aisle or a
        cross-aisle.
    method
        The routing method that produced it.
    optimal
        ``True`` when the method proves optimality (exact DP / Held-Karp).
    walk_s, pick_s
        Walking time (length / speed) and picking time (picks x pick time), s.
    """

    length_mm: int
    visits: tuple[str, ...]
    waypoints_mm: tuple[tuple[int, int], ...]
    method: str
    optimal: bool
    walk_s: float = 0.0
    pick_s: float = 0.0
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def length_m(self) -> float:
        """Walking distance in metres."""
        return self.length_mm / 1000.0

    @property
    def time_s(self) -> float:
        """Walking plus picking time (s)."""
        return self.walk_s + self.pick_s


@dataclass(frozen=True)
class RouteCheck:
    """Outcome of :func:`validate`: recomputed length and every problem found."""

    ok: bool
    length_mm: int
    errors: tuple[str, ...]


def validate(layout: WarehouseLayout, picks: Sequence[str], route: PickRoute) -> RouteCheck:
    """Recompute a route independently of the method that produced it.

    Checks that every move runs along an aisle or a cross-aisle, that the walk
    starts and ends at the depot, that every requested slot is visited exactly
    once and lies on the walk, and recomputes the length.
    """
    errors: list[str] = []
    wp = route.waypoints_mm
    aisles = set(layout.aisle_x_mm)
    crosses = set(layout.cross_aisle_y_mm)
    depot = layout.depot_xy_mm
    wanted = {layout.slot(s, f"picks[{i}]").id for i, s in enumerate(picks)}
    length = 0
    if wanted:
        if not wp or wp[0] != depot or wp[-1] != depot:
            errors.append("walk does not start and end at the depot")
        for (x1, y1), (x2, y2) in zip(wp, wp[1:], strict=False):
            if x1 == x2 and x1 in aisles:
                length += abs(y2 - y1)
            elif y1 == y2 and y1 in crosses:
                length += abs(x2 - x1)
            elif (x1, y1) == (x2, y2):
                continue
            else:
                errors.append(f"move {(x1, y1)} -> {(x2, y2)} leaves the aisles")
        length += 2 * layout.depot_offset_mm
    if sorted(route.visits) != sorted(wanted) or len(set(route.visits)) != len(route.visits):
        errors.append("visits are not exactly the requested slots")
    for sid in wanted:
        x, y = layout.xy_mm(layout.slot(sid).point)
        if not any(_on_segment(x, y, a, b) for a, b in zip(wp, wp[1:], strict=False)) and (
            (x, y) not in wp
        ):
            errors.append(f"slot {sid} is not on the walk")
    if length != route.length_mm:
        errors.append(f"length {route.length_mm} mm != recomputed {length} mm")
    return RouteCheck(not errors, length, tuple(errors))


def _on_segment(x: int, y: int, a: tuple[int, int], b: tuple[int, int]) -> bool:
    return (
        min(a[0], b[0]) <= x <= max(a[0], b[0])
        and min(a[1], b[1]) <= y <= max(a[1], b[1])
        and (a[0] == b[0] == x or a[1] == b[1] == y)
    )
