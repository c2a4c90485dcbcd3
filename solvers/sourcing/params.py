"""Parameters of :func:`solvers.sourcing.solve` (constructing them does no work)."""

from __future__ import annotations

from dataclasses import dataclass

from logistics.domain._checks import require_bool, require_number, require_seed, store_int
from logistics.errors import InvalidValueError
from solvers._renamed import renamed_keywords
from solvers.sourcing.lookahead import StockPrices

__all__ = ["SourcingParams"]


@renamed_keywords(time_limit="time_limit_s")
@dataclass(frozen=True)
class SourcingParams:
    """How to search.

    Parameters
    ----------
    runner_ups
        How many runner-up plans to return with the decision.
    exact_max_groups
        Orders with up to this many shipping units (lines, kits merged) are solved
        by exact enumeration of every split (dynamic programming over subsets,
        ``3^n``); larger orders go to CP-SAT with ``time_limit_s`` (optimal or with a
        proven bound).
    time_limit_s
        Seconds for the CP-SAT path of large orders.
    stock_prices
        Look-ahead: opportunity cost of each unit of stock (cents per unit per
        site and SKU), from :func:`solvers.sourcing.price_stock`. ``None`` is
        the myopic optimum. Prices steer the decision; reported costs stay the
        landed cost.
    seed
        Seed of the CP-SAT path (the exact path is deterministic).
    explain
        Build the per-site notes (why a site cannot ship it all); off in bulk runs.
    """

    runner_ups: int = 5
    exact_max_groups: int = 12
    time_limit_s: float = 2.0
    stock_prices: StockPrices | None = None
    seed: int = 0
    explain: bool = True

    def __post_init__(self) -> None:
        store_int(self, "runner_ups", minimum=0)
        store_int(self, "exact_max_groups", minimum=1, maximum=14)
        require_number("time_limit_s", self.time_limit_s)  # finite, not a bool
        if not self.time_limit_s > 0:
            raise InvalidValueError("time_limit_s", self.time_limit_s, "seconds > 0")
        if self.stock_prices is not None and not isinstance(self.stock_prices, StockPrices):
            raise InvalidValueError("stock_prices", self.stock_prices, "expected StockPrices")
        object.__setattr__(self, "seed", require_seed("seed", self.seed))  # CP-SAT's int32
        require_bool("explain", self.explain)
