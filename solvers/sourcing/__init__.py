"""Order sourcing: which site(s) ship each order, by which carrier, at what landed cost.

``solve(SourcingProblem, SourcingParams) -> SourcingResult`` decides one order
(exact over every split for orders of up to 12 shipping units); ``validate``
re-checks a result independently. ``price_stock`` computes look-ahead stock
prices (Acimovic & Graves 2015); ``reoptimize_batch`` re-assigns orders not yet
released to picking together.
"""

from solvers.sourcing.baselines import nearest_with_stock, rule_chain
from solvers.sourcing.batch import BatchParams, BatchResult, Move, reoptimize_batch
from solvers.sourcing.lookahead import StockPrices, price_stock, unit_costs
from solvers.sourcing.params import SourcingParams
from solvers.sourcing.result import (
    Shipment,
    SiteNote,
    SourcingOption,
    SourcingResult,
    SourcingStatus,
)
from solvers.sourcing.solve import solve
from solvers.sourcing.validate import Validation, validate

__all__ = [
    "BatchParams",
    "BatchResult",
    "Move",
    "nearest_with_stock",
    "reoptimize_batch",
    "rule_chain",
    "Shipment",
    "SiteNote",
    "SourcingOption",
    "SourcingParams",
    "SourcingResult",
    "SourcingStatus",
    "StockPrices",
    "Validation",
    "price_stock",
    "solve",
    "unit_costs",
    "validate",
]
