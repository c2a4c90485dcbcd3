"""Options and progress reports of the slotting solvers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from logistics.domain._checks import require_number, require_seed, store_int
from logistics.errors import InvalidValueError, one_of
from solvers.progress import Progress, ProgressCallback, StopCheck

__all__ = [
    "MAX_ORDERS_PER_BATCH",
    "METHODS",
    "Progress",
    "ProgressCallback",
    "SlottingParams",
    "StopCheck",
]

METHODS = ("random", "abc", "coi", "order_aware", "best")
"""Full-slotting methods; ``best`` keeps the better of ``coi`` and ``order_aware``."""
MAX_ORDERS_PER_BATCH = 100
"""Most orders on one simulated cart (``orders_per_batch``), for the library, the CLI and
the API alike (the API's limit before the library had one). A multi-order picking cart
holds about 6 to 48 totes; far beyond that the replay stops being carts (the 400 orders
of examples/slotting on one cart are one tour: 0.12 m of walking a line against 8.9 m
at 4 a cart). Replay time does not grow with it (exact routes are linear in aisles)."""
RESLOT_SCORES = ("slot_value", "carts", "velocity")
"""How re-slotting scores a move (see :attr:`SlottingParams.reslot_score`)."""


@dataclass(frozen=True)
class SlottingParams:
    """Options of :func:`solvers.slotting.solve` and :func:`solvers.slotting.plan_moves`.

    Parameters
    ----------
    method
        One of :data:`METHODS`.
    time_limit_s
        Wall-clock limit of the local search / move selection (s).
    seed
        Seed of every random choice (same seed, same plan).
    orders_per_batch
        Orders picked together on one cart when simulating picking (first come,
        first served groups of the history, as replayed by :func:`replay`), 1 to
        :data:`MAX_ORDERS_PER_BATCH`.
    abc_shares
        Shares of SKUs in classes A and B (by velocity) for the ``abc`` method.
    max_iterations
        Stop the local search after this many moves tried (``None``: time only).
    swap_mode
        Re-slotting: ``"declared"`` (a swap is one entry, two moves of labour) or
        ``"via_free_slot"`` (three relocations through a free slot).
    min_support
        Order-aware search: only SKUs ordered at least this often are moved, and
        only pairs co-ordered at least this often count as partners (default 2:
        one co-occurrence is noise for the future; 1: all).
    reslot_score
        Re-slotting: ``"slot_value"`` (default) ranks a move by picks x slot value
        saved, a slot's value being the estimated extra walking of one more pick
        there, averaged over the history's carts under the target plan (smooth: a
        SKU ordered once is not judged by the one cart it was in), and a move must
        not lengthen walking under the values of the current state; ``"carts"``
        ranks moves by the estimated walking of the history's carts (time order and
        two reshuffles) and takes a move only when the exact routes of the carts it
        touches get shorter; ``"velocity"`` ranks moves towards the target plan by
        picks x depot distance saved.
    """

    method: str = "best"
    time_limit_s: float = 10.0
    seed: int = 0
    orders_per_batch: int = 4
    abc_shares: tuple[float, float] = (0.2, 0.3)
    max_iterations: int | None = None
    swap_mode: str = "declared"
    min_support: int = 2
    reslot_score: str = "slot_value"

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InvalidValueError("method", self.method, one_of(METHODS))
        if (
            isinstance(self.time_limit_s, bool)
            or not isinstance(self.time_limit_s, int | float)
            or not 0 < self.time_limit_s < math.inf
        ):
            # nan passed "<= 0" and no deadline was ever reached: the search never ended
            raise InvalidValueError("time_limit_s", self.time_limit_s, "a finite number > 0")
        # not a bool (True was a cart of 1 order; the API refuses it)
        store_int(self, "orders_per_batch", minimum=1, maximum=MAX_ORDERS_PER_BATCH)
        # None seeded Random() from the OS (not repeatable); numpy.int64 is stored as an int
        object.__setattr__(self, "seed", require_seed("seed", self.seed))
        shares = self.abc_shares
        if not isinstance(shares, tuple | list) or len(shares) != 2:
            raise InvalidValueError("abc_shares", shares, "a pair of shares (A, B)")
        for i, share in enumerate(shares):
            require_number(f"abc_shares[{i}]", share)
        a, b = shares
        if not (a > 0 and b >= 0 and a + b <= 1):
            raise InvalidValueError("abc_shares", self.abc_shares, "shares in (0, 1], sum <= 1")
        if self.max_iterations is not None:
            store_int(self, "max_iterations", minimum=0)
        store_int(self, "min_support", minimum=1)
        if self.reslot_score not in RESLOT_SCORES:
            raise InvalidValueError("reslot_score", self.reslot_score, one_of(RESLOT_SCORES))
        if self.swap_mode not in ("declared", "via_free_slot"):
            raise InvalidValueError("swap_mode", self.swap_mode, "'declared' or 'via_free_slot'")
