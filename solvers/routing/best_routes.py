"""Hand a search's best routes so far to a caller while it runs, at a bounded rate.

The engines call :meth:`RoutesThrottle.improved` on every new best solution and
:meth:`RoutesThrottle.tick` as the search goes on; the caller's ``on_routes`` gets
the best routes (:class:`~solvers.routing.plan.RouteSpec` per used vehicle, with the
engine's own times where it has them) at most once
every ``every_s`` seconds, and always the newest best: an improvement that comes
within ``every_s`` of the last hand-over is kept and handed over by the next
``tick`` after the interval, even if the search finds nothing better meanwhile.
The first improvement is handed over at once.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from solvers.routing.plan import RouteSpec

__all__ = ["RoutesCallback", "RoutesThrottle", "ROUTES_EVERY_S"]

RoutesCallback = Callable[[list["RouteSpec"]], None]
"""``on_routes(routes)``: one :class:`~solvers.routing.plan.RouteSpec` per used vehicle
(stop positions in visiting order; OR-Tools adds its schedule, PyVRP leaves it to the
greedy one); :func:`~solvers.routing.plan.build_plan` makes the plan."""

ROUTES_EVERY_S = 1.0
"""Least time between two hand-overs of routes (seconds)."""


class RoutesThrottle:
    """Rate-limit ``on_routes`` to once per ``every_s`` seconds, newest best first.

    Parameters
    ----------
    on_routes
        The caller's callback.
    every_s
        Least time between two calls.
    clock
        Seconds (monotonic); tests pass a fake one.
    """

    def __init__(
        self,
        on_routes: RoutesCallback,
        every_s: float = ROUTES_EVERY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._on_routes = on_routes
        self._every_s = every_s
        self._clock = clock
        self._last = -math.inf
        self._pending: list[RouteSpec] | Callable[[], list[RouteSpec]] | None = None

    def improved(self, routes: list[RouteSpec] | Callable[[], list[RouteSpec]]) -> None:
        """A new best: its routes, or a function that makes them (called only if handed over)."""
        self._pending = routes
        self.tick()

    def tick(self) -> None:
        """Hand over the pending best if ``every_s`` has passed since the last hand-over."""
        if self._pending is None:
            return
        now = self._clock()
        if now - self._last < self._every_s:
            return
        pending, self._pending = self._pending, None
        self._last = now
        self._on_routes(pending() if callable(pending) else pending)
