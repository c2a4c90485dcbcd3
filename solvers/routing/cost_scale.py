"""Integer engine costs that keep a required stop's drop penalty above any plan.

The engines need integer costs in int64. A plan's cost in cents is exact in
fractions of a cent (:mod:`solvers.routing.costs`); an engine counts in ``1/s``
cents, where the scale ``s`` is the smallest integer making every rate whole
(``K``) when that fits. At the allowed extremes (costs up to 10**9 cents per
meter or per second, distances of 4*10**7 m, seconds up to 10**9) the costs in
``1/K`` cents overflow int64, and OR-Tools' penalty for dropping a required stop,
capped to stay in int64, fell below the cost of serving it: required stops came
back unserved with ``no_room``.

So the scale is chosen against an upper bound of any plan's cost in engine units
(every vehicle used for its whole shift, every arc the longest one, every optional
stop dropped): ``s = K`` when that bound is within the engine's budget, else ``s``
is lowered (a fraction of ``K``, possibly below 1) until it is. Below ``K`` each
rate is rounded to the nearest ``1/s`` cent, so the engine optimises costs within
half an engine unit per rate and unit of distance or time; the plan's reported cost
is always recomputed exactly in cents from its routes, never from the engine's
objective. Rates smaller than half an engine unit then count as zero in the search
(only with costs more than about 10**12 times apart).

Loads are scaled for PyVRP the same way (:func:`pyvrp_load_scale`): PyVRP charges
``penalty x excess load`` in int64, its penalty per unit calibrated for loads of
benchmark size (capacities of hundreds). Amounts near the allowed 10**9 made one
overloaded route's penalty pass int64 (it wrapped to a large negative cost, so the
search preferred overloaded routes and a feasible problem came back ``no_solution``).
A load dimension whose amounts exceed :data:`PYVRP_LOAD_SPAN` is counted in units of
``q``: exactly when ``q`` divides every amount, else demands rounded up and capacities
down, so a route PyVRP finds within capacity is within capacity in exact units too
(never the other way round); the plan is then re-checked exactly. And PyVRP's largest
penalty is capped so it times the largest possible violation (excess load, excess
distance, time warp: one penalty bound covers all three) stays within
:data:`PYVRP_PENALTY_BUDGET` (:func:`pyvrp_max_penalty`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction

from logistics.domain.routing import RoutingProblem
from solvers.routing.costs import VehicleRates, priority_weight

__all__ = [
    "INT64_SAFE",
    "PYVRP_BUDGET",
    "PYVRP_LOAD_SPAN",
    "PYVRP_PENALTY_BUDGET",
    "coef",
    "fit_scale",
    "ortools_plan_bound",
    "ortools_required_penalty",
    "ortools_scale",
    "load_down",
    "pyvrp_load_scale",
    "pyvrp_max_penalty",
    "pyvrp_plan_bound",
    "pyvrp_scale",
]

INT64_SAFE = 2**62
"""Half of int64's range: what OR-Tools' objective (with the drop penalties of every
stop and guided local search's augmented costs) must stay within."""

PYVRP_BUDGET = 2**53
"""Largest plan cost bound given to PyVRP (exact as a float, and room in int64 for
its penalties of excess load, time warp and distance)."""

PYVRP_LOAD_SPAN = 100_000
"""Largest amount (a capacity, a stop's delivery or pickup) of one load dimension in
PyVRP's units: the range its penalties per unit of excess load are calibrated for
(benchmark capacities are 100 to 1,000), with a resolution of 10**-5 of the largest."""

PYVRP_PENALTY_BUDGET = 2**60
"""Largest ``max_penalty x`` (largest possible violation: excess load summed over the
load dimensions, excess distance, time warp) given to PyVRP: with the plan bound
(:data:`PYVRP_BUDGET`) it leaves a factor 8 of int64 for the sums of its move
evaluations."""

PRIORITY_FACTOR = 101
"""Largest :func:`~solvers.routing.costs.priority_weight`-style factor on a required
stop's penalty (``1 + priority`` for priority 100)."""


def coef(value: int | Fraction, scale: int | Fraction) -> int:
    """``value`` (cents, or cents per unit) in engine units: ``round(value * scale)``."""
    return round(Fraction(value) * scale)


def fit_scale(
    exact: int | Fraction, bound: Callable[[Fraction], int], limit: int
) -> int | Fraction:
    """``exact``, or ``exact / 2**j`` for the smallest ``j`` whose ``bound`` is at most
    ``limit`` (``bound`` reaches 0 once every coefficient rounds to 0, so there is one).
    An ``int`` when whole."""
    s = Fraction(exact)
    w = bound(s)
    if w > limit:  # jump close to the answer, then halve until it fits
        s /= 2 ** max(0, (w // max(limit, 1)).bit_length() - 1)
        w = bound(s)
    while w > limit:
        s /= 2
        w = bound(s)
    return int(s) if s.denominator == 1 else s


def ortools_plan_bound(
    problem: RoutingProblem,
    rates: Sequence[VehicleRates],
    scale: int | Fraction,
    max_arc: int,
    horizon: int,
) -> int:
    """An upper bound of any OR-Tools plan's objective without required-stop penalties.

    In engine units: every vehicle used (fixed cost), on duty for the whole
    ``horizon`` (s), driving two arcs of ``max_arc`` (matrix units) plus one per
    stop at the dearest rate, every soft window missed by the horizon, the longest
    route as long as the horizon, and every optional stop dropped.
    """
    stops = problem.stops
    w = 0
    for r in rates:
        w += coef(r.fixed, scale) + coef(r.per_second, scale) * horizon
        w += coef(r.per_distance, scale) * max_arc * 2
    w += max((coef(r.per_distance, scale) for r in rates), default=0) * max_arc * len(stops)
    w += sum(coef(s.lateness_cost_per_s, scale) for s in stops if s.soft_windows) * horizon
    w += coef(problem.objective.span_cost_per_s, scale) * horizon
    w += sum(
        coef(Fraction(s.penalty) * priority_weight(s.priority), scale)
        for s in stops
        if s.penalty is not None
    )
    return w


def _ortools_ceiling(n_stops: int) -> int:
    """Largest required-stop penalty: every stop dropped at 101 times it, with a
    factor 4 of room for guided local search, stays within :data:`INT64_SAFE`."""
    return INT64_SAFE // (4 * PRIORITY_FACTOR * max(n_stops, 1))


def ortools_scale(
    problem: RoutingProblem,
    rates: Sequence[VehicleRates],
    exact: int,
    max_arc: int,
    horizon: int,
) -> int | Fraction:
    """OR-Tools' cost scale: ``exact`` unless ten times the plan bound would pass the
    penalty ceiling (see :func:`ortools_required_penalty`), then lowered until not."""
    ceiling = _ortools_ceiling(len(problem.stops))
    return fit_scale(
        exact,
        lambda s: ortools_plan_bound(problem, rates, s, max_arc, horizon),
        ceiling // 10,
    )


def ortools_required_penalty(n_stops: int, plan_bound: int) -> int:
    """Drop penalty of a required stop (before its priority factor): ten times the
    plan bound (at least 10**9), within the ceiling. With the scale of
    :func:`ortools_scale` it is always above ``plan_bound``, so dropping a servable
    required stop never pays, whatever the costs."""
    huge = max(10 * plan_bound, 10**9)
    return min(huge, _ortools_ceiling(n_stops))


def pyvrp_plan_bound(
    type_costs: Sequence[tuple[int, int, int, int, int]],
    max_arc: int,
    n_stops: int,
    prizes: int,
) -> int:
    """Upper bound of a PyVRP plan's cost: ``type_costs`` are ``(vehicles, fixed,
    per distance unit, per second, shift seconds)`` per vehicle type in engine units;
    every vehicle used for its whole shift, two arcs of ``max_arc`` each plus one per
    stop at the dearest rate, every prize lost."""
    w = prizes
    for count, fixed, per_dist, per_s, shift in type_costs:
        w += count * (fixed + per_s * shift + per_dist * 2 * max_arc)
    w += max((c[2] for c in type_costs), default=0) * max_arc * n_stops
    return w


def pyvrp_scale(
    exact: int,
    unit_rates: Sequence[Fraction],
    arc_costs: Sequence[Fraction],
    bound: Callable[[Fraction], int],
    max_unit_cost: int,
    arc_span: int,
    fixed_costs: Sequence[Fraction] = (),
) -> int | Fraction:
    """PyVRP's cost scale: ``exact`` when every cost per distance unit or second
    (``unit_rates``, cents) stays at most ``max_unit_cost`` engine units, every
    longest arc's cost (``arc_costs``, cents) and every vehicle's fixed cost
    (``fixed_costs``, cents) at most ``max_unit_cost * arc_span`` (where its
    penalty bounds can be calibrated, see ``pyvrp_backend.penalty_params``), and the
    plan ``bound`` within :data:`PYVRP_BUDGET`; else lowered until all hold."""
    s = Fraction(exact)
    for top, cap in (
        (max(unit_rates, default=Fraction(0)), max_unit_cost),
        (max(arc_costs, default=Fraction(0)), max_unit_cost * arc_span),
        (max(fixed_costs, default=Fraction(0)), max_unit_cost * arc_span),
    ):
        if top * s > cap:
            s = Fraction(cap) / top
    return fit_scale(s, bound, PYVRP_BUDGET)


def _divisors(n: int) -> list[int]:
    """The divisors of ``n`` (> 0), ascending (trial division: ``n`` <= 10**9 here)."""
    small, large = [], []
    d = 1
    while d * d <= n:
        if n % d == 0:
            small.append(d)
            if d * d != n:
                large.append(n // d)
        d += 1
    return small + large[::-1]


def pyvrp_load_scale(
    amounts: Sequence[int], capacities: Sequence[int], span: int = PYVRP_LOAD_SPAN
) -> int:
    """Load units per PyVRP unit ``q`` for one load dimension (1: as given).

    ``amounts`` are the stops' deliveries and pickups, ``capacities`` the vehicle
    types' capacities in that dimension. ``q`` is 1 when every value is at most
    ``span``; else the values' greatest common divisor ``g`` when the largest over ``g``
    fits (exact); else a multiple of ``g`` making the largest fit, preferably one that
    divides every capacity (then a stop that fits a vehicle fits it in PyVRP too).
    Amounts that ``q`` does not divide are rounded by :func:`load_down`.
    """
    values = [int(a) for a in (*amounts, *capacities) if a]
    top = max(values, default=0)
    if top <= span:
        return 1
    g = math.gcd(*values)
    need = -(-top // (g * span))  # the smallest multiple m of g with top / (g m) <= span
    if need <= 1:
        return g
    caps = math.gcd(*(int(c) // g for c in capacities if c))
    for m in _divisors(caps) if caps else ():
        if m >= need:
            if m <= 10 * need:  # resolution at least span / 10
                return g * m
            break
    return g * need


def load_down(value: int, q: int, *, demand: bool) -> int:
    """``value`` in units of ``q``: a demand rounded up, a capacity rounded down (so
    what fits in these units fits exactly)."""
    return -(-value // q) if demand else value // q


def pyvrp_max_penalty(max_penalty: float, max_excess: int) -> float:
    """``max_penalty`` capped so that times ``max_excess`` (PyVRP's largest possible
    excess load summed over its load dimensions, in its units) it stays within
    :data:`PYVRP_PENALTY_BUDGET`."""
    return min(float(max_penalty), PYVRP_PENALTY_BUDGET / max(max_excess, 1))
