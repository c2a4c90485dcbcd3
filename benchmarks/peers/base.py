"""What a peer run returns."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["PeerRun"]


@dataclass(frozen=True)
class PeerRun:
    """Routes found by a peer solver.

    Parameters
    ----------
    routes
        ``(vehicle_id, [stop_id, ...])`` for every used vehicle, in visiting order.
    unserved
        Stop ids the peer left out.
    seconds
        Wall time of the solve, translation included.
    own_cost
        The peer's own objective value (matrix units), for cross-checks.
    """

    routes: list[tuple[str, list[str]]]
    unserved: list[str] = field(default_factory=list)
    seconds: float = 0.0
    own_cost: float | None = None
