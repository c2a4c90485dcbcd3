"""Full slotting: ``solve(problem, params, on_progress) -> SlottingResult``."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from logistics.domain.slotting import SlottingProblem
from solvers.slotting._model import PickingCost, cart_groups, velocities
from solvers.slotting.construct import abc_plan, coi_plan, random_plan
from solvers.slotting.params import Progress, ProgressCallback, SlottingParams
from solvers.slotting.search import affinity, improve, order_aware_start

__all__ = ["SlottingResult", "solve"]


@dataclass(frozen=True)
class SlottingResult:
    """A full slotting plan.

    Attributes
    ----------
    assignment
        ``sku id -> slot id`` for every SKU.
    method
        The method that produced it (for ``best``: ``"coi"`` or ``"order_aware"``).
    walking_mm
        Exact simulated walking of the problem's history (FCFS carts of
        ``orders_per_batch`` orders, optimal picker routes), mm.
    candidates_mm
        Simulated walking of every plan compared (``best`` compares two).
    iterations, improvements
        Local-search moves tried and kept.
    seconds
        Wall time of the solve (s).
    """

    assignment: dict[str, str]
    method: str
    walking_mm: int
    candidates_mm: dict[str, int] = field(default_factory=dict)
    iterations: int = 0
    improvements: int = 0
    seconds: float = 0.0


def solve(
    problem: SlottingProblem,
    params: SlottingParams | None = None,
    on_progress: ProgressCallback | None = None,
) -> SlottingResult:
    """Slot every SKU of ``problem`` from scratch, learning from ``problem.history``.

    Parameters
    ----------
    problem
        Layout, SKUs, order history (the part to learn from), rules.
    params
        :class:`SlottingParams` (method, time limit, seed, cart size).
    on_progress
        Called with :class:`Progress` (elapsed s, estimated walking mm) while searching.

    Returns
    -------
    SlottingResult

    Raises
    ------
    InfeasibleError
        When the rules leave a SKU no slot.
    """
    params = params or SlottingParams()
    t0 = time.perf_counter()
    history = problem.history
    cost = PickingCost(problem, cart_groups(problem, history, params.orders_per_batch))
    candidates: dict[str, int] = {}
    iterations = kept = 0
    method = params.method
    if method == "random":
        plan = random_plan(problem, params.seed)
    elif method == "abc":
        plan = abc_plan(problem, history, params.abc_shares, params.seed)
    elif method == "coi":
        plan = coi_plan(problem, history)
    else:
        start, _ = order_aware_start(problem, history, cost)
        v = velocities(problem, history)
        plan, iterations, kept = improve(
            start,
            cost,
            affinity(problem, history),
            v,
            deadline=t0 + params.time_limit_s,
            seed=params.seed,
            max_iterations=params.max_iterations,
            on_progress=on_progress,
            t0=t0,
        )
        candidates["order_aware"] = cost.exact_total(plan.slot_of)
        if method == "best":
            coi = coi_plan(problem, history)
            candidates["coi"] = cost.exact_total(coi.slot_of)
            if candidates["coi"] < candidates["order_aware"]:
                plan, method = coi, "coi"
            else:
                method = "order_aware"
    walking = candidates.get(method)
    if walking is None:
        walking = cost.exact_total(plan.slot_of)
        candidates[method] = walking
    if on_progress:
        on_progress(Progress(time.perf_counter() - t0, float(walking), phase="done"))
    return SlottingResult(
        assignment=plan.assignment(),
        method=method,
        walking_mm=walking,
        candidates_mm=candidates,
        iterations=iterations,
        improvements=kept,
        seconds=time.perf_counter() - t0,
    )
