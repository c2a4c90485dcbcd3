"""One synthetic day: configuration, the generated objects, the generator."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from logistics.domain._checks import require_seed, store_int
from logistics.domain.carriers import Carrier
from logistics.domain.catalog import InventoryPosition, Sku
from logistics.domain.fleet import Vehicle, VehicleType
from logistics.domain.network import Warehouse
from logistics.domain.orders import Order
from logistics.errors import InvalidValueError
from logistics.synthetic.catalog import make_skus
from logistics.synthetic.city import RIO_DE_JANEIRO, City
from logistics.synthetic.network import make_inventory, make_warehouses
from logistics.synthetic.orders import make_orders
from logistics.synthetic.transport import make_carriers, make_fleet, make_vehicle_types

__all__ = ["DayConfig", "SyntheticDay", "generate_day"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)

# expected units per order: E[lines] * E[quantity] (see orders.py)
_UNITS_PER_ORDER = 1.6 * 1.32


@dataclass(frozen=True)
class DayConfig:
    """What to generate.

    Parameters
    ----------
    seed
        Same seed, same configuration: the identical day.
    n_orders
        Orders over the day (>= 1).
    n_skus
        Catalogue size (>= 10).
    n_forward_warehouses
        1 or 2 forward warehouses next to the two fulfilment centres.
    zipf_exponent
        Popularity skew ``s`` of ``p(rank) ~ rank**-s`` (0 = uniform, > 0).
    promise_mix
        Shares of same-city, same-day, next-day and standard promises (before
        the cut-off rules of :mod:`logistics.synthetic.orders`).
    date
        Local calendar day, ISO ``YYYY-MM-DD``.
    city
        Where (default Rio de Janeiro).
    """

    seed: int = 7
    n_orders: int = 400
    n_skus: int = 300
    n_forward_warehouses: int = 2
    zipf_exponent: float = 1.0
    promise_mix: tuple[float, float, float, float] = (0.12, 0.23, 0.40, 0.25)
    date: str = "2026-03-02"
    city: City = field(default=RIO_DE_JANEIRO)

    def __post_init__(self) -> None:
        # numpy's default_rng takes any seed >= 0; numpy.int64 is stored as an int
        object.__setattr__(self, "seed", require_seed("seed", self.seed, maximum=None))
        store_int(self, "n_orders", minimum=1)
        store_int(self, "n_skus", minimum=10)
        store_int(self, "n_forward_warehouses", minimum=1, maximum=2)
        z = self.zipf_exponent
        if isinstance(z, bool) or not isinstance(z, int | float) or not 0 <= z <= 5:
            raise InvalidValueError("zipf_exponent", z, "a number within 0..5")
        mix = self.promise_mix
        if (
            not isinstance(mix, tuple)
            or len(mix) != 4
            or any(
                isinstance(x, bool) or not isinstance(x, int | float) or not 0 <= x < math.inf
                for x in mix
            )
            or not sum(mix) > 0
        ):
            raise InvalidValueError(
                "promise_mix", mix, "four finite shares >= 0 with a positive sum"
            )
        try:  # fromisoformat alone also takes 20260302 and week dates (2026-W10-1)
            if not isinstance(self.date, str) or not _DATE.fullmatch(self.date):
                raise ValueError(self.date)
            dt.date.fromisoformat(self.date)
        except (TypeError, ValueError):
            raise InvalidValueError("date", self.date, "expected YYYY-MM-DD") from None
        if not isinstance(self.city, City):
            raise InvalidValueError("city", self.city, "expected a City")

    @property
    def day_start_utc(self) -> int:
        """Unix time (s) of local midnight of ``date`` in the city."""
        midnight = dt.datetime.fromisoformat(self.date).replace(tzinfo=dt.UTC)
        return int(midnight.timestamp()) - self.city.utc_offset_s


@dataclass(frozen=True)
class SyntheticDay:
    """Everything a day of operations needs, as domain objects.

    Times: ``Order.created_at`` is unix seconds (UTC); warehouse cut-offs,
    vehicle shifts and breaks are seconds after local midnight
    (``day_start_utc`` is local midnight as unix time). ``sku_popularity[i]``
    is SKU ``skus[i]``'s share of the demand.
    """

    config: DayConfig
    day_start_utc: int
    warehouses: tuple[Warehouse, ...]
    skus: tuple[Sku, ...]
    sku_popularity: tuple[float, ...]
    inventory: tuple[InventoryPosition, ...]
    orders: tuple[Order, ...]
    carriers: tuple[Carrier, ...]
    vehicle_types: tuple[VehicleType, ...]
    vehicles: tuple[Vehicle, ...]

    @property
    def city(self) -> City:
        return self.config.city

    @cached_property
    def sku_by_id(self) -> dict[str, Sku]:
        """SKUs by code."""
        return {s.id: s for s in self.skus}

    def local_time_s(self, unix_s: int) -> int:
        """Seconds after this day's local midnight for a unix time."""
        return int(unix_s) - self.day_start_utc

    def order_load(self, order: Order) -> tuple[int, int, int]:
        """``(kg, litres, parcels)`` of an order, rounded up; units of the vehicle capacities.

        One parcel per started 30 litres (at least one).
        """
        grams = sum(self.sku_by_id[ln.sku_id].weight_g * ln.quantity for ln in order.lines)
        cm3 = sum(self.sku_by_id[ln.sku_id].volume_cm3 * ln.quantity for ln in order.lines)
        litres = math.ceil(cm3 / 1000)
        return math.ceil(grams / 1000), litres, max(1, math.ceil(litres / 30))

    def summary(self) -> dict[str, Any]:
        """Counts that describe the day (for the demo and logs)."""
        promises = Counter(o.promise.kind.value for o in self.orders)
        return {
            "seed": self.config.seed,
            "city": self.city.name,
            "date": self.config.date,
            "warehouses": len(self.warehouses),
            "skus": len(self.skus),
            "inventory_positions": len(self.inventory),
            "orders": len(self.orders),
            "lines": sum(len(o.lines) for o in self.orders),
            "units": sum(o.units for o in self.orders),
            "promises": dict(sorted(promises.items())),
            "carriers": len(self.carriers),
            "vehicles": len(self.vehicles),
        }


def generate_day(config: DayConfig | None = None, **overrides: Any) -> SyntheticDay:
    """Generate a synthetic day.

    Parameters
    ----------
    config
        What to generate; ``None`` uses :class:`DayConfig` defaults.
    **overrides
        Fields of :class:`DayConfig` to change, e.g. ``generate_day(seed=3)``.

    Returns
    -------
    SyntheticDay
        Identical for identical configurations. Each part has its own random
        stream (spawned from the seed), so changing ``n_orders`` leaves the
        catalogue unchanged and changing ``n_skus`` leaves the addresses alone.

    Examples
    --------
    >>> day = generate_day(seed=1, n_orders=50)
    >>> len(day.orders), day.warehouses[0].id
    (50, 'FC-NORTE')
    """
    cfg = config or DayConfig()
    if overrides:
        if not isinstance(cfg, DayConfig):
            raise InvalidValueError("config", cfg, "expected a DayConfig")
        fields = set(DayConfig.__dataclass_fields__)
        for key in overrides:
            if key not in fields:
                raise InvalidValueError(key, overrides[key], "not a DayConfig field")
        cfg = DayConfig(**{**{f: getattr(cfg, f) for f in fields}, **overrides})
    elif not isinstance(cfg, DayConfig):
        raise InvalidValueError("config", cfg, "expected a DayConfig")
    catalog_rng, stock_rng, order_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(cfg.seed).spawn(3)
    )
    start = cfg.day_start_utc
    warehouses = make_warehouses(cfg.n_orders, cfg.n_forward_warehouses, cfg.city.utc_offset_s)
    skus, popularity = make_skus(catalog_rng, cfg.n_skus, cfg.zipf_exponent)
    inventory = make_inventory(
        stock_rng, warehouses, skus, popularity, cfg.n_orders * _UNITS_PER_ORDER
    )
    orders = make_orders(
        order_rng,
        cfg.n_orders,
        cfg.city,
        tuple(s.id for s in skus),
        popularity,
        cfg.promise_mix,
        start,
    )
    types = make_vehicle_types()
    return SyntheticDay(
        config=cfg,
        day_start_utc=start,
        warehouses=warehouses,
        skus=skus,
        sku_popularity=popularity,
        inventory=inventory,
        orders=orders,
        carriers=make_carriers(),
        vehicle_types=types,
        vehicles=make_fleet(warehouses, types, cfg.n_orders),
    )
