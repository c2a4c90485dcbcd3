"""Pin the names ``solvers.sourcing`` exports."""

import solvers.sourcing


def test_sourcing_exports():
    assert sorted(solvers.sourcing.__all__) == sorted(
        [
            "BatchParams",
            "BatchResult",
            "Move",
            "Shipment",
            "SiteNote",
            "SourcingOption",
            "SourcingParams",
            "SourcingResult",
            "SourcingStatus",
            "StockPrices",
            "Validation",
            "nearest_with_stock",
            "price_stock",
            "reoptimize_batch",
            "rule_chain",
            "solve",
            "unit_costs",
            "validate",
        ]
    )
    for name in solvers.sourcing.__all__:
        assert hasattr(solvers.sourcing, name)
