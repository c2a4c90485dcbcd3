"""What the demo shows: walking saved by the day's slotting."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from logistics.domain.layout import WarehouseLayout
from logistics.domain.slotting import PastOrder, SlotSku, SlottingProblem
from solvers.progress import ProgressCallback, StopCheck
from solvers.slotting.construct import random_plan
from solvers.slotting.params import SlottingParams
from solvers.slotting.plan import solve
from solvers.slotting.replay import replay, split_history

__all__ = ["DaySlotting", "walking_saved"]


@dataclass(frozen=True)
class DaySlotting:
    """Walking of the held-out orders before and after the day's slotting (mm)."""

    walking_before_mm: int
    walking_after_mm: int
    method: str
    lines: int
    assignment: dict[str, str]

    @property
    def saved_mm(self) -> int:
        return self.walking_before_mm - self.walking_after_mm

    @property
    def saved_percent(self) -> float:
        b = self.walking_before_mm
        return 100.0 * self.saved_mm / b if b else 0.0


def walking_saved(
    layout: WarehouseLayout,
    skus: Sequence[SlotSku],
    history: Sequence[PastOrder],
    current: Mapping[str, str] | None = None,
    *,
    train_fraction: float = 0.7,
    time_limit_s: float = 5.0,
    orders_per_batch: int = 4,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> DaySlotting:
    """Slot from the earlier part of ``history`` and replay the later part.

    ``current`` is the assignment before slotting (random storage, seeded, when
    ``None``). Both plans are judged on the same held-out orders with FCFS carts
    and exact picker routes. ``on_progress`` and ``should_stop`` are the slotting
    search's (:func:`~solvers.slotting.solve`, for up to ``time_limit_s``): a stop
    judges the plan built so far; the replays after it do not search.
    """
    train, test = split_history(history, train_fraction)
    params = SlottingParams(time_limit_s=time_limit_s, seed=seed, orders_per_batch=orders_per_batch)
    problem = SlottingProblem(layout, tuple(skus), train, dict(current or {}))
    if not current:
        current = random_plan(problem, seed).assignment()
    plan = solve(problem, params, on_progress, should_stop)
    before = replay(layout, current, test, orders_per_batch)
    after = replay(layout, plan.assignment, test, orders_per_batch)
    return DaySlotting(
        before.walking_mm, after.walking_mm, plan.method, after.lines, plan.assignment
    )
