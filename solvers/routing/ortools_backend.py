"""Delivery route planning on OR-Tools' routing solver.

Every variant of :class:`~logistics.domain.routing.RoutingProblem` maps onto one
OR-Tools model:

- nodes: the depots vehicles start or end at, the stops, and one dummy end node
  (zero travel from everywhere) when a vehicle has an open route;
- arc costs: the distance matrix times each vehicle's cost per matrix unit,
  registered in C++ with ``RegisterTransitMatrix`` (one per distinct rate);
- time: a dimension whose per-vehicle transit matrices are service time plus the
  travel time scaled by the vehicle type's speed factor; windows as cumul ranges
  with ``RemoveInterval`` between multiple windows (OR-Tools' LP scheduling is off
  then: :mod:`solvers.routing._lp_scheduling`), soft windows with
  ``SetCumulVarSoftUpperBound``, shifts and depot hours on start/end cumuls, the
  cost per hour on duty as span cost, maximum duration as span upper bound, breaks
  with ``SetBreakIntervalsOfVehicle`` (service times as node visit transits);
- workload balance: a ``route_s`` dimension whose global span is the longest route
  (:mod:`solvers.routing._longest_route`; OR-Tools' LP scheduling is off then);
- loads: one dimension per unit from ``RegisterUnaryTransitVector``; when a unit
  mixes depot deliveries with pickups, a second "loaded at the depot" dimension ties
  the start load to what the route delivers;
- distance: a dimension capped by each type's maximum distance (when any);
- every stop is in a disjunction: optional stops at their penalty, required ones at
  a penalty far above any plan's cost, both weighted by priority, so an infeasible
  request still returns the best plan with the stops it could not serve;
- skills restrict each stop's vehicles; pairs use ``AddPickupAndDelivery`` with
  same vehicle and pickup-before-delivery constraints;
- fixed costs per vehicle;
- dispatched stops (:mod:`solvers.routing.dispatched`) are chained to their vehicle's
  start with ``NextVar(a) == b`` constraints, their ``VehicleVar`` fixed, and kept out
  of the disjunctions (as is the delivery of a dispatched pickup), so no search can
  drop, reorder or move them.

Money is exact: all rates are fractions of a cent and the model works in
``1/K`` cents where ``K`` is the smallest integer making every rate whole, unless
costs that large could overflow int64 or pass a required stop's drop penalty: then
in ``1/s`` cents for a smaller scale ``s``, each rate rounded to the nearest engine
unit (:mod:`solvers.routing.cost_scale`). The plan's cost is recomputed exactly.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from fractions import Fraction

import numpy as np

from logistics.domain.route_plan import RoutePlan
from logistics.domain.routing import RoutingProblem
from solvers.progress import Progress, ProgressCallback, timed_from
from solvers.routing import _longest_route, _lp_scheduling, _ortools, _travel
from solvers.routing._stranded import stranded_vehicles
from solvers.routing.best_routes import ROUTES_EVERY_S, RoutesCallback, RoutesThrottle
from solvers.routing.cost_scale import (
    ortools_plan_bound,
    ortools_required_penalty,
    ortools_scale,
)
from solvers.routing.costs import priority_weight
from solvers.routing.dispatched import (
    always_served,
    check_dispatched,
    dispatched_chains,
    served_first_routes,
)
from solvers.routing.params import RoutingParams
from solvers.routing.plan import PlanContext, RouteSpec, build_plan

__all__ = ["solve_ortools", "default_strategy"]

_MAX_SCALE = 1_000_000


def default_strategy(problem: RoutingProblem) -> tuple[str, str]:
    """Measured default (first solution, metaheuristic) for the problem's features.

    Guided local search won on every family. Path cheapest arc starts best on plain
    capacity and time-window problems (CVRPLIB X by far); parallel cheapest insertion
    on everything richer: pickup-and-delivery (Li & Lim), where extending paths arc by
    arc cannot see a pair's two ends, and breaks, skills, limits, optional stops (see
    :func:`_is_plain`). See ``benchmarks/results/routing_strategies_5s.md``.
    """
    if _is_plain(problem):
        return "path_cheapest_arc", "guided_local_search"
    return "parallel_cheapest_insertion", "guided_local_search"


def _is_plain(problem: RoutingProblem) -> bool:
    """Capacities and single time windows only (the CVRP/VRPTW benchmark shape).

    On richer problems (pairs, breaks, open routes, skills, route limits, optional
    stops, several windows) path cheapest arc leaves many stops unserved in its first
    solution: on 70 random rich instances at 0.3 s it served 400 stops against 642
    for parallel cheapest insertion.
    """
    if problem.pairs:
        return False
    for v in problem.vehicles:
        t = v.type
        if v.breaks or v.end_depot is None or t.max_duration_s or t.max_distance_m:
            return False
    return all(
        not s.skills and s.penalty is None and len(s.time_windows) <= 1 for s in problem.stops
    )


NO_SOLUTION_IN_TIME = "no solution in time: the dispatched stops only"
"""``extras["search"]`` of a plan that is the served-first routes, placed by no search
(its other stops are unassigned as ``no_solution``)."""

LP_OFF_FIRST_SHARE = 0.5
"""With OR-Tools' LP scheduling off, the share of the time limit the first solution may
take before the search is made again with the LP on (see :func:`_solve`), at most
:data:`LP_OFF_FIRST_MAX_S`."""

LP_OFF_FIRST_MAX_S = 1.0
"""Most seconds the first solution with the LP off may take (see :data:`LP_OFF_FIRST_SHARE`).
Where the LP off finds one it does so at once: 0.07-0.22 s on the 100-stop Solomon
instances with a break per van. Where it finds none it finds none however long it
searches: 7 of the 12 warehouse days of ``generate_day`` seeds 1-3 (21-110 stops, lunch
breaks) served nothing in 8 s, and the LP on serves them (first solution 0.3 s for
FC-NORTE's 104 stops, idle). What blocks the LP off there is the rule that a break
ends inside the route (``validate`` checks it too): with that one constraint dropped,
in a one-off trial, it found first solutions for FWD-BARRA and FC-NORTE in 0.01-0.04 s.
The rule stays: it is what a plan's breaks mean. Half of every limit went to that wait:
the first plan came late, and on a loaded machine (load ~9) a 2-3 s solve of FC-NORTE
served nothing."""

GLS_LAMBDA_FIXED_DOMINANT = 0.01
"""Guided local search's lambda coefficient when fixed costs dominate (default 0.1).

GLS penalties scale with the whole objective; when it is mostly fixed vehicle costs
(the hierarchical benchmark objective) the default swamps the distances. Measured on
Li & Lim with the hierarchical objective (see the routing-core report)."""


def _fixed_dominant(ctx: PlanContext) -> bool:
    """Whether vehicles' fixed costs outweigh a lower bound of the driving costs."""
    p = ctx.problem
    fixed = min(r.fixed for r in ctx.rates)
    if fixed <= 0:
        return False
    need = 1
    for u in range(len(p.units)):
        cap = max(v.type.capacity[u] for v in p.vehicles)
        total = sum(s.delivery[u] + s.pickup[u] for s in p.stops)
        if cap > 0:
            need = max(need, -(-total // (2 * cap)))
    if p.n_locations > 2000:
        return True
    d = _travel.take(ctx.distance, list(range(p.n_locations))).astype(float)
    np.fill_diagonal(d, np.inf)
    nearest = float(np.min(d[ctx.n_depots :], axis=1).sum()) if p.stops else 0.0
    per_distance = float(min(r.per_distance for r in ctx.rates))
    per_second = float(min(r.per_second for r in ctx.rates))
    driving = nearest * per_distance + per_second * sum(s.service_s for s in p.stops)
    return float(fixed) * need > driving


def _cost_scale(rates: Sequence[Fraction]) -> int:
    """``K``: the smallest integer making every rate whole (capped at 10**6)."""
    k = 1
    for r in rates:
        k = math.lcm(k, Fraction(r).denominator)
        if k > _MAX_SCALE:
            return _MAX_SCALE
    return k


class _Model:
    """Builds the OR-Tools model of one problem and reads its solutions back."""

    def __init__(self, problem: RoutingProblem, ctx: PlanContext, droppable: bool = True) -> None:
        self.problem = problem
        self.droppable = droppable
        self.ctx = ctx
        p = problem
        nd = len(p.depots)
        vehicles = p.vehicles
        # a vehicle that cannot drive even home made the whole model infeasible: it
        # ends where it starts and serves nothing (see _stranded)
        self.stranded = stranded_vehicles(ctx)
        start_depots = [ctx.depot_index[v.start_depot] for v in vehicles]
        end_depots = [  # None: an open route (the dummy end node)
            start_depots[i]
            if i in self.stranded
            else None
            if v.end_depot is None
            else ctx.depot_index[v.end_depot]
            for i, v in enumerate(vehicles)
        ]
        # only nodes some vehicle starts or ends at are depots: any other would be a
        # node every route must visit
        used_depots = sorted(set(start_depots) | {d for d in end_depots if d is not None})
        self.locs = used_depots + [nd + i for i in range(len(p.stops))]
        self.stop_node0 = len(used_depots)
        self.has_open = any(d is None for d in end_depots)
        self.dummy = len(self.locs) if self.has_open else None
        n_nodes = len(self.locs) + (1 if self.has_open else 0)
        node_of_depot = {loc: i for i, loc in enumerate(used_depots)}
        starts = [node_of_depot[d] for d in start_depots]
        ends = [self.dummy if d is None else node_of_depot[d] for d in end_depots]
        self.manager = _ortools.RoutingIndexManager(n_nodes, len(vehicles), starts, ends)
        self.routing = _ortools.RoutingModel(self.manager)
        self.solver = self.routing.solver()
        self._build()

    # -- matrices at node level -------------------------------------------------
    def _node_matrix(self, m: np.ndarray | _travel.Pairwise) -> np.ndarray:
        sub = _travel.take(m, self.locs)
        if self.has_open:
            sub = np.pad(sub, ((0, 1), (0, 1)))
        return sub

    def _node_vector(self, values: Sequence[int]) -> list[int]:
        """Per node: depots 0, stops their value, dummy 0."""
        out = [0] * self.stop_node0 + [int(v) for v in values]
        if self.has_open:
            out.append(0)
        return out

    def stop_index(self, pos: int) -> int:
        return self.manager.NodeToIndex(self.stop_node0 + pos)

    def _build(self) -> None:
        p, ctx, routing, solver = self.problem, self.ctx, self.routing, self.solver
        n_veh = len(p.vehicles)
        rates = ctx.rates
        lateness = [Fraction(s.lateness_cost_per_s) for s in p.stops]
        dist_nodes = self._node_matrix(ctx.distance)
        self.dist_nodes = dist_nodes
        self.max_arc = int(dist_nodes.max()) if dist_nodes.size else 0
        self.horizon = horizon = p.horizon
        exact = _cost_scale(
            [r.per_distance for r in rates]
            + [r.per_second for r in rates]
            + [r.fixed for r in rates]
        )
        self.scale = k = ortools_scale(p, rates, exact, self.max_arc, horizon)

        # arc costs: one registered matrix per distinct cost per matrix unit
        by_rate: dict[int, int] = {}
        for v, r in enumerate(rates):
            coef = round(r.per_distance * k)
            if coef not in by_rate:
                by_rate[coef] = routing.RegisterTransitMatrix((dist_nodes * coef).tolist())
            routing.SetArcCostEvaluatorOfVehicle(by_rate[coef], v)
            fixed = round(r.fixed * k)
            if fixed:
                routing.SetFixedCostOfVehicle(fixed, v)

        # time dimension: service + travel at each vehicle type's speed
        service = self._node_vector([s.service_s for s in p.stops])
        service_col = np.asarray(service, dtype=np.int64)[:, None]
        by_speed: dict[float, int] = {}
        time_evals = []
        for v, veh in enumerate(p.vehicles):
            sf = float(veh.type.speed_factor)
            if sf not in by_speed:
                travel = self._node_matrix(ctx.travel(v))
                by_speed[sf] = routing.RegisterTransitMatrix((travel + service_col).tolist())
            time_evals.append(by_speed[sf])
        routing.AddDimensionWithVehicleTransitAndCapacity(
            time_evals, horizon, [horizon] * n_veh, False, "time"
        )
        self.time = time_dim = routing.GetDimensionOrDie("time")
        for v, veh in enumerate(p.vehicles):
            lo, hi = ctx.start_window(v)
            start = time_dim.CumulVar(routing.Start(v))
            end = time_dim.CumulVar(routing.End(v))
            start.SetRange(lo, max(lo, hi))
            end.SetRange(lo, max(lo, ctx.end_limit(v)))
            span_coef = round(rates[v].per_second * k)
            if span_coef:
                time_dim.SetSpanCostCoefficientForVehicle(span_coef, v)
            if veh.type.max_duration_s is not None:
                time_dim.SetSpanUpperBoundForVehicle(veh.type.max_duration_s, v)
        # schedule: finish as early as possible, then leave as late as that allows
        for v in range(n_veh):
            routing.AddVariableMinimizedByFinalizer(time_dim.CumulVar(routing.End(v)))
        for v in range(n_veh):
            # with breaks it would start late and break at once, so it leaves early,
            # unless the longest route is charged (then waiting at the start costs)
            if not p.vehicles[v].breaks or p.objective.span_cost_per_s:
                routing.AddVariableMaximizedByFinalizer(time_dim.CumulVar(routing.Start(v)))
        # workload balance: span_cost_per_s x the longest route (see _longest_route)
        _longest_route.add_longest_route_cost(
            routing, time_dim, time_evals, horizon, round(p.objective.span_cost_per_s * k)
        )

        for pos, s in enumerate(p.stops):
            idx = self.stop_index(pos)
            cumul = time_dim.CumulVar(idx)
            if not s.time_windows:
                continue
            ws = sorted(s.time_windows, key=lambda w: w.start)
            if s.soft_windows:
                cumul.SetRange(ws[0].start, horizon)
                coef = round(lateness[pos] * k)
                if coef:
                    time_dim.SetCumulVarSoftUpperBound(idx, ws[-1].end, coef)
                else:
                    cumul.SetRange(ws[0].start, horizon)
            else:
                cumul.SetRange(ws[0].start, ws[-1].end)
            for a, b in zip(ws, ws[1:], strict=False):
                if b.start - 1 >= a.end + 1:
                    cumul.RemoveInterval(a.end + 1, b.start - 1)

        # driver breaks: intervals inside the route, never during service
        self.breaks: list[list] = []
        if any(v.breaks for v in p.vehicles):
            visit = [service[self.manager.IndexToNode(i)] for i in range(routing.Size())]
            for v, veh in enumerate(p.vehicles):
                intervals = []
                for b_i, b in enumerate(() if v in self.stranded else veh.breaks):
                    iv = solver.FixedDurationIntervalVar(
                        b.window.start, b.window.end, b.duration_s, False, f"break {v}.{b_i}"
                    )
                    intervals.append(iv)
                    solver.Add(iv.StartExpr() >= time_dim.CumulVar(routing.Start(v)))
                    solver.Add(iv.EndExpr() <= time_dim.CumulVar(routing.End(v)))
                if intervals:
                    time_dim.SetBreakIntervalsOfVehicle(intervals, v, visit)
                if len(intervals) > 1:  # a driver takes one break at a time
                    solver.Add(solver.DisjunctiveConstraint(intervals, f"breaks {v}"))
                self.breaks.append(intervals)

        # loads, one dimension per unit
        for u, unit in enumerate(p.units):
            caps = [veh.type.capacity[u] for veh in p.vehicles]
            dep = [ctx.depot_loaded(i)[u] for i in range(len(p.stops))]
            pick = [s.pickup[u] for s in p.stops]
            deliv = [s.delivery[u] for s in p.stops]
            if not any(dep) and not any(pick) and not any(deliv):
                continue
            if not any(pick) and not any(deliv[i] and not dep[i] for i in range(len(dep))):
                ev = routing.RegisterUnaryTransitVector(self._node_vector(dep))
                routing.AddDimensionWithVehicleCapacity(ev, 0, caps, True, f"load:{unit}")
                continue
            net = [pick[i] - deliv[i] for i in range(len(pick))]
            ev = routing.RegisterUnaryTransitVector(self._node_vector(net))
            if not any(dep):
                routing.AddDimensionWithVehicleCapacity(ev, 0, caps, True, f"load:{unit}")
                continue
            routing.AddDimensionWithVehicleCapacity(ev, 0, caps, False, f"load:{unit}")
            ev_dep = routing.RegisterUnaryTransitVector(self._node_vector(dep))
            routing.AddDimensionWithVehicleCapacity(ev_dep, 0, caps, True, f"from_depot:{unit}")
            load = routing.GetDimensionOrDie(f"load:{unit}")
            from_depot = routing.GetDimensionOrDie(f"from_depot:{unit}")
            for v in range(n_veh):
                solver.Add(load.CumulVar(routing.Start(v)) == from_depot.CumulVar(routing.End(v)))

        # distance limits
        if any(v.type.max_distance_m is not None for v in p.vehicles):
            big = int(dist_nodes.sum()) + 1
            caps = [
                big
                if v.type.max_distance_m is None
                else min(big, v.type.max_distance_m * p.distance_scale)
                for v in p.vehicles
            ]
            ev = routing.RegisterTransitMatrix(dist_nodes.tolist())
            routing.AddDimensionWithVehicleCapacity(ev, 0, caps, True, "distance")

        # skills
        all_vehicles = list(range(n_veh))
        self.servable = [True] * len(p.stops)
        for pos, s in enumerate(p.stops):
            if not s.skills:
                continue
            allowed = [v for v in all_vehicles if s.skills <= p.vehicles[v].type.skills]
            if not allowed:
                self.servable[pos] = False
            elif len(allowed) < n_veh:
                # (SetAllowedVehiclesForIndex takes an absl::Span SWIG cannot build)
                banned = [v for v in all_vehicles if v not in set(allowed)]
                routing.VehicleVar(self.stop_index(pos)).RemoveValues(banned)

        if self.stranded:
            stranded = sorted(self.stranded)
            for pos in range(len(p.stops)):
                routing.VehicleVar(self.stop_index(pos)).RemoveValues(stranded)

        # pickup and delivery pairs
        for pair in p.pairs:
            a = ctx.stop_pos[pair.pickup_id]
            b = ctx.stop_pos[pair.delivery_id]
            if not (self.servable[a] and self.servable[b]):
                self.servable[a] = self.servable[b] = False
            ia, ib = self.stop_index(a), self.stop_index(b)
            routing.AddPickupAndDelivery(ia, ib)
            solver.Add(routing.VehicleVar(ia) == routing.VehicleVar(ib))
            solver.Add(time_dim.CumulVar(ia) <= time_dim.CumulVar(ib))

        # dispatched stops: start(v) -> d1 -> ... -> dk, on v, never dropped
        self.chains = dispatched_chains(p)
        kept = always_served(p)
        for v, chain in self.chains.items():
            prev = routing.Start(v)
            for pos in chain:
                idx = self.stop_index(pos)
                solver.Add(routing.NextVar(prev) == idx)
                routing.VehicleVar(idx).SetValue(v)
                prev = idx

        # every other stop may be dropped: optional at its penalty, required at a huge one
        huge = self._huge_penalty()
        for pos, s in enumerate(p.stops):
            idx = self.stop_index(pos)
            if pos in kept:
                continue  # not in a disjunction: the model must serve it
            if not self.servable[pos]:
                routing.AddDisjunction([idx], 0)
                routing.ActiveVar(idx).SetValue(0)
                continue
            w = priority_weight(s.priority)
            if s.penalty is None and not self.droppable:
                continue
            if s.penalty is None:
                pen = huge * (1 + s.priority)
            else:
                pen = round(Fraction(s.penalty) * k * w)
            routing.AddDisjunction([idx], pen)

    def _huge_penalty(self) -> int:
        """The drop penalty of a required stop (before its priority factor): above any
        plan's objective and safe from int64 overflow (see :mod:`.cost_scale`)."""
        bound = ortools_plan_bound(
            self.problem, self.ctx.rates, self.scale, self.max_arc, self.horizon
        )
        return ortools_required_penalty(len(self.problem.stops), bound)

    # -- reading solutions back ---------------------------------------------------
    def routes(self, assignment) -> list[RouteSpec]:
        """Routes and schedule of ``assignment``, or with ``None`` of the solution the
        search is accepting (read from the variables in a solution callback: next
        variables are bound there, but with soft windows a cumul may still be a range,
        whose ``Value()`` aborts the process: the earliest time is read then)."""
        routing, time_dim = self.routing, self.time
        if assignment is None:

            def value(var) -> int:
                return var.Value() if var.Bound() else var.Min()

            def break_start(iv) -> int:
                return int(iv.StartMin())
        else:
            value = assignment.Value

            def break_start(iv) -> int:
                return int(assignment.StartValue(iv))

        specs = []
        breaks_by_vehicle: dict[int, list[int]] = {}
        if self.breaks:
            for v, intervals in enumerate(self.breaks):
                breaks_by_vehicle[v] = [break_start(iv) for iv in intervals]
        for v in range(len(self.problem.vehicles)):
            idx = routing.Start(v)
            start_time = value(time_dim.CumulVar(idx))
            stops, starts = [], []
            idx = value(routing.NextVar(idx))
            while not routing.IsEnd(idx):
                node = self.manager.IndexToNode(idx)
                stops.append(node - self.stop_node0)
                starts.append(value(time_dim.CumulVar(idx)))
                idx = value(routing.NextVar(idx))
            if stops:
                specs.append(
                    RouteSpec(
                        v,
                        tuple(stops),
                        tuple(starts),
                        tuple(breaks_by_vehicle.get(v, ())),
                        start_time,
                    )
                )
        return specs

    def initial_assignment(self, routes: Sequence[Sequence[int]]):
        """An assignment from stop positions per vehicle (warm start)."""
        as_indices = [[self.stop_index(pos) for pos in r] for r in routes]
        return self.routing.ReadAssignmentFromRoutes(as_indices, True)


def solve_ortools(
    problem: RoutingProblem,
    params: RoutingParams,
    on_progress: ProgressCallback | None = None,
    *,
    initial_routes: Sequence[Sequence[str]] | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_routes: RoutesCallback | None = None,
    routes_every_s: float = ROUTES_EVERY_S,
) -> RoutePlan:
    """Solve a routing problem with OR-Tools.

    Parameters
    ----------
    problem
        The problem.
    params
        Time limit, strategies, solution limit, log.
    on_progress
        Called with a :class:`~solvers.progress.Progress` on every improvement:
        ``best`` is the engine's objective in cents (penalties of unserved required
        stops included at its huge internal value), no ``bound``, phase ``"ortools"``.
    initial_routes
        Optional warm start: stop ids per vehicle (``initial_routes[v]`` for vehicle
        ``v``), e.g. PyVRP's routes. When OR-Tools rejects them (they break a
        constraint: ``ReadAssignmentFromRoutes`` returns ``None``) the search starts
        from scratch. ``plan.extras["warm_start"]`` says ``"accepted"`` or ``"rejected"``.
    should_stop
        Polled on every solution; returning true ends the search early and returns
        the best plan so far (status ``"cancelled"``).
    on_routes
        Called with the best routes so far (vehicle position -> stop ids, non-empty
        routes only) at most every ``routes_every_s`` seconds while the search finds
        better ones (the newest best, also when it came within the interval: see
        :class:`~solvers.routing.best_routes.RoutesThrottle`), so a caller can show
        the best plan while the search runs.

    Returns
    -------
    RoutePlan
        The best plan found; stops it could not serve are listed with a reason.
        Each vehicle's route begins with its dispatched stops, in order.

    Raises
    ------
    InvalidValueError
        When a vehicle cannot serve its dispatched stops on their own
        (:func:`~solvers.routing.dispatched.check_dispatched`).
    """
    return _solve(
        problem,
        params,
        on_progress,
        initial_routes=initial_routes,
        should_stop=should_stop,
        on_routes=on_routes,
        routes_every_s=routes_every_s,
        lp_off_allowed=True,
    )


def _solve(
    problem: RoutingProblem,
    params: RoutingParams,
    on_progress: ProgressCallback | None,
    *,
    initial_routes: Sequence[Sequence[str]] | None,
    should_stop: Callable[[], bool] | None,
    on_routes: RoutesCallback | None,
    routes_every_s: float,
    lp_off_allowed: bool,
) -> RoutePlan:
    """:func:`solve_ortools`; ``lp_off_allowed=False`` keeps OR-Tools' LP scheduling on.

    With the LP off (:func:`~solvers.routing._lp_scheduling.lp_off_reason`) OR-Tools'
    finalizer can fail to schedule any first solution (breaks beside soft windows:
    Solomon C105 with a break per van, 5% of the windows soft and the longest route
    charged served nothing in 5 s). So the search first looks for one solution in at
    most :data:`LP_OFF_FIRST_SHARE` of the time limit and :data:`LP_OFF_FIRST_MAX_S`
    seconds, then goes on from it in the same
    model (should that not get going again in the time left, the first solution is the
    answer); without one it is made again with the LP on, in the time left
    (``extras["lp_scheduling"]``).
    """
    t0 = time.monotonic()
    check_dispatched(problem)
    ctx = PlanContext(problem)
    if not problem.stops:
        return build_plan(problem, [], backend="ortools", seconds=0.0, context=ctx)
    lp_off = _lp_scheduling.lp_off_reason(problem) if lp_off_allowed else None
    model = _Model(problem, ctx)
    first, meta = default_strategy(problem)
    search = _ortools.search_parameters(
        first_solution=params.first_solution or first,
        metaheuristic=params.metaheuristic or meta,
        time_limit_s=max(0.001, params.time_limit_s - (time.monotonic() - t0)),
        solution_limit=params.solution_limit,
        log=params.log,
        gls_lambda=GLS_LAMBDA_FIXED_DOMINANT if _fixed_dominant(ctx) else None,
    )
    if lp_off is not None:
        search.disable_scheduling_beware_this_may_degrade_performance = True
    routing = model.routing
    best = [None]
    solutions = [0]
    cancelled = [False]

    throttle = None if on_routes is None else RoutesThrottle(on_routes, routes_every_s)

    def _current_routes() -> list[RouteSpec]:
        """The solution being accepted, with its schedule (cumuls and breaks are bound
        here: a plan built from them costs what the engine's objective says)."""
        return model.routes(None)

    failed: list[BaseException] = []  # raised by a caller's callback during the search

    def _at_solution() -> None:
        # the engine swallows what its callbacks raise and searches on: keep the error,
        # stop the search and re-raise it once the engine has returned (see ``run``)
        if failed:
            return
        try:
            _on_solution()
        except BaseException as exc:
            failed.append(exc)
            routing.CancelSearch()

    def _on_solution() -> None:
        solutions[0] += 1
        value = routing.CostVar().Value()
        if best[0] is None or value < best[0]:
            best[0] = value
            now = time.monotonic() - t0
            if on_progress is not None:
                on_progress(Progress(now, round(value / model.scale), phase="ortools"))
            if throttle is not None:
                throttle.improved(_current_routes())  # the assignment moves on: copy now
        elif throttle is not None:
            throttle.tick()
        if should_stop is not None and not cancelled[0] and should_stop():
            cancelled[0] = True
            routing.CancelSearch()

    def elapsed() -> float:
        return time.monotonic() - t0

    def left() -> float:
        return max(0.001, params.time_limit_s - elapsed())

    def run(parameters, start, until: float | None = None):
        """Search from ``start`` (fresh when ``None``) until the time limit, or until
        ``until`` s after ``t0`` when that comes first."""
        seconds = left() if until is None else min(left(), max(until - elapsed(), 0.001))
        parameters.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
        if start is not None:
            found = routing.SolveFromAssignmentWithParameters(start, parameters)
        else:
            found = routing.SolveWithParameters(parameters)
        if failed:
            raise failed[0]
        return found

    routing.AddAtSolutionCallback(_at_solution)
    routing.CloseModelWithParameters(search)
    start = None
    first_found = None  # routes and objective of the first solution with the LP off
    warm = None  # "accepted" | "rejected" when a warm start was given
    if initial_routes is not None:
        pos_routes = [[ctx.stop_pos[sid] for sid in r] for r in initial_routes]
        start = model.initial_assignment(pos_routes)
        warm = "rejected" if start is None else "accepted"
    if lp_off is not None and params.solution_limit != 1:
        probe = _ortools.copy_parameters(search)
        probe.solution_limit = 1
        until = min(LP_OFF_FIRST_SHARE * params.time_limit_s, LP_OFF_FIRST_MAX_S)
        start = run(probe, start, until=until)
        if (start is None or solutions[0] == 0) and not cancelled[0]:
            if should_stop is not None and should_stop():
                # stopped before any solution: not a second search (the LP on's first
                # solution cannot be stopped), nothing to keep
                plan = build_plan(problem, [], backend="ortools", status="no_solution", context=ctx)
                plan.extras["lp_scheduling"] = f"off ({lp_off}): stopped before a first solution"
                return _with_seconds(plan, elapsed())
            # no first solution with the LP off: search again with it on, in the time left
            plan = _solve(
                problem,
                replace(params, time_limit_s=left()),
                timed_from(t0, on_progress),
                initial_routes=initial_routes,
                should_stop=should_stop,
                on_routes=on_routes,
                routes_every_s=routes_every_s,
                lp_off_allowed=False,
            )
            plan.extras["lp_scheduling"] = f"on (off for {lp_off}: no first solution)"
            return _with_seconds(plan, elapsed())
        if start is not None:
            # the search goes on from it; should it not get going again in the time
            # left (restoring it schedules it anew), the first solution is the answer
            first_found = (model.routes(start), int(start.ObjectiveValue()))
    assignment = start if cancelled[0] else run(search, start)
    searched = True  # False: the routes are the served-first start, no search's
    if assignment is None and first_found is None and not cancelled[0]:
        assignment, searched = _from_served_first(model, run, search)
    seconds = elapsed()
    if assignment is None and first_found is not None:
        routes, objective = first_found
    elif assignment is not None:
        routes, objective = model.routes(assignment), int(assignment.ObjectiveValue())
    else:
        served_first = [
            RouteSpec(v, tuple(r)) for v, r in enumerate(served_first_routes(problem)) if r
        ]
        if served_first and not cancelled[0]:
            # the time ran out before any solution, even from the served-first start (a
            # short limit on a busy machine): those routes, scheduled greedily
            plan = build_plan(problem, served_first, backend="ortools", context=ctx, searched=False)
            plan.extras["search"] = NO_SOLUTION_IN_TIME
        else:
            plan = build_plan(problem, [], backend="ortools", status="no_solution", context=ctx)
        plan.extras["engine_status"] = _ortools.status_name(routing)
        if warm is not None:
            plan.extras["warm_start"] = warm
        return _with_seconds(plan, seconds)
    plan = build_plan(
        problem,
        routes,
        backend="ortools",
        status="cancelled" if cancelled[0] else None,
        seconds=seconds,
        objective=objective,
        context=ctx,
        searched=searched,
    )
    if not searched:
        plan.extras["search"] = NO_SOLUTION_IN_TIME
    plan.extras["engine_status"] = _ortools.status_name(routing)
    plan.extras["cost_scale"] = model.scale
    plan.extras["lp_scheduling"] = "on" if lp_off is None else f"off ({lp_off})"
    if warm is not None:
        plan.extras["warm_start"] = warm
    return plan


def _from_served_first(model: _Model, run: Callable, search):
    """When the search found no solution at all: search again from the routes that
    serve only what must be served (dispatched stops, deliveries of dispatched
    pickups; every other stop dropped), or take those routes as they are.

    The first-solution heuristics can give up at once on a feasible model (a
    generated live re-plan with dispatched stops and a driver break answered
    ``no_solution``, leaving the dispatched stops unassigned); such a start exists
    whenever every vehicle can serve its own stops (``check_dispatched``) with its
    breaks. Returns the assignment (``None`` when OR-Tools rejects the start) and
    whether a search made it (false: the start as it is, its other stops placed by
    no search).
    """
    start = model.initial_assignment(served_first_routes(model.problem))
    if start is None:
        return None, False
    found = run(search, start)
    return (start, False) if found is None else (found, True)


def _with_seconds(plan: RoutePlan, seconds: float) -> RoutePlan:
    return replace(plan, seconds=seconds)
