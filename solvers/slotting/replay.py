"""Judge a slotting plan by replaying orders: batching plus exact picker routing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from logistics.domain._checks import require_int
from logistics.domain.layout import WarehouseLayout
from logistics.domain.picking import PickLine, PickOrder
from logistics.domain.slotting import PastOrder
from logistics.errors import InvalidValueError, member
from solvers.progress import ProgressCallback, StopCheck
from solvers.slotting.params import MAX_ORDERS_PER_BATCH
from solvers.waves import BatchingParams, BatchingProblem, CartCapacity, solve_batching

__all__ = ["ReplayResult", "replay", "split_history"]


@dataclass(frozen=True)
class ReplayResult:
    """Walking of replayed orders.

    Attributes
    ----------
    walking_mm
        Total walking of every cart's optimal route (mm).
    lines
        Order lines picked; ``walking_per_line_m`` = walking / lines in metres.
    orders, batches
        Orders replayed and carts used.
    unslotted_lines
        Lines skipped because their SKU has no slot in the plan.
    """

    walking_mm: int
    lines: int
    orders: int
    batches: int
    unslotted_lines: int = 0

    @property
    def walking_per_line_m(self) -> float:
        return self.walking_mm / 1000.0 / self.lines if self.lines else 0.0


def split_history(
    history: Sequence[PastOrder], train_fraction: float = 0.7
) -> tuple[tuple[PastOrder, ...], tuple[PastOrder, ...]]:
    """Split by time: the earliest ``train_fraction`` of orders to decide, the rest to judge."""
    if not 0 < train_fraction < 1:
        raise InvalidValueError("train_fraction", train_fraction, "must be in (0, 1)")
    ordered = sorted(history, key=lambda o: (o.time_s, o.id))
    k = max(1, min(len(ordered) - 1, round(train_fraction * len(ordered))))
    return tuple(ordered[:k]), tuple(ordered[k:])


def replay(
    layout: WarehouseLayout,
    assignment: Mapping[str, str],
    orders: Sequence[PastOrder],
    orders_per_batch: int = 4,
    batching: str = "fcfs",
    time_limit_s: float = 5.0,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> ReplayResult:
    """Pick ``orders`` under ``assignment``: batch them onto carts, route each cart exactly.

    Parameters
    ----------
    layout
        The warehouse.
    assignment
        ``sku id -> slot id``.
    orders
        Orders to replay (normally later in time than the ones the plan learnt from).
    orders_per_batch
        Cart capacity in orders (one tote per order), 1..:data:`MAX_ORDERS_PER_BATCH`.
    batching
        ``"fcfs"`` (carts filled in arrival order: the same carts for every plan)
        or ``"alns"`` (the waves solver's batching search, best start plus ALNS).
    time_limit_s, seed
        Of the ``alns`` batching search.
    on_progress, should_stop
        Of the batching (:func:`~solvers.waves.solve_batching`: ``best`` is the walking
        so far in m, phases ``"fcfs"``, ``"seed"``, ``"savings"``, ``"alns"``); a stop ends
        the ``alns`` search with its best carts so far.

    Returns
    -------
    ReplayResult

    Raises
    ------
    InvalidValueError
        ``orders_per_batch`` not an integer within 1..:data:`MAX_ORDERS_PER_BATCH`, an
        ``assignment`` entry whose slot is not in ``layout`` (named
        ``assignment.<sku id>``), an unknown ``batching``.
    """
    if batching not in ("fcfs", "alns"):
        raise InvalidValueError("batching", batching, "'fcfs' or 'alns'")
    require_int("orders_per_batch", orders_per_batch, minimum=1, maximum=MAX_ORDERS_PER_BATCH)
    for sku_id, slot_id in assignment.items():
        if not isinstance(slot_id, str) or not layout.has_slot(slot_id):
            raise InvalidValueError(
                member("assignment", str(sku_id)), slot_id, "no such slot in the layout"
            )
    picks: list[PickOrder] = []
    lines = skipped = 0
    for o in sorted(orders, key=lambda o: (o.time_s, o.id)):
        qty: dict[str, int] = {}
        for s in o.skus:
            slot = assignment.get(s)
            if slot is None:
                skipped += 1
                continue
            qty[slot] = qty.get(slot, 0) + 1
            lines += 1
        if qty:
            picks.append(
                PickOrder(o.id, tuple(PickLine(s, q) for s, q in qty.items()), arrival_s=o.time_s)
            )
    if not picks:
        return ReplayResult(0, 0, 0, 0, skipped)
    problem = BatchingProblem(layout, tuple(picks), CartCapacity(totes=orders_per_batch))
    if batching == "fcfs":
        params = BatchingParams(start="fcfs", improve=False, router="exact")
    else:
        params = BatchingParams(start="best", time_limit_s=time_limit_s, seed=seed)
    res = solve_batching(problem, params, on_progress, should_stop)
    return ReplayResult(res.total_length_mm, lines, len(picks), len(res.batches), skipped)
