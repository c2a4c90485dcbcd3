"""The order-sourcing problem: one order, a snapshot of the network, and the rules.

A :class:`NetworkSnapshot` is what the store knows at decision time: the sites,
the SKUs, the carriers, the units each site may still promise per SKU
(``on_hand - reserved - safety_stock``) and the shipments each site can still
pack today. It keeps stock as a read-only ``(sites x SKUs)`` integer matrix so a
solver can price thousands of orders a second; build it from
:class:`~logistics.domain.InventoryPosition` rows with :meth:`NetworkSnapshot.build`.

A :class:`SourcingProblem` checks the order against the snapshot when it is
constructed: an unknown SKU or a ship-to that no carrier reaches raises
:class:`~logistics.errors.InvalidValueError` naming the field (``order.lines[2].sku_id``,
``order.ship_to``), so nothing is reserved for a rejected order.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from logistics.domain._checks import require_id, require_int, require_unique, store_int
from logistics.domain.carriers import Carrier, CarrierKind
from logistics.domain.catalog import InventoryPosition, Sku
from logistics.domain.geo import LatLon
from logistics.domain.network import Warehouse
from logistics.domain.orders import Order
from logistics.domain.timezones import (
    Zone,
    check_one_clock,
    check_utc_offset,
    offset_at,
    zone_info,
)
from logistics.errors import InvalidValueError

__all__ = [
    "SourcingRules",
    "NetworkSnapshot",
    "SourcingProblem",
    "haversine_m",
    "carrier_reach_m",
]

EARTH_RADIUS_M = 6_371_008.8


def haversine_m(a: LatLon, b: LatLon) -> int:
    """Great-circle distance in whole meters (mean earth radius; within 0.5% of geodesic)."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return round(2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h))))


def carrier_reach_m(carrier: Carrier) -> int:
    """Farthest straight-line distance (meters) a carrier takes a shipment from a site."""
    if carrier.kind == CarrierKind.INSTANT:
        return carrier.radius_m
    assert carrier.rate_card is not None
    return carrier.rate_card.zones[-1].max_distance_m


def _frozen_int_map(name: str, value: Mapping[str, int] | Iterable) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, Mapping | list | tuple):
        raise InvalidValueError(name, value, "expected an object channel -> units")
    items = value.items() if isinstance(value, Mapping) else value
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, list | tuple) or len(item) != 2:  # was a bare ValueError
            raise InvalidValueError(f"{name}[{i}]", item, "expected a (channel, units) pair")
        k, v = item
        require_id(f"{name} key", k)
        out.append((k, require_int(f"{name}[{k}]", v, minimum=0)))
    return tuple(sorted(out))


@dataclass(frozen=True)
class SourcingRules:
    """Business rules every sourcing decision obeys.

    Parameters
    ----------
    max_shipments
        Most shipments (sites) one order may be split into; 1 = never split.
    cost_per_extra_shipment
        Cents added for each shipment beyond the first (customer annoyance,
        extra packaging); part of the landed cost.
    never_split_kits
        SKUs sharing a ``kit_id`` travel in one shipment. Always on: set it to
        ``False`` only to let kit components ship separately.
    safety_stock_by_channel
        Units per SKU and site held back from orders of a channel
        (``{"marketplace": 2}``: marketplace orders never take a site's last 2 units).
    excluded_warehouse_ids
        Sites that must not ship (maintenance, audits, strikes).
    """

    max_shipments: int = 3
    cost_per_extra_shipment: int = 300
    never_split_kits: bool = True
    safety_stock_by_channel: tuple[tuple[str, int], ...] = ()
    excluded_warehouse_ids: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        store_int(self, "max_shipments", minimum=1)
        store_int(self, "cost_per_extra_shipment", minimum=0)
        if not isinstance(self.never_split_kits, bool):
            raise InvalidValueError("never_split_kits", self.never_split_kits, "expected a bool")
        object.__setattr__(
            self,
            "safety_stock_by_channel",
            _frozen_int_map("safety_stock_by_channel", self.safety_stock_by_channel),
        )
        if isinstance(self.excluded_warehouse_ids, str) or not isinstance(
            self.excluded_warehouse_ids, list | tuple | set | frozenset
        ):  # a string became a set of its letters: no site was excluded
            raise InvalidValueError(
                "excluded_warehouse_ids", self.excluded_warehouse_ids, "expected a list of site ids"
            )
        if not isinstance(self.excluded_warehouse_ids, frozenset):
            object.__setattr__(
                self, "excluded_warehouse_ids", frozenset(self.excluded_warehouse_ids)
            )
        for wid in self.excluded_warehouse_ids:
            require_id("excluded_warehouse_ids", wid)

    def channel_reserve(self, channel: str) -> int:
        """Units per SKU and site held back from orders of ``channel``."""
        for ch, units in self.safety_stock_by_channel:
            if ch == channel:
                return units
        return 0


@dataclass(frozen=True, eq=False)
class NetworkSnapshot:
    """The network as the store saw it at one instant.

    Parameters
    ----------
    warehouses
        Sites (fulfillment centres and forward warehouses), in a fixed order.
    skus
        The catalog, in a fixed order.
    carriers
        Every way to ship.
    available
        ``(len(warehouses), len(skus))`` integer array: units each site may still
        promise per SKU (on hand minus reserved minus safety stock, >= 0).
    capacity_left
        ``(len(warehouses),)`` integer array: shipments each site can still pick
        and pack today.
    road_factor
        Road distance over straight-line distance (instant couriers' km and time).
    taken_at
        Unix seconds when the snapshot was read (informational).
    """

    warehouses: tuple[Warehouse, ...]
    skus: tuple[Sku, ...]
    carriers: tuple[Carrier, ...]
    available: np.ndarray
    capacity_left: np.ndarray
    road_factor: float = 1.3
    taken_at: int = 0

    def __post_init__(self) -> None:
        pair = (self.warehouses, self.carriers)
        known = _validated_pairs.get((id(pair[0]), id(pair[1])))
        checks = [("skus", self.skus, Sku)]
        if known is None or known[0] is not pair[0] or known[1] is not pair[1]:
            checks = [
                ("warehouses", self.warehouses, Warehouse),
                ("skus", self.skus, Sku),
                ("carriers", self.carriers, Carrier),
            ]
        for name, items, cls in checks:
            if not isinstance(items, tuple):
                raise InvalidValueError(name, items, "expected a tuple")
            for i, it in enumerate(items):
                if not isinstance(it, cls):
                    raise InvalidValueError(f"{name}[{i}]", it, f"expected a {cls.__name__}")
            require_unique(name, (it.id for it in items))
        if not self.warehouses:
            raise InvalidValueError("warehouses", (), "at least one site")
        if not self.carriers:
            raise InvalidValueError("carriers", (), "at least one carrier")
        shape = (len(self.warehouses), len(self.skus))
        avail = np.asarray(self.available)
        if avail.shape != shape or not np.issubdtype(avail.dtype, np.integer):
            raise InvalidValueError("available", avail.shape, f"an integer array of shape {shape}")
        if (avail < 0).any():
            w, k = np.argwhere(avail < 0)[0]
            raise InvalidValueError(
                f"available[{self.warehouses[w].id}][{self.skus[k].id}]", int(avail[w, k]), ">= 0"
            )
        cap = np.asarray(self.capacity_left)
        if cap.shape != (shape[0],) or not np.issubdtype(cap.dtype, np.integer) or (cap < 0).any():
            raise InvalidValueError(
                "capacity_left", cap.tolist(), f"{shape[0]} non-negative integers"
            )
        if not (isinstance(self.road_factor, int | float) and 1.0 <= self.road_factor <= 5.0):
            raise InvalidValueError("road_factor", self.road_factor, "a number within 1..5")
        store_int(self, "taken_at", minimum=0)
        if len(checks) > 1:
            wids = {w.id for w in self.warehouses}
            for i, c in enumerate(self.carriers):
                for wid in c.warehouse_ids:
                    if wid not in wids:
                        raise InvalidValueError(f"carriers[{i}].warehouse_ids", wid, "unknown site")
            _remember_valid(pair)
        a = avail.astype(np.int64, copy=True)
        a.setflags(write=False)
        c = cap.astype(np.int64, copy=True)
        c.setflags(write=False)
        object.__setattr__(self, "available", a)
        object.__setattr__(self, "capacity_left", c)

    @classmethod
    def build(
        cls,
        warehouses: Iterable[Warehouse],
        skus: Iterable[Sku],
        carriers: Iterable[Carrier],
        stock: Iterable[InventoryPosition],
        capacity_left: Mapping[str, int] | None = None,
        *,
        road_factor: float = 1.3,
        taken_at: int = 0,
    ) -> NetworkSnapshot:
        """Build from stock rows; a site missing from ``capacity_left`` has its full day.

        Raises
        ------
        InvalidValueError
            A stock row names an unknown site or SKU (``stock[3].sku_id``), or a
            site/SKU pair appears twice.
        """
        warehouses, skus = tuple(warehouses), tuple(skus)
        w_index = {w.id: i for i, w in enumerate(warehouses)}
        k_index = {s.id: i for i, s in enumerate(skus)}
        n_k = len(skus)
        cells: dict[int, int] = {}  # row * n_k + column -> units
        for i, pos in enumerate(stock):
            w = w_index.get(pos.warehouse_id)
            if w is None:
                raise InvalidValueError(
                    f"stock[{i}].warehouse_id", pos.warehouse_id, "unknown site"
                )
            k = k_index.get(pos.sku_id)
            if k is None:
                raise InvalidValueError(f"stock[{i}].sku_id", pos.sku_id, "unknown SKU")
            cell = w * n_k + k
            if cell in cells:
                key = (pos.warehouse_id, pos.sku_id)
                raise InvalidValueError(f"stock[{i}]", key, "duplicate site/SKU position")
            cells[cell] = pos.available
        avail = np.zeros((len(warehouses), n_k), dtype=np.int64)
        if cells:
            avail.flat[list(cells)] = list(cells.values())
        capacity_left = dict(capacity_left or {})
        for wid in capacity_left:
            if wid not in w_index:
                raise InvalidValueError("capacity_left", wid, "unknown site")
        cap = np.array(
            [capacity_left.get(w.id, w.capacity_per_day) for w in warehouses], dtype=np.int64
        )
        return cls(
            warehouses,
            skus,
            tuple(carriers),
            avail,
            cap,
            road_factor=road_factor,
            taken_at=taken_at,
        )

    def with_stock(self, available: np.ndarray, capacity_left: np.ndarray) -> NetworkSnapshot:
        """The same network with new stock and capacity (cheap: reuses the indexes)."""
        snap = NetworkSnapshot(
            self.warehouses,
            self.skus,
            self.carriers,
            available,
            capacity_left,
            self.road_factor,
            self.taken_at,
        )
        for name in ("warehouse_index", "sku_index", "sku_weights_g", "warehouse_coords"):
            if name in self.__dict__:
                snap.__dict__[name] = self.__dict__[name]
        return snap

    @cached_property
    def warehouse_index(self) -> dict[str, int]:
        """Site id -> row of :attr:`available`."""
        return {w.id: i for i, w in enumerate(self.warehouses)}

    @cached_property
    def sku_index(self) -> dict[str, int]:
        """SKU id -> column of :attr:`available`."""
        return {s.id: i for i, s in enumerate(self.skus)}

    @cached_property
    def sku_weights_g(self) -> np.ndarray:
        """Unit weight of every SKU, grams."""
        return np.array([s.weight_g for s in self.skus], dtype=np.int64)

    @cached_property
    def warehouse_coords(self) -> np.ndarray:
        """``(n, 2)`` latitude/longitude of the sites, degrees."""
        return np.array([(w.location.lat, w.location.lon) for w in self.warehouses], dtype=float)

    def stock_of(self, warehouse_id: str, sku_id: str) -> int:
        """Units of ``sku_id`` that ``warehouse_id`` may still promise."""
        return int(self.available[self.warehouse_index[warehouse_id], self.sku_index[sku_id]])


# (warehouses, carriers) tuple pairs that passed NetworkSnapshot's checks, by identity: the
# API builds a snapshot per order from the same cached tuples. Tuples of frozen objects
# cannot change, and holding them keeps their ids from being reused.
_validated_pairs: dict[tuple[int, int], tuple[tuple, tuple]] = {}
_validated_lock = threading.Lock()


def _remember_valid(pair: tuple[tuple, tuple]) -> None:
    with _validated_lock:
        while len(_validated_pairs) >= 8:
            _validated_pairs.pop(next(iter(_validated_pairs)))
        _validated_pairs[(id(pair[0]), id(pair[1]))] = pair


def _carrier_reaches(carrier: Carrier, warehouse: Warehouse, ship_to: LatLon, pickup: bool) -> bool:
    if carrier.warehouse_ids and warehouse.id not in carrier.warehouse_ids:
        return False
    if carrier.kind == CarrierKind.PICKUP_POINT:
        if not pickup:
            return False
        near = [p for p in carrier.points if haversine_m(p, ship_to) <= carrier.radius_m]
        return any(haversine_m(warehouse.location, p) <= carrier_reach_m(carrier) for p in near)
    return haversine_m(warehouse.location, ship_to) <= carrier_reach_m(carrier)


def _check_full_ship_days(days: object) -> None:
    if not isinstance(days, frozenset):
        raise InvalidValueError(
            "full_ship_days", days, 'expected a frozenset of (site id, "YYYY-MM-DD") pairs'
        )
    for pair in days:
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2
            and all(isinstance(part, str) for part in pair)
        ):
            raise InvalidValueError("full_ship_days", pair, 'expected (site id, "YYYY-MM-DD")')


@dataclass(frozen=True, eq=False)
class SourcingProblem:
    """Source one order from a network snapshot under rules.

    Parameters
    ----------
    order
        The order (lines, ship-to ``{lat, lon}``, promise, created-at, channel).
    network
        The snapshot to decide on.
    rules
        Business rules.
    now
        Decision time, unix seconds; defaults to ``order.created_at``.
    customer_utc_offset_s
        The ship-to's offset from UTC (promises are due by the customer's local
        end of day); defaults to ``round(lon / 15)`` hours.
    accept_pickup_point
        The customer accepts collecting at a pickup point.
    customer_time_zone
        The ship-to's IANA zone (``"Europe/Berlin"``): promise days follow its
        daylight saving time. Give it or ``customer_utc_offset_s``, not both.
    full_ship_days
        ``(site id, local day "YYYY-MM-DD")`` pairs on which a site can pack no more
        shipments: a lane that would leave that site on that day (its ``ships_at`` on
        the site's clock) is not offered, the site's other lanes are. A site's
        ``capacity_left`` counts its days with room; empty (the default): every day a
        site's ``capacity_left`` allows.

    Raises
    ------
    InvalidValueError
        ``order.lines[i].sku_id`` not in the catalog; ``order.ship_to`` out of
        every carrier's reach from every usable site; ``now`` before the order.
    """

    order: Order
    network: NetworkSnapshot
    rules: SourcingRules = SourcingRules()
    now: int | None = None
    customer_utc_offset_s: int | None = None
    accept_pickup_point: bool = False
    customer_time_zone: str | None = None
    full_ship_days: frozenset[tuple[str, str]] = frozenset()

    def __post_init__(self) -> None:
        if not isinstance(self.order, Order):
            raise InvalidValueError("order", self.order, "expected an Order")
        _check_full_ship_days(self.full_ship_days)
        if not isinstance(self.network, NetworkSnapshot):
            raise InvalidValueError("network", self.network, "expected a NetworkSnapshot")
        if not isinstance(self.rules, SourcingRules):
            raise InvalidValueError("rules", self.rules, "expected SourcingRules")
        index = self.network.sku_index
        for i, line in enumerate(self.order.lines):
            if line.sku_id not in index:
                raise InvalidValueError(f"order.lines[{i}].sku_id", line.sku_id, "unknown SKU")
        if self.now is not None:
            store_int(self, "now", minimum=self.order.created_at)
        if self.customer_utc_offset_s is not None:
            object.__setattr__(
                self,
                "customer_utc_offset_s",
                check_utc_offset("customer_utc_offset_s", self.customer_utc_offset_s),
            )
        check_one_clock(
            "customer_time_zone",
            self.customer_time_zone,
            "customer_utc_offset_s",
            self.customer_utc_offset_s,
            self.customer_utc_offset_s is not None,
        )
        usable = [
            w for w in self.network.warehouses if w.id not in self.rules.excluded_warehouse_ids
        ]
        if not usable:
            raise InvalidValueError(
                "rules.excluded_warehouse_ids",
                sorted(self.rules.excluded_warehouse_ids),
                "every site is excluded",
            )
        ship_to = self.order.ship_to
        if not any(
            _carrier_reaches(c, w, ship_to, self.accept_pickup_point)
            for w in usable
            for c in self.network.carriers
        ):
            raise InvalidValueError(
                "order.ship_to", ship_to.to_dict(), "outside every carrier's reach from every site"
            )

    @property
    def decided_at(self) -> int:
        """Decision time, unix seconds."""
        return self.order.created_at if self.now is None else self.now

    @property
    def customer_offset_s(self) -> int:
        """The ship-to's UTC offset in seconds (given, or estimated from longitude); with
        ``customer_time_zone``, the zone's offset when the order was placed."""
        if self.customer_time_zone is not None:
            return offset_at(zone_info(self.customer_time_zone), self.order.created_at)
        if self.customer_utc_offset_s is not None:
            return self.customer_utc_offset_s
        return round(self.order.ship_to.lon / 15.0) * 3600

    @property
    def customer_zone(self) -> Zone:
        """The ship-to's clock for promise days: its IANA zone, else
        :attr:`customer_offset_s`."""
        if self.customer_time_zone is not None:
            return zone_info(self.customer_time_zone)
        return self.customer_offset_s
