import logistics.synthetic


def test_synthetic_exports():
    assert sorted(logistics.synthetic.__all__) == sorted(
        [
            "Anchor",
            "City",
            "DayConfig",
            "RIO_DE_JANEIRO",
            "SyntheticDay",
            "delivery_problem",
            "generate_day",
            "nearest_warehouse_orders",
        ]
    )
    for name in logistics.synthetic.__all__:
        assert hasattr(logistics.synthetic, name)
