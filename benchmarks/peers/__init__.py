"""Peer solvers for the routing benchmarks, run the way their authors recommend.

Each peer takes a :class:`~logistics.domain.routing.RoutingProblem` with its
integer matrices, runs on one thread for the given budget and returns a
:class:`PeerRun` (routes as vehicle and stop ids). Cost and feasibility are
recomputed by ``solvers.routing.validate`` like for our own solver.
"""

from benchmarks.peers.base import PeerRun
from benchmarks.peers.pyvrp_peer import solve_with_pyvrp
from benchmarks.peers.vroom_peer import solve_with_vroom

PEERS = {"pyvrp": solve_with_pyvrp, "vroom": solve_with_vroom}

__all__ = ["PEERS", "PeerRun", "solve_with_pyvrp", "solve_with_vroom"]
