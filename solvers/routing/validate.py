"""Check a route plan against its problem, independently of the engine that made it.

``validate`` re-derives every number of a :class:`RoutePlan` from the problem alone
(travel matrices, stops, fleet, objective): the sequence of each route, times,
waiting, windows, shifts, breaks, loads per unit, distances, limits, skills,
pickup-and-delivery pairs, dispatched stops (each vehicle's route begins with
them, in order) and the cost. It does not trust anything the plan says:
each reported number that differs from the recomputation is a violation too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from logistics.domain.route_plan import RoutePlan, StepType
from logistics.domain.routing import RoutingProblem
from solvers.routing import _travel

__all__ = ["Violation", "ValidationReport", "validate", "dispatched_violations"]


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule.

    Parameters
    ----------
    kind
        Short code: ``time_window``, ``capacity``, ``skills``, ``pair``, ``break``,
        ``shift``, ``max_duration``, ``max_distance``, ``sequence``, ``duplicate``,
        ``missing``, ``unserved``, ``mismatch``, ``cost``, ``dispatched``.
    vehicle_id, stop_id
        Where (either may be ``None``).
    message
        What is wrong, with the numbers.
    """

    kind: str
    vehicle_id: str | None
    stop_id: str | None
    message: str

    def __str__(self) -> str:
        """``kind: vehicle 'v', stop 's': message``, as people read it (the API's
        ``validation.violations``; the repr spelled ``vehicle_id=None``)."""
        where = ", ".join(
            f"{name} {value!r}"
            for name, value in (("vehicle", self.vehicle_id), ("stop", self.stop_id))
            if value is not None
        )
        return f"{self.kind}: {where}: {self.message}" if where else f"{self.kind}: {self.message}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Outcome of :func:`validate`.

    ``feasible`` is true when no rule is broken and every required stop is served;
    ``cost``, ``distance`` and ``vehicles`` are the recomputed values.
    """

    feasible: bool
    violations: tuple[Violation, ...]
    cost: int
    distance: int
    vehicles: int
    unserved_required: int
    kinds: frozenset[str] = field(default_factory=frozenset)

    def __bool__(self) -> bool:
        return self.feasible


def _serves_window(windows, t: int) -> bool:
    return any(w.start <= t <= w.end for w in windows)


def _arrival(departure: int, travel: int, breaks: list[tuple[int, int]]) -> int:
    """When the vehicle gets to the next stop: it drives on leaving, and a break that
    starts before it would get there interrupts the drive (a later one is taken at the
    stop, while waiting)."""
    t, left = departure, travel
    for start, duration in sorted(breaks):
        if start >= t + left:
            break
        left -= max(0, start - t)
        t = max(t, start) + duration
    return t + left


def validate(problem: RoutingProblem, plan: RoutePlan) -> ValidationReport:
    """Recompute a plan and list everything that breaks the problem's rules.

    Parameters
    ----------
    problem
        The problem the plan claims to solve.
    plan
        The plan (from any backend, or built by hand).

    Returns
    -------
    ValidationReport
        ``feasible`` flag, the violations, and the recomputed cost and distance.
    """
    out: list[Violation] = []

    def bad(kind: str, vehicle: str | None, stop: str | None, msg: str) -> None:
        out.append(Violation(kind, vehicle, stop, msg))

    nd = len(problem.depots)
    dist_m = _travel.distance_table(problem)
    dur_m = _travel.duration_table(problem)
    depot_loc = {d.id: i for i, d in enumerate(problem.depots)}
    depots = {d.id: d for d in problem.depots}
    stop_of = {s.id: (i, s) for i, s in enumerate(problem.stops)}
    vehicle_of = {v.id: (i, v) for i, v in enumerate(problem.vehicles)}
    pickup_of = {p.delivery_id: p.pickup_id for p in problem.pairs}
    delivery_of = {p.pickup_id: p.delivery_id for p in problem.pairs}
    n_units = len(problem.units)
    obj = problem.objective

    seen_stops: dict[str, str] = {}
    seen_vehicles: set[str] = set()
    total_cost = Fraction(0)
    total_distance = 0
    longest = 0
    used = 0

    for route in plan.routes:
        vid = route.vehicle_id
        if vid not in vehicle_of:
            bad("sequence", vid, None, f"unknown vehicle {vid!r}")
            continue
        if vid in seen_vehicles:
            bad("duplicate", vid, None, "vehicle has two routes")
        seen_vehicles.add(vid)
        _, veh = vehicle_of[vid]
        vt = veh.type
        steps = route.steps
        if (
            len(steps) < 2
            or steps[0].type is not StepType.START
            or steps[-1].type is not (StepType.END)
        ):
            bad("sequence", vid, None, "a route runs from a start step to an end step")
            continue
        if steps[0].location_index != depot_loc[veh.start_depot]:
            bad("sequence", vid, None, f"does not start at depot {veh.start_depot!r}")
        expected_end = None if veh.end_depot is None else depot_loc[veh.end_depot]
        if steps[-1].location_index != expected_end:
            bad("sequence", vid, None, f"does not end at {veh.end_depot or 'its last stop'}")
        visits = [s for s in steps[1:-1] if s.type is not StepType.BREAK]
        if any(s.type in (StepType.START, StepType.END) for s in visits):
            bad("sequence", vid, None, "start or end step inside the route")
            continue
        if not visits:
            bad("sequence", vid, None, "empty route listed")
        travel_scale = float(vt.speed_factor)

        def travel(a: int, b: int, _sf: float = travel_scale) -> int:
            t = int(dur_m[a, b])
            return t if _sf == 1 else round(t * _sf)

        # sequence, skills, stop identity
        order: dict[str, int] = {}
        for k, s in enumerate(visits):
            if s.id not in stop_of:
                bad("sequence", vid, s.id, f"unknown stop {s.id!r}")
                continue
            pos, stop = stop_of[s.id]
            if s.location_index != nd + pos:
                bad("mismatch", vid, s.id, f"location_index {s.location_index} != {nd + pos}")
            if s.id in seen_stops:
                bad("duplicate", vid, s.id, f"also served by {seen_stops[s.id]}")
            seen_stops[s.id] = vid
            order[s.id] = k
            if not stop.skills <= vt.skills:
                missing = ", ".join(sorted(stop.skills - vt.skills))
                bad("skills", vid, s.id, f"vehicle lacks skills: {missing}")
            expected_type = (
                StepType.PICKUP
                if s.id in delivery_of
                else StepType.DELIVERY
                if s.id in pickup_of
                else StepType.JOB
            )
            if s.type is not expected_type:
                bad("mismatch", vid, s.id, f"step type {s.type} != {expected_type}")
        for sid, k in order.items():
            if sid in delivery_of:
                d = delivery_of[sid]
                if d not in order:
                    bad("pair", vid, sid, f"its delivery {d!r} is not on the same route")
                elif order[d] < k:
                    bad("pair", vid, sid, f"delivery {d!r} comes before its pickup")
            if sid in pickup_of and pickup_of[sid] not in order:
                bad("pair", vid, sid, f"its pickup {pickup_of[sid]!r} is not on the same route")

        # loads
        load = [0] * n_units
        for s in visits:
            if s.id in stop_of and s.id not in pickup_of:
                for u in range(n_units):
                    load[u] += stop_of[s.id][1].delivery[u]
        for u in range(n_units):
            if load[u] > vt.capacity[u]:
                bad(
                    "capacity",
                    vid,
                    None,
                    f"leaves with {load[u]} {problem.units[u]} > capacity {vt.capacity[u]}",
                )
        if tuple(load) != steps[0].load:
            bad("mismatch", vid, None, f"start load {steps[0].load} != {tuple(load)}")

        # times, distances, breaks
        start = steps[0]
        dep = depots[veh.start_depot]
        if start.departure < max(veh.shift.start, dep.opening.start):
            bad("shift", vid, None, f"leaves at {start.departure} before the shift/depot opens")
        if start.departure > min(veh.shift.end, dep.opening.end):
            bad("shift", vid, None, f"leaves at {start.departure} after the shift/depot closes")
        t_free = start.departure  # when the vehicle is free (departure or break end)
        dep_prev = start.departure
        prev_loc = start.location_index
        dist = 0
        lateness_cost = 0
        leg_breaks = 0
        on_leg: list[tuple[int, int]] = []  # (start, duration) of the leg's breaks
        for s in steps[1:]:
            if s.type is StepType.BREAK:
                if s.arrival < t_free:
                    bad("break", vid, None, f"break at {s.arrival} overlaps previous activity")
                leg_breaks += s.departure - s.arrival
                on_leg.append((s.arrival, s.departure - s.arrival))
                t_free = max(t_free, s.departure)
                continue
            if s.type is StepType.END and s.location_index is None:
                arrival_min = t_free
                leg_dist = 0
            else:
                loc = s.location_index
                leg_dist = int(dist_m[prev_loc, loc])
                arrival_min = max(dep_prev + travel(prev_loc, loc) + leg_breaks, t_free)
            dist += leg_dist
            if s.distance != dist:
                bad("mismatch", vid, s.id, f"distance so far {s.distance} != {dist}")
            if s.type is StepType.END:
                if s.arrival < arrival_min:
                    bad("sequence", vid, None, f"reaches the end at {s.arrival} < {arrival_min}")
                end_limit = veh.shift.end
                if veh.end_depot is not None:
                    end_limit = min(end_limit, depots[veh.end_depot].opening.end)
                if s.arrival > end_limit:
                    bad("shift", vid, None, f"ends at {s.arrival} after {end_limit}")
                break
            _, stop = stop_of.get(s.id, (None, None))
            if stop is None:
                break
            ss = s.arrival + s.waiting_s
            if s.waiting_s < 0:
                bad("mismatch", vid, s.id, f"negative waiting {s.waiting_s}")
            reached = _arrival(dep_prev, travel(prev_loc, loc), on_leg)
            if s.arrival != min(reached, ss):
                bad(
                    "mismatch",
                    vid,
                    s.id,
                    f"arrival {s.arrival} != {min(reached, ss)} (leaves at {dep_prev}, "
                    f"{travel(prev_loc, loc)} s of travel, breaks {on_leg or 'none'})",
                )
            if ss < arrival_min:
                bad(
                    "sequence",
                    vid,
                    s.id,
                    f"service starts at {ss}, cannot get there before {arrival_min}",
                )
            if s.service_s != stop.service_s or s.departure != ss + stop.service_s:
                bad("mismatch", vid, s.id, "service time or departure does not add up")
            late = 0
            if stop.time_windows:
                ws = sorted(stop.time_windows, key=lambda w: w.start)
                if stop.soft_windows:
                    if ss < ws[0].start or (ss <= ws[-1].end and not _serves_window(ws, ss)):
                        bad("time_window", vid, s.id, f"service at {ss} outside its windows")
                    late = max(0, ss - ws[-1].end)
                elif not _serves_window(ws, ss):
                    wins = ", ".join(f"[{w.start}, {w.end}]" for w in ws)
                    bad("time_window", vid, s.id, f"service at {ss} outside {wins}")
            if s.lateness_s != late:
                bad("mismatch", vid, s.id, f"lateness {s.lateness_s} != {late}")
            lateness_cost += late * stop.lateness_cost_per_s
            for u in range(n_units):
                load[u] += stop.pickup[u] - stop.delivery[u]
                if load[u] > vt.capacity[u]:
                    bad(
                        "capacity",
                        vid,
                        s.id,
                        f"{load[u]} {problem.units[u]} on board > capacity {vt.capacity[u]}",
                    )
                if load[u] < 0:
                    bad("capacity", vid, s.id, f"negative load {load[u]} {problem.units[u]}")
            if tuple(load) != s.load:
                bad("mismatch", vid, s.id, f"load {s.load} != {tuple(load)}")
            dep_prev = t_free = ss + stop.service_s
            prev_loc = s.location_index
            leg_breaks = 0
            on_leg = []
        end_time = steps[-1].arrival
        duration = end_time - start.departure
        if route.distance != dist:
            bad("mismatch", vid, None, f"route distance {route.distance} != {dist}")
        if route.duration != duration:
            bad("mismatch", vid, None, f"route duration {route.duration} != {duration}")

        # breaks: each of the vehicle's breaks exactly once, inside its window and the route
        got = sorted(
            (s.arrival, s.departure - s.arrival) for s in steps if s.type is StepType.BREAK
        )
        want = list(veh.breaks)
        if len(got) != len(want):
            bad("break", vid, None, f"{len(got)} breaks taken, {len(want)} required")
        else:
            remaining = list(want)
            for bs, bd in got:
                match = next(
                    (
                        b
                        for b in remaining
                        if b.duration_s == bd and b.window.start <= bs <= b.window.end
                    ),
                    None,
                )
                if match is None:
                    bad("break", vid, None, f"break at {bs} for {bd} s fits no break window")
                else:
                    remaining.remove(match)
                if bs < start.departure or bs + bd > end_time:
                    bad("break", vid, None, f"break at {bs} outside the route")

        # limits
        if vt.max_duration_s is not None and duration > vt.max_duration_s:
            bad("max_duration", vid, None, f"{duration} s > {vt.max_duration_s} s")
        if vt.max_distance_m is not None and dist > vt.max_distance_m * problem.distance_scale:
            bad("max_distance", vid, None, f"{dist} > {vt.max_distance_m * problem.distance_scale}")

        # cost
        rate_d = Fraction(obj.distance_per_m)
        rate_t = Fraction(obj.duration_per_s)
        fixed = Fraction(obj.per_vehicle)
        if obj.vehicle_costs:
            rate_d += Fraction(vt.cost_per_km, 1000 * problem.distance_scale)
            rate_t += Fraction(vt.cost_per_hour, 3600)
            fixed += vt.fixed_cost
        cost = round(fixed + rate_d * dist + rate_t * duration) + lateness_cost
        if route.cost != cost:
            bad("cost", vid, None, f"route cost {route.cost} != {cost}")
        total_cost += cost
        total_distance += dist
        longest = max(longest, duration)
        used += 1

    # every stop routed or unassigned, never both; required ones served
    unassigned_ids = set()
    unserved_required = 0
    penalties = Fraction(0)
    for u in plan.unassigned:
        if u.stop_id not in stop_of:
            bad("sequence", None, u.stop_id, "unknown unassigned stop")
            continue
        if u.stop_id in seen_stops:
            bad("duplicate", None, u.stop_id, "both routed and unassigned")
        unassigned_ids.add(u.stop_id)
        stop = stop_of[u.stop_id][1]
        if stop.penalty is None:
            unserved_required += 1
            penalties += obj.unserved_penalty
            bad("unserved", None, u.stop_id, f"required stop unserved ({u.reason})")
        else:
            penalties += stop.penalty
    for p in problem.pairs:
        a, b = p.pickup_id in unassigned_ids, p.delivery_id in unassigned_ids
        if a != b:
            bad("pair", None, p.pickup_id, "only one half of a pickup-and-delivery pair served")
    for s in problem.stops:
        if s.id not in seen_stops and s.id not in unassigned_ids:
            bad("missing", None, s.id, "neither routed nor listed as unassigned")

    out.extend(dispatched_violations(problem, plan))
    cost = round(total_cost) + obj.span_cost_per_s * longest + round(penalties)
    if plan.summary.cost != cost:
        bad("cost", None, None, f"plan cost {plan.summary.cost} != {cost}")
    if plan.summary.distance != total_distance:
        bad("mismatch", None, None, f"plan distance {plan.summary.distance} != {total_distance}")
    if plan.summary.vehicles != used:
        bad("mismatch", None, None, f"plan vehicles {plan.summary.vehicles} != {used}")
    return ValidationReport(
        feasible=not out,
        violations=tuple(out),
        cost=cost,
        distance=total_distance,
        vehicles=used,
        unserved_required=unserved_required,
        kinds=frozenset(v.kind for v in out),
    )


def dispatched_violations(problem: RoutingProblem, plan: RoutePlan) -> list[Violation]:
    """Kind ``dispatched``: a vehicle's route does not begin with its dispatched stops,
    in order, or a dispatched stop is unassigned.

    Needs no travel matrix (``validate_large`` uses it on plans of any size).
    """
    out: list[Violation] = []
    routes = {r.vehicle_id: r.stop_ids for r in plan.routes}
    unassigned = {u.stop_id for u in plan.unassigned}
    for v in problem.vehicles:
        want = list(v.dispatched)
        if not want:
            continue
        got = list(routes.get(v.id, []))[: len(want)]
        if got != want:
            k = next((k for k, sid in enumerate(want) if k >= len(got) or got[k] != sid))
            shown = f"{got[k]!r}" if k < len(got) else "nothing"
            out.append(
                Violation(
                    "dispatched",
                    v.id,
                    want[k],
                    f"dispatched stop {k + 1} is {want[k]!r} but the route has {shown} there "
                    f"(dispatched: {', '.join(want)})",
                )
            )
        for sid in want:
            if sid in unassigned:
                out.append(Violation("dispatched", v.id, sid, "dispatched stop left unassigned"))
    return out
