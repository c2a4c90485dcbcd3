"""Order sourcing: which site(s) ship each order, by which carrier, at what landed cost.

``solve(SourcingProblem, SourcingParams) -> SourcingResult`` decides one order
(exact over every split for orders of up to 12 shipping units); ``validate``
re-checks a result independently. ``price_stock`` computes look-ahead stock
prices (Acimovic & Graves 2015); ``reoptimize_batch`` re-assigns orders not yet
released to picking together.
"""

from solvers.sourcing.lookahead import DemandForecast, StockPrices, price_stock
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
    "DemandForecast",
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
    "validate",
]
