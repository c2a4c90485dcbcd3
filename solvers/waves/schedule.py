"""Wave planning: batch per carrier cut-off, then sequence batches on pickers.

1. Orders are grouped into waves, one per distinct carrier cut-off (orders
   without a cut-off form the last wave).
2. Each wave is batched with :func:`solve_batching` (exact routes; the time
   budget is shared in proportion to the orders).
3. Batches are list-scheduled in earliest-due-date order (longest first among
   equal dues, which shortens the makespan) on the picker who finishes them
   earliest within their shift, in the first idle gap long enough, never before
   the batch's orders arrived (a cart starts once its last order arrived).
4. Repair: batching looks at walking only, so a cart may mix orders that arrive
   hours apart; it then waits for its last order and can end after a cut-off or
   after every shift. A cart with an unscheduled or late order (then, while the
   plan still has one, any cart mixing arrivals) is split by arrival into an
   earlier and a later sub-cart, each routed again, when that improves
   (orders unscheduled, orders late, total lateness, walking) lexicographically;
   sub-carts are split again the same way.
5. While time remains, neighbouring waves are merged (batched together, each
   batch due at its earliest cut-off, then repaired) when that lowers walking
   without making the plan worse on (unscheduled, late, total lateness).
Orders that still miss their cut-off are reported with the lateness in seconds;
orders on a cart no shift can hold are reported as unscheduled, with or without
a cut-off.
"""

from __future__ import annotations

import bisect
import math
import time
from dataclasses import dataclass

from logistics.domain.picking import PickOrder
from solvers.picking import PickRoute, route
from solvers.progress import time_is_up
from solvers.waves.batching import Batch, BatchingCheck, solve_batching, validate_batching
from solvers.waves.costs import routes_with_tsp, search_route_params
from solvers.waves.problem import (
    BatchingParams,
    BatchingProblem,
    Progress,
    ProgressCallback,
    StopCheck,
    WaveParams,
    WaveProblem,
)

__all__ = ["Wave", "ScheduledBatch", "LateOrder", "WavePlan", "PlanCheck", "plan_waves", "validate"]


@dataclass(frozen=True)
class Wave:
    """Orders released together; ``cutoff_s`` is the earliest cut-off among them."""

    index: int
    cutoff_s: int | None
    order_ids: tuple[str, ...]


@dataclass(frozen=True)
class ScheduledBatch:
    """A batch on a picker: ``start_s`` to ``end_s`` (s), within wave ``wave``."""

    batch: Batch
    wave: int
    picker_id: str | None
    start_s: int | None
    end_s: int | None


@dataclass(frozen=True)
class LateOrder:
    """An order that misses its cut-off, by ``late_by_s`` seconds, or is not scheduled at all
    (``done_s`` and ``late_by_s`` ``None``; then ``cutoff_s`` may be ``None`` too)."""

    order_id: str
    cutoff_s: int | None
    done_s: int | None
    late_by_s: int | None
    reason: str


@dataclass(frozen=True)
class WavePlan:
    """Waves, batches in picker sequence, late orders and the totals."""

    waves: tuple[Wave, ...]
    batches: tuple[ScheduledBatch, ...]
    late: tuple[LateOrder, ...]
    total_length_mm: int
    makespan_s: int
    seconds: float

    @property
    def on_time(self) -> bool:
        return not self.late

    @property
    def total_length_m(self) -> float:
        return self.total_length_mm / 1000.0


def _duration(problem: WaveProblem, b: Batch) -> int:
    return int(math.ceil(b.duration_s)) + problem.setup_s


def _earliest_start(busy: list[tuple[int, int]], t: int, dur: int, limit: int) -> int | None:
    """Earliest start >= ``t`` of ``dur`` seconds between the ``busy`` intervals, ending by
    ``limit``; ``None`` when there is no room."""
    for s, e in busy:
        if t + dur <= s:
            break
        t = max(t, e)
    return t if t + dur <= limit else None


def _schedule(problem: WaveProblem, batches: list[tuple[Batch, int]]):
    """EDD list scheduling into the first idle gap; returns (scheduled, late, makespan)."""
    inf = 1 << 62
    order = sorted(
        range(len(batches)),
        key=lambda i: (
            batches[i][0].due_s if batches[i][0].due_s is not None else inf,
            -_duration(problem, batches[i][0]),
            i,
        ),
    )
    busy: dict[str, list[tuple[int, int]]] = {p.id: [] for p in problem.pickers}
    shifts = {p.id: p for p in problem.pickers}
    out: list[ScheduledBatch | None] = [None] * len(batches)
    for i in order:
        b, w = batches[i]
        dur = _duration(problem, b)
        best = None
        for pid, p in shifts.items():
            start = _earliest_start(
                busy[pid], max(p.shift_start_s, b.release_s), dur, p.shift_end_s
            )
            if start is None:
                continue
            end = start + dur
            if best is None or (end, pid) < (best[2], best[0]):
                best = (pid, start, end)
        if best is None:
            out[i] = ScheduledBatch(b, w, None, None, None)
            continue
        pid, start, end = best
        bisect.insort(busy[pid], (start, end))
        out[i] = ScheduledBatch(b, w, pid, start, end)
    scheduled = [s for s in out if s is not None]
    scheduled.sort(key=lambda s: (s.picker_id is None, s.picker_id or "", s.start_s or 0))
    late = _late_orders(problem, scheduled)
    ends = [s.end_s for s in scheduled if s.end_s is not None]
    first = min(p.shift_start_s for p in problem.pickers)
    makespan = (max(ends) - first) if ends else 0
    return scheduled, late, makespan


def _late_orders(problem: WaveProblem, scheduled: list[ScheduledBatch]) -> list[LateOrder]:
    """Orders picked after their cut-off, and every order on an unscheduled cart."""
    done: dict[str, int | None] = {}
    for s in scheduled:
        for oid in s.batch.orders:
            if s.end_s is None:
                done[oid] = None
            elif oid not in done or (done[oid] is not None and s.end_s > done[oid]):  # type: ignore[operator]
                done[oid] = s.end_s
    late = []
    for o in problem.batching.orders:
        if o.id not in done:
            continue
        t = done[o.id]
        if t is None:
            late.append(LateOrder(o.id, o.cutoff_s, None, None, "no picker shift has room"))
        elif o.cutoff_s is not None and t > o.cutoff_s:
            late.append(LateOrder(o.id, o.cutoff_s, t, t - o.cutoff_s, "picked after the cut-off"))
    return late


Quality = tuple[int, int, int, int]
"""(orders unscheduled, orders late, total lateness s, walking mm): smaller is better."""


def _quality(flat: list[tuple[Batch, int]], late: list[LateOrder]) -> Quality:
    unscheduled = sum(1 for x in late if x.done_s is None)
    return (
        unscheduled,
        len(late) - unscheduled,
        sum(x.late_by_s or 0 for x in late),
        sum(b.length_mm for b, _ in flat),
    )


class _Splitter:
    """Cuts a batch into the sub-cart of some of its orders, routed again (routes cached;
    ``tsp`` routes as a search prices carts, within ``deadline`` and ``should_stop``)."""

    def __init__(
        self,
        problem: WaveProblem,
        router: str,
        deadline: float | None = None,
        should_stop: StopCheck | None = None,
    ) -> None:
        self.layout = problem.batching.layout
        self.orders: dict[str, PickOrder] = {o.id: o for o in problem.batching.orders}
        self.router = router
        self.tsp = routes_with_tsp(self.layout, router)
        self.deadline = deadline
        self.should_stop = should_stop
        self.routes: dict[tuple[str, ...], PickRoute] = {}

    def arrivals(self, b: Batch) -> list[int]:
        return sorted({self.orders[o].arrival_s for o in b.orders})

    def sub(self, b: Batch, keep: set[str]) -> Batch:
        pairs = [(o, ln) for o, ln in zip(b.line_orders, b.lines, strict=True) if o in keep]
        parts = tuple(p for p in b.parts if p[0] in keep)
        orders = tuple(o for o in b.orders if o in keep)
        slots = tuple(ln.slot_id for _, ln in pairs)
        r = self.routes.get(slots)
        if r is None:
            rp = search_route_params(self.deadline, self.should_stop) if self.tsp else None
            r = self.routes[slots] = route(self.layout, slots, self.router, rp)
        cuts = [self.orders[o].cutoff_s for o in orders if self.orders[o].cutoff_s is not None]
        load = (
            sum(ln.quantity for _, ln in pairs),
            sum(self.orders[o].totes for o, _ in parts),
            sum(ln.volume_cm3 for _, ln in pairs),
            sum(ln.weight_g for _, ln in pairs),
        )
        return Batch(
            orders=orders,
            parts=parts,
            lines=tuple(ln for _, ln in pairs),
            line_orders=tuple(o for o, _ in pairs),
            load=load,
            route=r,
            release_s=max(self.orders[o].arrival_s for o in orders),
            due_s=min(cuts) if cuts else None,
        )


def _repair(
    problem: WaveProblem,
    flat: list[tuple[Batch, int]],
    splitter: _Splitter,
    deadline: float,
    should_stop: StopCheck | None,
):
    """Split carts by arrival while that improves :func:`_quality` (see the module docstring).

    Returns ``(flat, (scheduled, late, makespan), quality)``; stops at ``deadline`` or once
    ``should_stop()`` with the best plan so far.
    """
    flat = list(flat)
    outcome = _schedule(problem, flat)
    quality = _quality(flat, outcome[1])

    def clean(q: Quality) -> bool:
        return q[:3] == (0, 0, 0)

    def candidates() -> list[Batch]:
        troubled = {x.order_id for x in outcome[1]}
        mixed = [b for b, _ in flat if len(splitter.arrivals(b)) > 1]
        bad = [b for b in mixed if troubled.intersection(b.orders)]
        return bad + [b for b in mixed if not troubled.intersection(b.orders)]

    queue = [] if clean(quality) else candidates()
    while queue and not clean(quality):
        b = queue.pop(0)
        at = next((i for i, (x, _) in enumerate(flat) if x is b), None)
        if at is None:
            continue
        w = flat[at][1]
        best = None
        for t in splitter.arrivals(b)[:-1]:
            if time_is_up(deadline, should_stop):
                return flat, outcome, quality
            early = {o for o in b.orders if splitter.orders[o].arrival_s <= t}
            parts = [splitter.sub(b, early), splitter.sub(b, set(b.orders) - early)]
            trial = [*flat[:at], (parts[0], w), (parts[1], w), *flat[at + 1 :]]
            t_out = _schedule(problem, trial)
            t_q = _quality(trial, t_out[1])
            if t_q < (quality if best is None else best[2]):
                best = (trial, t_out, t_q, parts)
        if best is not None:
            flat, outcome, quality, parts = best
            queue[:0] = [p for p in parts if len(splitter.arrivals(p)) > 1]
    return flat, outcome, quality


def plan_waves(
    problem: WaveProblem,
    params: WaveParams | None = None,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> WavePlan:
    """Plan waves, batches and picker sequences for ``problem``.

    Parameters
    ----------
    problem
        Orders (with arrival and cut-off), layout, cart, pickers and shifts.
    params
        :class:`WaveParams` (batching options, total time limit in s).
    on_progress
        Called with :class:`Progress` (elapsed s, total walking m of the plan so far; ``None``
        while the first batching of the waves runs) as the search goes.
    should_stop
        Polled while searching; once true, the searches end and the plan built so far
        (every order batched and scheduled) is returned.

    Returns
    -------
    WavePlan
        Waves, scheduled batches, late orders (empty when every order is scheduled and
        meets its cut-off), total walking (mm) and makespan (s).
    """
    params = params or WaveParams()
    t0 = time.perf_counter()
    bp = problem.batching
    groups: dict[int | None, list] = {}
    for o in bp.orders:
        groups.setdefault(o.cutoff_s, []).append(o)
    keys = sorted(groups, key=lambda c: (c is None, c or 0))
    n = max(len(bp.orders), 1)
    budget = params.time_limit_s * 0.6
    walking_m: list[float | None] = [None]  # the plan's so far: none while the waves batch

    def batch_group(orders: list, share: float, phase: str = "merge") -> list[Batch]:
        sub = BatchingProblem(bp.layout, tuple(orders), bp.cart)
        bparams = BatchingParams(
            start=params.batching.start,
            improve=params.batching.improve,
            time_limit_s=max(0.05, share),
            router=params.batching.router,
            seed=params.batching.seed,
            max_iterations=params.batching.max_iterations,
        )
        report = None
        if on_progress is not None:

            def report(_p: Progress) -> None:
                on_progress(Progress(time.perf_counter() - t0, walking_m[0], phase=phase))

        return list(solve_batching(sub, bparams, report, should_stop).batches)

    waves: list[list] = [groups[k] for k in keys]
    wave_batches = [
        batch_group(w, budget * len(w) / n, f"batching wave {k + 1}/{len(waves)}")
        for k, w in enumerate(waves)
    ]

    deadline = t0 + params.time_limit_s
    splitter = _Splitter(problem, params.batching.router, deadline, should_stop)
    slowest_repair = [0.0]

    def assemble(wbs: list[list[Batch]]):
        flat = [(b, wi) for wi, bs in enumerate(wbs) for b in bs]
        t = time.perf_counter()
        flat, outcome, quality = _repair(problem, flat, splitter, deadline, should_stop)
        slowest_repair[0] = max(slowest_repair[0], time.perf_counter() - t)
        # keep the sub-carts, so later merges start from the repaired waves
        repaired = [[b for b, w in flat if w == wi] for wi in range(len(wbs))]
        return repaired, outcome, quality

    wave_batches, (sched, late, makespan), quality = assemble(wave_batches)
    walking_m[0] = quality[3] / 1000.0
    if on_progress:
        on_progress(Progress(time.perf_counter() - t0, walking_m[0], phase="waves"))
    # merge neighbouring waves while it saves walking and keeps the plan as good on time
    k = 0
    while k + 1 < len(waves) and not time_is_up(deadline, should_stop):
        merged = waves[k] + waves[k + 1]
        # leave time to repair the merged wave's carts (at most a tenth of the limit)
        reserve = min(0.1 * params.time_limit_s, max(0.1, 3 * slowest_repair[0]))
        share = min(deadline - reserve - time.perf_counter(), budget * len(merged) / n)
        if share <= 0.05:
            break
        trial_batches = [*wave_batches[:k], batch_group(merged, share), *wave_batches[k + 2 :]]
        t_batches, (t_sched, t_late, t_make), t_quality = assemble(trial_batches)
        if t_quality[:3] <= quality[:3] and t_quality[3] < quality[3]:
            waves[k : k + 2] = [merged]
            wave_batches = t_batches
            sched, late, makespan, quality = t_sched, t_late, t_make, t_quality
            walking_m[0] = quality[3] / 1000.0
            if on_progress:
                on_progress(Progress(time.perf_counter() - t0, walking_m[0], phase="merge"))
        else:
            k += 1
    wave_objs = []
    for wi, orders in enumerate(waves):
        cuts = [o.cutoff_s for o in orders if o.cutoff_s is not None]
        wave_objs.append(Wave(wi, min(cuts) if cuts else None, tuple(o.id for o in orders)))
    return WavePlan(
        waves=tuple(wave_objs),
        batches=tuple(sched),
        late=tuple(late),
        total_length_mm=quality[3],
        makespan_s=makespan,
        seconds=time.perf_counter() - t0,
    )


@dataclass(frozen=True)
class PlanCheck:
    """Outcome of :func:`validate`."""

    ok: bool
    total_length_mm: int
    late_order_ids: tuple[str, ...]
    errors: tuple[str, ...]


def validate(problem: WaveProblem, plan: WavePlan) -> PlanCheck:
    """Recheck a plan: batching (lines, capacity, splits, routes), shifts, arrivals, overlaps,
    and the late orders (recomputed from the batch times and the problem's orders: every order
    picked after its cut-off, and every order on an unscheduled cart, cut-off or not)."""
    from solvers.waves.batching import BatchingResult

    errors: list[str] = []
    batches = tuple(s.batch for s in plan.batches)
    total = sum(b.length_mm for b in batches)
    bcheck: BatchingCheck = validate_batching(
        problem.batching, BatchingResult(batches, total, "plan")
    )
    errors.extend(bcheck.errors)
    arrival = {o.id: o.arrival_s for o in problem.batching.orders}
    shifts = {p.id: p for p in problem.pickers}
    by_picker: dict[str, list[ScheduledBatch]] = {}
    for s in plan.batches:
        if s.picker_id is None:
            if s.start_s is not None or s.end_s is not None:
                errors.append(f"batch {s.batch.orders} has times but no picker")
            continue
        p = shifts.get(s.picker_id)
        if p is None:
            errors.append(f"unknown picker {s.picker_id!r}")
            continue
        if s.start_s is None or s.end_s is None:
            errors.append(f"batch on {p.id} has no start or end")
            continue
        if s.start_s < p.shift_start_s or s.end_s > p.shift_end_s:
            errors.append(f"batch on {p.id} at {s.start_s}-{s.end_s} s is outside the shift")
        release = max((arrival.get(o, 0) for o in s.batch.orders), default=0)
        if s.start_s < release:
            errors.append(f"batch on {p.id} starts at {s.start_s} s, before its orders arrive")
        if s.end_s - s.start_s < _duration(problem, s.batch):
            errors.append(f"batch on {p.id} is shorter than its walk and picks")
        by_picker.setdefault(p.id, []).append(s)
    for pid, items in by_picker.items():
        # by start, then end: a cart of no time ([t, t]) sorts before one starting with it
        items.sort(key=lambda s: (s.start_s or 0, s.end_s or 0))
        for a, b in zip(items, items[1:], strict=False):
            if (b.start_s or 0) < (a.end_s or 0):
                errors.append(f"picker {pid}: batches overlap at {b.start_s} s")
    late = _late_orders(problem, list(plan.batches))

    def facts(xs) -> list[tuple]:  # noqa: ANN001
        return sorted((x.order_id, x.cutoff_s, x.done_s, x.late_by_s) for x in xs)

    if facts(late) != facts(plan.late):
        errors.append("reported late orders differ from the recomputed ones")
    if total != plan.total_length_mm:
        errors.append(f"total {plan.total_length_mm} != {total}")
    got = sorted(x.order_id for x in late)
    return PlanCheck(not errors, total, tuple(got), tuple(errors))
