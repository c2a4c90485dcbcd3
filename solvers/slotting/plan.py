"""Full slotting: ``solve(problem, params, on_progress) -> SlottingResult``."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from logistics.domain.slotting import PastOrder, SlottingProblem
from logistics.errors import InfeasibleError, quoted
from solvers.progress import StopCheck
from solvers.slotting._model import PickingCost, Placement, cart_groups, slot_ranking, velocities
from solvers.slotting.construct import abc_plan, coi_order, coi_plan, random_plan
from solvers.slotting.feasible import feasible_plan
from solvers.slotting.params import Progress, ProgressCallback, SlottingParams
from solvers.slotting.replay import split_history
from solvers.slotting.search import (
    SHAPES,
    affinity,
    fill,
    improve,
    partner_pull,
    shaped_ranking,
)

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
        For ``best``: exact simulated walking of COI and order-aware plans learnt
        from the first 80% of the history, on the last 20% (the comparison that
        picked ``method``; in-sample when the history has under 20 orders).
    shape
        Slot ordering filled (:data:`solvers.slotting.search.SHAPES`; baselines:
        ``"distance"``).
    iterations, improvements
        Local-search moves tried and kept.
    seconds
        Wall time of the solve (s).
    """

    assignment: dict[str, str]
    method: str
    walking_mm: int
    candidates_mm: dict[str, int] = field(default_factory=dict)
    shape: str = "distance"
    iterations: int = 0
    improvements: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        """JSON-ready form (the ``logistics slot plan`` output; distances in metres)."""
        return {
            "method": self.method,
            "simulated_walking_m": self.walking_mm / 1000,
            "compared_m": {k: v / 1000 for k, v in self.candidates_mm.items()},
            "shape": self.shape,
            "iterations": self.iterations,
            "improvements": self.improvements,
            "seconds": round(self.seconds, 3),
            "assignment": dict(self.assignment),
        }


def solve(
    problem: SlottingProblem,
    params: SlottingParams | None = None,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
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
    should_stop
        Polled while searching; once true, the search ends and the plan built so far is
        returned (as at the time limit).

    Returns
    -------
    SlottingResult

    Raises
    ------
    InvalidValueError
        Field ``history``: the problem has no past orders to learn from.
    InfeasibleError
        When the rules leave a SKU no slot (a family that holds two classes kept apart:
        named with both SKUs). When a greedy construction gets stuck, a CP-SAT model
        (:func:`~solvers.slotting.feasible.feasible_plan`) looks for a plan that keeps the
        rules and, if it finds one in time, it stands in for the greedy plan.
    """
    params = params or SlottingParams()
    t0 = time.perf_counter()
    _check_families_apart(problem)
    problem.check_history()  # else a demand-blind plan that "walks 0.0 m"
    history = problem.history
    cost = PickingCost(problem, cart_groups(problem, history, params.orders_per_batch))
    candidates: dict[str, int] = {}
    iterations = kept = 0
    shape = "distance"
    method = params.method
    rescue = _Rescue(problem, history, t0 + params.time_limit_s, should_stop, params.seed)
    if method == "random":
        plan = rescue.run(lambda: random_plan(problem, params.seed))
    elif method == "abc":
        plan = rescue.run(lambda: abc_plan(problem, history, params.abc_shares, params.seed))
    elif method == "coi":
        plan = rescue.run(lambda: coi_plan(problem, history, params.seed))
    else:
        # order-aware: COI order with ties broken by partner pull, the zone shape and
        # whether the local search pays are decided on held-back orders (first 80% of
        # the history learn, last 20% judge, exact routes); the plan is then rebuilt
        # from the whole history. ``best`` keeps COI unless the order-aware choice walks
        # less on the held-back orders
        plan = None
        try:
            choice = _choose(problem, history, params, t0, on_progress, should_stop, rescue)
            candidates = {"coi": choice.check_mm["coi"], "order_aware": choice.best_mm}
            if method == "order_aware" or candidates["coi"] > candidates["order_aware"]:
                plan, iterations, kept = _build(
                    problem, history, params, choice, t0, on_progress, should_stop, rescue
                )
                method, shape = "order_aware", choice.shape
        except InfeasibleError:
            if method == "order_aware":
                raise
        if plan is None:  # ``best``: COI walks less, or only COI could place every SKU
            plan, method = rescue.run(lambda: coi_plan(problem, history, params.seed)), "coi"
        if params.method == "order_aware":
            candidates = {}
    walking = cost.exact_total(plan.slot_of)
    if on_progress:
        on_progress(Progress(time.perf_counter() - t0, float(walking), phase="done"))
    return SlottingResult(
        assignment=plan.assignment(),
        method=method,
        walking_mm=walking,
        candidates_mm=candidates,
        shape=shape,
        iterations=iterations,
        improvements=kept,
        seconds=time.perf_counter() - t0,
    )


def _check_families_apart(problem: SlottingProblem) -> None:
    """No plan keeps a family in one aisle and two of its classes apart: say so (the
    greedy fill would stop at whichever member it placed last, as if it did not fit)."""
    pair = problem.family_conflict()
    if pair is not None:
        a, b = pair
        raise InfeasibleError(
            f"family {quoted(a.family)} must sit in one aisle but holds SKU {quoted(a.id)} "
            f"(class {quoted(a.sku_class)}) and SKU {quoted(b.id)} (class {quoted(b.sku_class)}), "
            "which rules.apart keeps out of one aisle"
        )


class _Rescue:
    """The CP-SAT plan that stands in for a greedy construction that got stuck: built at
    most once per solve, by the solve's time limit. It weighs the whole history's
    velocities, also where it stands in for a plan learnt from the first 80% (``_choose``):
    COI and order-aware then start from the same plan, so the comparison stays even."""

    def __init__(
        self,
        problem: SlottingProblem,
        history: Sequence[PastOrder],
        deadline: float,
        should_stop: StopCheck | None,
        seed: int,
    ) -> None:
        self._args = (problem, history, deadline, should_stop, seed)
        self._plan: Placement | None = None
        self._error: InfeasibleError | None = None

    def run(self, build: Callable[[], Placement]) -> Placement:
        """``build()``, or the CP-SAT plan when it raises :class:`InfeasibleError` (its
        error stands when the problem is too large for the model: :data:`MAX_PAIRS`)."""
        try:
            return build()
        except InfeasibleError as stuck:
            return self.plan(stuck)

    def plan(self, stuck: InfeasibleError) -> Placement:
        """The CP-SAT plan (a fresh copy) for a greedy fill that raised ``stuck``; raises
        the model's :class:`InfeasibleError` if it has none, ``stuck`` if it is too large."""
        if self._error is not None:
            raise self._error
        if self._plan is None:
            problem, history, deadline, should_stop, seed = self._args
            try:
                plan = feasible_plan(
                    problem, velocities(problem, history), deadline, should_stop, seed
                )
            except InfeasibleError as e:
                self._error = e
                raise
            if plan is None:
                self._error = stuck
                raise stuck
            self._plan = plan
        return self._plan.copy()


MIN_SPLIT = 20
"""Histories shorter than this are judged in-sample (too few orders to hold back)."""


@dataclass(frozen=True)
class _Choice:
    """What the held-back orders decided: shape, whether to search, walking (mm)."""

    shape: str
    search: bool
    check_mm: dict[str, int]
    best_mm: int


def _search_cost(
    problem: SlottingProblem, history: Sequence[PastOrder], k: int, seed: int
) -> PickingCost:
    """The history's carts in time order plus one seeded reshuffle (chance cart-mates
    then weigh less than true co-orders)."""
    groups = cart_groups(problem, history, k)
    shuffled = list(history)
    random.Random(seed).shuffle(shuffled)
    return PickingCost(problem, groups + _chunks(problem, shuffled, k))


def _search(
    problem: SlottingProblem,
    history: Sequence[PastOrder],
    params: SlottingParams,
    start: Placement,
    ranking: list[int],
    deadline: float,
    on_progress: ProgressCallback | None,
    t0: float,
    should_stop: StopCheck | None,
) -> tuple[Placement, int, int]:
    return improve(
        start,
        _search_cost(problem, history, params.orders_per_batch, params.seed),
        affinity(problem, history, params.min_support),
        velocities(problem, history),
        deadline=deadline,
        seed=params.seed,
        max_iterations=params.max_iterations,
        on_progress=on_progress,
        t0=t0,
        min_velocity=params.min_support,
        ranking=ranking,
        should_stop=should_stop,
    )


def _choose(
    problem: SlottingProblem,
    history: tuple[PastOrder, ...],
    params: SlottingParams,
    t0: float,
    on_progress: ProgressCallback | None,
    should_stop: StopCheck | None,
    rescue: _Rescue,
) -> _Choice:
    """Fill the order-aware order (:func:`_aware_order`) of the first 80% of the history
    along every shape, and search from the best one; judge all, and plain COI, on the
    last 20% (only lines of SKUs the first part has seen: new SKUs are a put-away
    question, every plan parks them in the leftovers)."""
    if len(history) >= MIN_SPLIT:
        fit, check = split_history(history, 0.8)
    else:
        fit, check = history, history
    v_fit = velocities(problem, fit)
    check_cost = PickingCost(
        problem,
        [
            tuple(i for i in g if v_fit[i] > 0)
            for g in cart_groups(problem, check, params.orders_per_batch)
        ],
    )
    if on_progress:
        on_progress(Progress(time.perf_counter() - t0, None, phase="judging shapes"))
    coi = rescue.run(lambda: coi_plan(problem, fit, params.seed))
    scores: dict[str, int] = {"coi": check_cost.exact_total(coi.slot_of)}
    order = _aware_order(problem, fit, params.seed)
    starts: dict[str, tuple[Placement, list[int]]] = {}
    stuck: InfeasibleError | None = None
    for name in SHAPES:
        ranking = shaped_ranking(problem, name)
        try:
            p = fill(problem, order, ranking)
        except InfeasibleError as e:
            stuck = e  # the rules and capacities leave some SKU no slot along this shape
            continue
        scores[name] = check_cost.exact_total(p.slot_of)
        starts[name] = (p, ranking)
    if stuck is not None and not starts:
        # no shape lets the greedy fill place every SKU: start from CP-SAT's plan
        p = rescue.plan(stuck)
        scores["distance"] = check_cost.exact_total(p.slot_of)
        starts["distance"] = (p, slot_ranking(problem))
    shape = min(starts, key=lambda n: (scores[n], SHAPES.index(n)))
    deadline = t0 + 0.45 * params.time_limit_s
    start, ranking = starts[shape]
    searched, _, _ = _search(
        problem, fit, params, start, ranking, deadline, on_progress, t0, should_stop
    )
    scores["search"] = check_cost.exact_total(searched.slot_of)
    search = scores["search"] < scores[shape]
    return _Choice(shape, search, scores, min(scores[shape], scores["search"]))


def _build(
    problem: SlottingProblem,
    history: tuple[PastOrder, ...],
    params: SlottingParams,
    choice: _Choice,
    t0: float,
    on_progress: ProgressCallback | None,
    should_stop: StopCheck | None,
    rescue: _Rescue,
) -> tuple[Placement, int, int]:
    """The chosen shape filled with the whole history's order-aware order, searched if
    that paid."""
    ranking = shaped_ranking(problem, choice.shape)
    start = rescue.run(lambda: fill(problem, _aware_order(problem, history, params.seed), ranking))
    if not choice.search:
        return start, 0, 0
    deadline = t0 + params.time_limit_s
    return _search(problem, history, params, start, ranking, deadline, on_progress, t0, should_stop)


def _aware_order(problem: SlottingProblem, history: Sequence[PastOrder], seed: int) -> list[int]:
    """COI order with ties (SKUs of equal velocity) broken by :func:`partner_pull`: of
    two SKUs ordered once, the one bought with a fast mover first."""
    return coi_order(problem, history, seed, tiebreak=partner_pull(problem, history))


def _chunks(problem: SlottingProblem, orders: list[PastOrder], k: int) -> list[tuple[int, ...]]:
    out = []
    for a in range(0, len(orders), k):
        skus = dict.fromkeys(s for o in orders[a : a + k] for s in o.skus)
        out.append(tuple(problem.sku_position(s) for s in skus))
    return out
