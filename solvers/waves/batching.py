"""Order batching: ``solve_batching(problem, params, on_progress) -> BatchingResult``."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from logistics.domain.picking import PickLine
from solvers.picking import PickRoute, route
from solvers.waves.alns import improve_batches
from solvers.waves.construct import fcfs_batches, savings_batches, seed_batches
from solvers.waves.costs import (
    BatchCoster,
    Unit,
    add_load,
    final_route_params,
    fits,
    make_units,
    routes_with_tsp,
)
from solvers.waves.problem import (
    BatchingParams,
    BatchingProblem,
    Progress,
    ProgressCallback,
    StopCheck,
)

__all__ = ["Batch", "BatchingResult", "solve_batching", "validate_batching", "BatchingCheck"]


@dataclass(frozen=True)
class Batch:
    """One cart: the orders (or order parts) picked together in one tour.

    Attributes
    ----------
    orders
        Order ids on the cart (an id appears once per part it contributes).
    parts
        ``(order id, part number)`` pairs; part 0 is a whole order unless split.
    lines
        Every line to pick on this tour.
    line_orders
        The order id of each line (same length as ``lines``).
    load
        ``(items, totes, volume_cm3, weight_g)`` on the cart.
    route
        The picker route (slot ids in walking order, length).
    release_s
        Latest arrival among its orders (s).
    due_s
        Earliest carrier cut-off among its orders (s), ``None`` when none has one.
    """

    orders: tuple[str, ...]
    parts: tuple[tuple[str, int], ...]
    lines: tuple[PickLine, ...]
    line_orders: tuple[str, ...]
    load: tuple[int, int, int, int]
    route: PickRoute
    release_s: int
    due_s: int | None

    @property
    def length_mm(self) -> int:
        return self.route.length_mm

    @property
    def duration_s(self) -> float:
        """Walking plus picking time of the tour (s)."""
        return self.route.time_s


@dataclass(frozen=True)
class BatchingResult:
    """Batches, their total walking distance, and how the search went."""

    batches: tuple[Batch, ...]
    total_length_mm: int
    start: str
    start_lengths_mm: dict[str, int] = field(default_factory=dict)
    iterations: int = 0
    evaluations: int = 0
    seconds: float = 0.0

    @property
    def total_length_m(self) -> float:
        return self.total_length_mm / 1000.0


_FINAL_SHARE = 0.2
"""Part of the time limit kept to route the result's carts when they are routed with tsp."""


def _build(
    problem: BatchingProblem,
    units: list[Unit],
    batches: list[list[int]],
    router: str,
    deadline: float | None = None,
    should_stop: StopCheck | None = None,
):
    """The result's carts, each routed with ``router`` (``tsp``: within ``deadline``, see
    :func:`~solvers.waves.costs.final_route_params`; a stop asked during a cart's guided
    local search ends it with its best tour, and the carts after it get first tours)."""
    out = []
    tsp = routes_with_tsp(problem.layout, router)
    for k, b in enumerate(batches):
        us = [units[u] for u in sorted(b, key=lambda u: (units[u].order_index, units[u].part))]
        lines = tuple(line for u in us for line in u.lines)
        load = (0, 0, 0, 0)
        for u in us:
            load = add_load(load, u.load)
        rp = final_route_params(deadline, len(batches) - k, should_stop) if tsp else None
        slots = [line.slot_id for line in lines]
        r = route(problem.layout, slots, router, rp, should_stop=should_stop)  # tsp polls it
        cut = [u.cutoff_s for u in us if u.cutoff_s is not None]
        out.append(
            Batch(
                orders=tuple(dict.fromkeys(u.order_id for u in us)),
                parts=tuple((u.order_id, u.part) for u in us),
                lines=lines,
                line_orders=tuple(u.order_id for u in us for _ in u.lines),
                load=load,
                route=r,
                release_s=max(u.arrival_s for u in us),
                due_s=min(cut) if cut else None,
            )
        )
    return tuple(out)


def solve_batching(
    problem: BatchingProblem,
    params: BatchingParams | None = None,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> BatchingResult:
    """Batch the orders of ``problem`` to minimise total walking distance.

    Parameters
    ----------
    problem
        Layout, orders, cart capacity (validated at construction).
    params
        Start heuristic, ALNS on/off, time limit, router, seed.
    on_progress
        Called with :class:`Progress` (elapsed s, best total length in m) when
        the best solution improves.
    should_stop
        Polled while searching; once true, the best batching so far is returned.

    Returns
    -------
    BatchingResult
        Batches with their routes (slot ids in walking order).
    """
    params = params or BatchingParams()
    t_start = time.perf_counter()
    deadline = t_start + params.time_limit_s
    tsp = routes_with_tsp(problem.layout, params.router)
    # tsp: carts are priced fast while searching; the last part of the limit routes the result
    search_end = t_start + (1 - _FINAL_SHARE) * params.time_limit_s if tsp else deadline
    units = make_units(problem)
    coster = BatchCoster(
        problem.layout, units, params.router, deadline=search_end, should_stop=should_stop
    )
    starts: dict[str, list[list[int]]] = {}
    names = ("fcfs", "seed", "savings") if params.start == "best" else (params.start,)
    for name in names:
        if name == "fcfs":
            starts[name] = fcfs_batches(units, problem.cart)
        elif name == "seed":
            starts[name] = seed_batches(units, problem.cart, problem.layout)
        else:
            sub = t_start + 0.35 * params.time_limit_s if params.improve else None
            if tsp:
                sub = min(sub or search_end, search_end)
            starts[name] = savings_batches(
                units, problem.cart, coster, deadline=sub, should_stop=should_stop
            )
    lengths = {k: sum(coster.length(frozenset(b)) for b in v) for k, v in starts.items()}
    start = min(lengths, key=lambda k: (lengths[k], names.index(k)))
    batches = starts[start]
    best_len = lengths[start]
    if on_progress:
        on_progress(Progress(time.perf_counter() - t_start, best_len / 1000.0, phase=start))
    iterations = 0
    if params.improve and units:

        def cb(_it: int, best: int) -> None:
            if on_progress:
                on_progress(Progress(time.perf_counter() - t_start, best / 1000.0, phase="alns"))

        batches, iterations = improve_batches(
            batches, units, problem.cart, coster,
            deadline=search_end, seed=params.seed, max_iterations=params.max_iterations,
            on_improve=cb, should_stop=should_stop,
        )  # fmt: skip
    built = _build(problem, units, batches, params.router, deadline, should_stop)
    return BatchingResult(
        batches=built,
        total_length_mm=sum(b.length_mm for b in built),
        start=start,
        start_lengths_mm=lengths,
        iterations=iterations,
        evaluations=coster.evaluations,
        seconds=time.perf_counter() - t_start,
    )


@dataclass(frozen=True)
class BatchingCheck:
    """Outcome of :func:`validate_batching`."""

    ok: bool
    total_length_mm: int
    errors: tuple[str, ...]


def validate_batching(
    problem: BatchingProblem, result: BatchingResult, router: str = "exact"
) -> BatchingCheck:
    """Recheck a batching independently: every line picked once, capacity, splits, lengths.

    Lengths of the batches routed with ``router`` are recomputed by routing their slots
    again (only those: ``exact`` cannot route every pick list ``tsp`` or ``auto`` can).
    """
    from solvers.picking import validate as validate_route

    errors: list[str] = []
    want: dict[str, list[PickLine]] = {o.id: list(o.lines) for o in problem.orders}
    by_id = {o.id: o for o in problem.orders}
    got: dict[str, list[PickLine]] = {o.id: [] for o in problem.orders}
    pool = {o.id: Counter(o.lines) for o in problem.orders}
    carts_of: dict[str, int] = {}
    total = 0
    for k, b in enumerate(result.batches):
        load = [0, 0, 0, 0]
        for oid, _part in b.parts:
            if oid not in by_id:
                errors.append(f"batch {k}: unknown order {oid!r}")
        for oid in b.orders:
            carts_of[oid] = carts_of.get(oid, 0) + 1
        for line in b.lines:
            load[0] += line.quantity
            load[2] += line.volume_cm3
            load[3] += line.weight_g
        for oid in b.orders:
            if oid in by_id:
                load[1] += by_id[oid].totes
        if not fits(tuple(load), problem.cart):
            errors.append(f"batch {k}: load {tuple(load)} exceeds the cart {problem.cart}")
        if len(b.line_orders) != len(b.lines):
            errors.append(f"batch {k}: line_orders and lines differ in length")
        for owner, line in zip(b.line_orders, b.lines, strict=False):
            if pool.get(owner, {}).get(line, 0) <= 0:
                errors.append(f"batch {k}: line {line.slot_id} is not an open line of {owner!r}")
                continue
            pool[owner][line] -= 1
            got[owner].append(line)
        slots = [line.slot_id for line in b.lines]
        check = validate_route(problem.layout, slots, b.route)
        if not check.ok:
            errors.append(f"batch {k}: route invalid: {check.errors}")
        if b.route.method == router:  # another method's length is not comparable
            again = route(problem.layout, slots, router).length_mm
            if again != b.route.length_mm:
                errors.append(f"batch {k}: length {b.route.length_mm} != recomputed {again}")
        total += b.route.length_mm
    for oid, lines in want.items():
        if sorted(map(repr, got[oid])) != sorted(map(repr, lines)):
            errors.append(f"order {oid!r}: lines picked {len(got[oid])} != ordered {len(lines)}")
        if carts_of.get(oid, 0) > 1 and not by_id[oid].allow_split:
            errors.append(f"order {oid!r} is split over {carts_of[oid]} carts")
    if total != result.total_length_mm:
        errors.append(f"total {result.total_length_mm} != sum of batches {total}")
    return BatchingCheck(not errors, total, tuple(errors))
