"""Immutable, validated domain objects (design.md §3).

Internally everything is integer seconds, meters, cents and units; constructing
an object with a bad value raises :class:`~logistics.errors.InvalidValueError`
naming the field and the value.
"""

from logistics.domain.carriers import Carrier, CarrierKind, RateCard, RateZone
from logistics.domain.catalog import InventoryPosition, Sku
from logistics.domain.fleet import Break, Vehicle, VehicleType
from logistics.domain.geo import LatLon, Location, Point
from logistics.domain.network import Warehouse, WarehouseKind
from logistics.domain.orders import Order, OrderLine, Promise, PromiseKind
from logistics.domain.routing import Depot, Objective, RoutingProblem
from logistics.domain.stops import PickupDelivery, Stop, TimeWindow

__all__ = [
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
