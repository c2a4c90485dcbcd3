"""Why a decomposed plan's unserved stops were not served, without a full matrix.

The >1,000-stop decomposition (:mod:`solvers.routing.large`) builds its plan region
by region and never holds a full matrix, so it once gave every stop it left out the
generic reason ``no_room``, even a stop whose time window no vehicle can reach from
its depot within its shift. Each stop here gets the reason the plan builder would
give (:func:`~solvers.routing.plan.diagnose`), computed on sub-problems of every
depot, a batch of the stops (with their pair partners) and every vehicle:
single-stop routes only, so the work is linear in unserved stops times vehicle
classes, and no matrix is larger than :data:`BATCH`-sized batches need.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from logistics.domain.route_plan import Route, Unassigned
from logistics.domain.routing import RoutingProblem
from solvers.routing import _travel
from solvers.routing.plan import PlanContext, diagnose

__all__ = ["BATCH", "diagnose_unserved"]

BATCH = 300
"""Unserved stops diagnosed on one sub-problem (its matrices: (depots + 2 * BATCH)**2
entries at most; each vehicle class's single-stop routes are cached per batch)."""


def diagnose_unserved(
    problem: RoutingProblem, stop_ids: Sequence[str], routes: Sequence[Route]
) -> tuple[Unassigned, ...]:
    """One :class:`Unassigned` per id in ``stop_ids``, with its diagnosed reason.

    Parameters
    ----------
    problem
        The whole problem (vehicles' dispatched stops are ignored: the decomposition
        refuses them).
    stop_ids
        The stops the plan left out.
    routes
        The plan's routes, vehicle indices in ``problem.vehicles`` (their loads tell
        whether any used vehicle had room).
    """
    n_dep = len(problem.depots)
    pos = {s.id: i for i, s in enumerate(problem.stops)}
    partner: dict[str, str] = {}
    for p in problem.pairs:
        partner[p.pickup_id], partner[p.delivery_id] = p.delivery_id, p.pickup_id
    vehicles = tuple(replace(v, dispatched=()) for v in problem.vehicles)
    used = {r.vehicle_index for r in routes}
    out = []
    ids = list(stop_ids)
    for k in range(0, len(ids), BATCH):
        batch = ids[k : k + BATCH]
        members = list(dict.fromkeys(x for sid in batch for x in (sid, partner.get(sid)) if x))
        group = [pos[sid] for sid in members]
        dist, dur = _travel.tables_over(problem, [*range(n_dep), *(n_dep + i for i in group)])
        inside = set(members)
        sub = RoutingProblem(
            depots=problem.depots,
            stops=tuple(problem.stops[i] for i in group),
            vehicles=vehicles,
            pairs=tuple(p for p in problem.pairs if p.pickup_id in inside),
            units=problem.units,
            distance=dist,
            duration=dur,
            distance_scale=problem.distance_scale,
            objective=problem.objective,
            name=f"{problem.name}:unserved",
        )
        ctx = PlanContext(sub)
        at = {sid: j for j, sid in enumerate(members)}
        for sid in batch:
            reason, detail = diagnose(ctx, at[sid], routes, used)
            stop = problem.stops[pos[sid]]
            out.append(Unassigned(sid, n_dep + pos[sid], reason, stop.penalty is None, detail))
    return tuple(out)
