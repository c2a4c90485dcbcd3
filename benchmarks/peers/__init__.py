"""Peer solvers for the routing benchmarks, run the way their authors recommend.

Each peer takes a :class:`~logistics.domain.routing.RoutingProblem` with its
integer matrices, runs on one thread for the given budget and returns a
:class:`PeerRun` (routes as vehicle and stop ids). Cost and feasibility are
recomputed by ``solvers.routing.validate`` like for our own solver.
"""

import importlib

from benchmarks.peers.base import PeerRun
from benchmarks.peers.pyvrp_peer import solve_with_pyvrp
from benchmarks.peers.vroom_peer import solve_with_vroom

PEERS = {"pyvrp": solve_with_pyvrp, "vroom": solve_with_vroom}

PEER_PACKAGES = {"pyvrp": ("pyvrp", "pyvrp"), "vroom": ("vroom", "pyvroom")}
"""Per peer: the module it imports and the PyPI package that provides it."""


def peer_is_installed(peer: str) -> bool:
    """Whether ``peer``'s module can be imported (``pyvroom`` is a dev extra only)."""
    module, _package = PEER_PACKAGES[peer]
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


__all__ = [
    "PEERS",
    "PEER_PACKAGES",
    "PeerRun",
    "peer_is_installed",
    "solve_with_pyvrp",
    "solve_with_vroom",
]
