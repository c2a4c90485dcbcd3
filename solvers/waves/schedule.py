"""Wave planning: batch per carrier cut-off, then sequence batches on pickers.

1. Orders are grouped into waves, one per distinct carrier cut-off (orders
   without a cut-off form the last wave).
2. Each wave is batched with :func:`solve_batching` (exact routes; the time
   budget is shared in proportion to the orders).
3. Batches are list-scheduled in earliest-due-date order (longest first among
   equal dues, which shortens the makespan) on the picker who finishes them
   earliest within their shift, never before the batch's orders arrived.
4. While time remains, neighbouring waves are merged (batched together, each
   batch due at its earliest cut-off) when that lowers walking without making
   any order late.
Orders that still miss their cut-off are reported with the lateness in seconds;
batches no shift can hold are reported as unscheduled.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from solvers.progress import time_is_up
from solvers.waves.batching import Batch, BatchingCheck, solve_batching, validate_batching
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
    """An order that misses its cut-off, by ``late_by_s`` seconds (``None``: not scheduled)."""

    order_id: str
    cutoff_s: int
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


def _schedule(problem: WaveProblem, batches: list[tuple[Batch, int]]):
    """EDD list scheduling; returns (scheduled, late, makespan)."""
    inf = 1 << 62
    order = sorted(
        range(len(batches)),
        key=lambda i: (
            batches[i][0].due_s if batches[i][0].due_s is not None else inf,
            -_duration(problem, batches[i][0]),
            i,
        ),
    )
    free = {p.id: p.shift_start_s for p in problem.pickers}
    shifts = {p.id: p for p in problem.pickers}
    out: list[ScheduledBatch | None] = [None] * len(batches)
    for i in order:
        b, w = batches[i]
        dur = _duration(problem, b)
        best = None
        for pid, p in shifts.items():
            start = max(free[pid], p.shift_start_s, b.release_s)
            end = start + dur
            if end <= p.shift_end_s and (best is None or (end, pid) < (best[2], best[0])):
                best = (pid, start, end)
        if best is None:
            out[i] = ScheduledBatch(b, w, None, None, None)
            continue
        pid, start, end = best
        free[pid] = end
        out[i] = ScheduledBatch(b, w, pid, start, end)
    scheduled = [s for s in out if s is not None]
    scheduled.sort(key=lambda s: (s.picker_id is None, s.picker_id or "", s.start_s or 0))
    late = _late_orders(problem, scheduled)
    ends = [s.end_s for s in scheduled if s.end_s is not None]
    first = min(p.shift_start_s for p in problem.pickers)
    makespan = (max(ends) - first) if ends else 0
    return scheduled, late, makespan


def _late_orders(problem: WaveProblem, scheduled: list[ScheduledBatch]) -> list[LateOrder]:
    done: dict[str, int | None] = {}
    for s in scheduled:
        for oid in s.batch.orders:
            if s.end_s is None:
                done[oid] = None
            elif oid not in done or (done[oid] is not None and s.end_s > done[oid]):  # type: ignore[operator]
                done[oid] = s.end_s
    late = []
    for o in problem.batching.orders:
        if o.cutoff_s is None or o.id not in done:
            continue
        t = done[o.id]
        if t is None:
            late.append(LateOrder(o.id, o.cutoff_s, None, None, "no picker shift has room"))
        elif t > o.cutoff_s:
            late.append(LateOrder(o.id, o.cutoff_s, t, t - o.cutoff_s, "picked after the cut-off"))
    return late


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
        Waves, scheduled batches, late orders (empty when all cut-offs are met),
        total walking (mm) and makespan (s).
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
                on_progress(Progress(time.perf_counter() - t0, None, phase=phase))

        return list(solve_batching(sub, bparams, report, should_stop).batches)

    waves: list[list] = [groups[k] for k in keys]
    wave_batches = [
        batch_group(w, budget * len(w) / n, f"batching wave {k + 1}/{len(waves)}")
        for k, w in enumerate(waves)
    ]

    def assemble(wbs: list[list[Batch]]):
        flat = [(b, wi) for wi, bs in enumerate(wbs) for b in bs]
        return flat, _schedule(problem, flat)

    flat, (sched, late, makespan) = assemble(wave_batches)
    length = sum(b.length_mm for b, _ in flat)
    if on_progress:
        on_progress(Progress(time.perf_counter() - t0, length / 1000.0, phase="waves"))
    # merge neighbouring waves while it saves walking and keeps everyone on time
    deadline = t0 + params.time_limit_s
    k = 0
    while k + 1 < len(waves) and not time_is_up(deadline, should_stop):
        merged = waves[k] + waves[k + 1]
        share = min(deadline - time.perf_counter(), budget * len(merged) / n)
        if share <= 0.05:
            break
        trial_batches = [*wave_batches[:k], batch_group(merged, share), *wave_batches[k + 2 :]]
        t_flat, (t_sched, t_late, t_make) = assemble(trial_batches)
        t_len = sum(b.length_mm for b, _ in t_flat)
        if (
            t_len < length
            and len(t_late) <= len(late)
            and (sum(x.late_by_s or 0 for x in t_late) <= sum(x.late_by_s or 0 for x in late))
        ):
            waves[k : k + 2] = [merged]
            wave_batches = trial_batches
            flat, sched, late, makespan, length = t_flat, t_sched, t_late, t_make, t_len
            if on_progress:
                on_progress(Progress(time.perf_counter() - t0, length / 1000.0, phase="merge"))
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
        total_length_mm=length,
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
    """Recheck a plan: batching (lines, capacity, splits, routes), shifts, overlaps, lateness."""
    from solvers.waves.batching import BatchingResult

    errors: list[str] = []
    batches = tuple(s.batch for s in plan.batches)
    total = sum(b.length_mm for b in batches)
    bcheck: BatchingCheck = validate_batching(
        problem.batching, BatchingResult(batches, total, "plan")
    )
    errors.extend(bcheck.errors)
    shifts = {p.id: p for p in problem.pickers}
    by_picker: dict[str, list[ScheduledBatch]] = {}
    for s in plan.batches:
        if s.picker_id is None:
            continue
        p = shifts.get(s.picker_id)
        if p is None:
            errors.append(f"unknown picker {s.picker_id!r}")
            continue
        assert s.start_s is not None and s.end_s is not None
        if s.start_s < p.shift_start_s or s.end_s > p.shift_end_s:
            errors.append(f"batch on {p.id} at {s.start_s}-{s.end_s} s is outside the shift")
        if s.start_s < s.batch.release_s:
            errors.append(f"batch on {p.id} starts before its orders arrive")
        if s.end_s - s.start_s < _duration(problem, s.batch):
            errors.append(f"batch on {p.id} is shorter than its walk and picks")
        by_picker.setdefault(p.id, []).append(s)
    for pid, items in by_picker.items():
        items.sort(key=lambda s: s.start_s or 0)
        for a, b in zip(items, items[1:], strict=False):
            if (b.start_s or 0) < (a.end_s or 0):
                errors.append(f"picker {pid}: batches overlap at {b.start_s} s")
    late = _late_orders(problem, list(plan.batches))
    got = sorted(x.order_id for x in plan.late)
    if sorted(x.order_id for x in late) != got:
        errors.append("reported late orders differ from the recomputed ones")
    if total != plan.total_length_mm:
        errors.append(f"total {plan.total_length_mm} != {total}")
    return PlanCheck(not errors, total, tuple(got), tuple(errors))
