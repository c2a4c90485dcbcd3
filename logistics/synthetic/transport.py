"""Synthetic carriers (with rate cards) and delivery fleets.

Prices are Brazilian centavos at plausible 2025 levels for Rio de Janeiro
(assumptions, not quotes):

* ``COURIER`` (parcel network, zone and weight priced): up to 15 km R$12.90
  + R$1.50/kg next day; 50 km R$15.90 + R$1.90/kg next day; 500 km R$22.90 +
  R$2.90/kg in 2 days; 3,000 km R$34.90 + R$4.50/kg in 5 days; last
  hand-over 17:00.
* ``MOTO-NOW`` (instant courier): R$7.00 + R$1.80/km within 12 km of the
  pick-up, 22 km/h door to door, until 21:00.
* ``OWN-FLEET`` (our vans, same day inside the city): the rate card is the
  internal cost per drop used to compare with the couriers: 10 km R$6.00,
  30 km R$9.00, 60 km R$14.00, plus R$0.20-0.40/kg; last hand-over 13:00
  (the afternoon wave).

Vehicle types, capacities as ``(kg, litres, parcels)``:

* ``motorbike``: (25, 90, 12) with a top box; R$90/day, R$0.25/km,
  R$18/hour; 10 h max; 15% faster than the matrix in traffic.
* ``small_van`` (Fiorino class): (650, 3200, 70); R$180/day, R$0.75/km,
  R$25/hour.
* ``van`` (Sprinter class): (1500, 10000, 160); R$280/day, R$1.10/km,
  R$30/hour.

Each depot gets a fleet: fulfilment centres 2 vans and 3 small vans, forward
warehouses 1 small van and 4 motorbikes, times ``ceil(orders / 400)``. Every
vehicle works a 08:00-18:00 shift (seconds after local midnight) with a
30-minute break starting between 11:30 and 14:00, and returns to its depot.
"""

from __future__ import annotations

import math

from logistics.domain.carriers import Carrier, CarrierKind, RateCard, RateZone
from logistics.domain.fleet import Break, Vehicle, VehicleType
from logistics.domain.network import Warehouse, WarehouseKind
from logistics.domain.stops import TimeWindow

__all__ = ["SHIFT", "LUNCH_BREAK", "make_carriers", "make_vehicle_types", "make_fleet"]

H = 3600
SHIFT = TimeWindow(8 * H, 18 * H)
"""08:00-18:00 local, seconds after midnight."""
LUNCH_BREAK = Break(TimeWindow(11 * H + 30 * 60, 14 * H), 30 * 60)
"""30 minutes, starting between 11:30 and 14:00."""


def make_carriers() -> tuple[Carrier, ...]:
    """A zone courier, an instant courier and the own fleet."""
    courier = Carrier(
        id="COURIER",
        kind=CarrierKind.COURIER,
        rate_card=RateCard(
            (
                RateZone(15_000, 1290, 150, 1),
                RateZone(50_000, 1590, 190, 1),
                RateZone(500_000, 2290, 290, 2),
                RateZone(3_000_000, 3490, 450, 5),
            )
        ),
        last_pickup_s=17 * H,
    )
    instant = Carrier(
        id="MOTO-NOW",
        kind=CarrierKind.INSTANT,
        per_km_cents=180,
        base_cents=700,
        radius_m=12_000,
        speed_kmh=22,
        last_pickup_s=21 * H,
    )
    own = Carrier(
        id="OWN-FLEET",
        kind=CarrierKind.OWN_FLEET,
        rate_card=RateCard(
            (
                RateZone(10_000, 600, 20, 0),
                RateZone(30_000, 900, 30, 0),
                RateZone(60_000, 1400, 40, 0),
            )
        ),
        last_pickup_s=13 * H,
    )
    return courier, instant, own


def make_vehicle_types() -> tuple[VehicleType, ...]:
    """Motorbike, small van, van."""
    return (
        VehicleType(
            "motorbike", (25, 90, 12), fixed_cost=9_000, cost_per_km=25, cost_per_hour=1_800,
            speed_factor=0.85, co2_g_per_km=70, max_duration_s=10 * H,
        ),
        VehicleType(
            "small_van", (650, 3_200, 70), fixed_cost=18_000, cost_per_km=75,
            cost_per_hour=2_500, co2_g_per_km=160,
        ),
        VehicleType(
            "van", (1_500, 10_000, 160), fixed_cost=28_000, cost_per_km=110,
            cost_per_hour=3_000, co2_g_per_km=230,
        ),
    )  # fmt: skip


def make_fleet(
    warehouses: tuple[Warehouse, ...], types: tuple[VehicleType, ...], n_orders: int
) -> tuple[Vehicle, ...]:
    """Vehicles per depot (see the module docstring)."""
    by_id = {t.id: t for t in types}
    scale = max(1, math.ceil(n_orders / 400))
    vehicles = []
    for w in warehouses:
        if w.kind == WarehouseKind.FULFILLMENT_CENTER:
            mix = (("van", 2), ("small_van", 3))
        else:
            mix = (("small_van", 1), ("motorbike", 4))
        for type_id, count in mix:
            for k in range(count * scale):
                vehicles.append(
                    Vehicle(
                        id=f"{w.id}/{type_id}-{k + 1}",
                        type=by_id[type_id],
                        start_depot=w.id,
                        end_depot=w.id,
                        shift=SHIFT,
                        breaks=(LUNCH_BREAK,),
                    )
                )
    return tuple(vehicles)
