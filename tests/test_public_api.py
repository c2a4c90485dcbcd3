"""Pin the names each package exports, so a change to the public API is deliberate."""

import logistics
import logistics.domain
import logistics.errors


def test_logistics_exports():
    assert sorted(logistics.__all__) == [
        "DatasetFormatError",
        "InfeasibleError",
        "InvalidValueError",
        "LogisticsError",
        "__version__",
    ]


def test_domain_exports():
    assert sorted(logistics.domain.__all__) == sorted(
        [
            "Break",
            "Carrier",
            "Depot",
            "CarrierKind",
            "InventoryPosition",
            "LatLon",
            "Objective",
            "Location",
            "Order",
            "OrderLine",
            "PickupDelivery",
            "Point",
            "Promise",
            "PromiseKind",
            "RateCard",
            "RateZone",
            "RoutingProblem",
            "Sku",
            "Stop",
            "TimeWindow",
            "Vehicle",
            "VehicleType",
            "Warehouse",
            "WarehouseKind",
        ]
    )
    for name in logistics.domain.__all__:
        assert hasattr(logistics.domain, name)
