"""Order routing for the API: build the sourcing problem from the store, decide, reserve.

The network (warehouses, carriers) is cached for a few seconds (admin writes
clear the cache); stock is always read fresh, decided on without locks, and
reserved with conditional updates (:func:`logistics.store.place_order`).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from api.errors import Problem
from api.schemas.orders import OrderIn, OrderOut, OrderValidated, ReservationOut, ShipmentOut
from logistics.domain import InventoryPosition, LatLon, Order, OrderLine, Promise, PromiseKind
from logistics.domain._checks import require_known
from logistics.domain.carriers import Carrier, CarrierKind
from logistics.domain.catalog import Sku
from logistics.domain.network import Warehouse
from logistics.domain.orders import MAX_CREATED_AT
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem, SourcingRules
from logistics.domain.timezones import Zone, check_one_clock
from logistics.errors import InvalidValueError
from logistics.store import Allocation, OrderExists, PlannedShipment, Store, place_order
from logistics.store.allocation import MAX_STORED_CENTS
from logistics.store.carriers import load_carriers
from logistics.store.db import connection_of
from logistics.store.idempotency import KeyWithAnswer
from logistics.store.models import Order as OrderRow
from logistics.store.order_reads import read_skus, read_stock_and_days
from logistics.store.stock import load_warehouses
from solvers import sourcing
from solvers.sourcing import timing

__all__ = [
    "NetworkCache",
    "to_domain_order",
    "order_out",
    "placed_order_out",
    "route_order",
    "validate_order",
]


@dataclass(frozen=True)
class Network:
    warehouses: tuple[Warehouse, ...]
    carriers: tuple[Carrier, ...]

    @cached_property
    def shipping_clocks(self) -> tuple[tuple[Warehouse, tuple[str, ...]], ...]:
        """Warehouses that ship an order on the same days whenever it comes (same clock,
        cut-offs and carriers collecting there): one of them and the ids of all."""
        groups: dict[tuple[Any, ...], tuple[Warehouse, list[str]]] = {}
        for w in self.warehouses:
            ids = tuple(
                c.id for c in self.carriers if not c.warehouse_ids or w.id in c.warehouse_ids
            )
            groups.setdefault((w.zone, w.cutoffs_s, ids), (w, []))[1].append(w.id)
        return tuple((w, tuple(ids)) for w, ids in groups.values())


class NetworkCache:
    """Warehouses, carriers and SKUs, re-read every ``ttl_s`` seconds or after ``clear()``.

    SKUs are kept one by one as orders ask for them (stock is never cached).
    Admin writes through this process clear it at once (a read that began before
    the ``clear()`` is not kept); other processes see them within ``ttl_s``.
    """

    def __init__(self, ttl_s: float = 5.0, max_skus: int = 100_000) -> None:
        self.ttl_s = ttl_s
        self.max_skus = max_skus
        self._lock = threading.Lock()
        self._value: tuple[float, Network] | None = None
        self._skus: dict[str, tuple[float, Sku]] = {}
        self._generation = 0  # counts clear() calls

    def skus(self, conn: Connection, sku_ids: list[str]) -> list[Sku]:
        """The known SKUs among ``sku_ids`` (sorted by id); misses are read with ``conn``."""
        now = time.monotonic()
        generation = self._generation
        found: list[Sku] = []
        missing: list[str] = []
        for sku_id in sku_ids:
            hit = self._skus.get(sku_id)
            if hit is not None and now - hit[0] < self.ttl_s:
                found.append(hit[1])
            else:
                missing.append(sku_id)
        if missing:
            rows = read_skus(conn, missing)
            read = [Sku(i, w, v, item_class=c, kit_id=k) for i, w, v, c, k in rows]
            with self._lock:
                if generation == self._generation:  # else cleared while reading: keep none
                    if len(self._skus) + len(read) > self.max_skus:
                        self._skus.clear()
                    for sku in read:
                        self._skus[sku.id] = (now, sku)
            found.extend(read)
            found.sort(key=lambda sku: sku.id)
        return found

    def get(self, store: Store) -> Network:
        with self._lock:
            if self._value is not None and time.monotonic() - self._value[0] < self.ttl_s:
                return self._value[1]
            generation = self._generation
        with store.read() as session:
            net = Network(tuple(load_warehouses(session)), tuple(load_carriers(session)))
        with self._lock:
            if generation == self._generation:  # else cleared while reading: keep none
                self._value = (time.monotonic(), net)
        return net

    def clear(self) -> None:
        with self._lock:
            self._value = None
            self._skus = {}
            self._generation += 1


class NotFulfillable(Exception):
    """The solver found no way to keep the promise (carries its explanation)."""

    def __init__(self, result: sourcing.SourcingResult) -> None:
        self.result = result
        super().__init__(result.reason or str(result.status))


def to_domain_order(body: OrderIn, now: dt.datetime | None = None) -> Order:
    """The validated domain order (bad values raise with the body's field path)."""
    created = body.created_at or now or dt.datetime.now(dt.UTC)
    try:
        promise = Promise(
            PromiseKind(body.promise.kind), body.promise.hours, body.promise.standard_days
        )
    except InvalidValueError as exc:  # its fields live under /promise in the body
        raise exc.prefixed("promise") from None
    check_one_clock(  # refused before anything is read or stored
        "customer_time_zone",
        body.customer_time_zone,
        "customer_utc_offset_s",
        body.customer_utc_offset_s,
        body.customer_utc_offset_s is not None,
    )
    created_s = int(created.timestamp())
    if not 0 <= created_s <= MAX_CREATED_AT:  # named as sent, not in unix seconds
        raise InvalidValueError(
            "created_at",
            created.isoformat(),
            f"must be between 1970-01-01T00:00:00Z and {_MAX_CREATED_AT_TEXT}",
        )
    return Order(
        id=body.id,
        lines=tuple(OrderLine(ln.sku_id, ln.quantity) for ln in body.lines),
        ship_to=LatLon(body.ship_to.lat, body.ship_to.lon),
        promise=promise,
        created_at=created_s,
        channel=body.channel,
    )


_MAX_CREATED_AT_TEXT = dt.datetime.fromtimestamp(MAX_CREATED_AT, dt.UTC).strftime(
    "%Y-%m-%dT%H:%M:%SZ"
)


def check_excluded_warehouses(body: OrderIn, net: Network) -> None:
    """Refuse an excluded warehouse id the network does not have (a typo would
    otherwise exclude nothing and let the order ship from the site it meant to avoid)."""
    if body.rules is None:
        return
    known = {w.id for w in net.warehouses}
    ids = body.rules.excluded_warehouse_ids
    require_known("rules.excluded_warehouse_ids", ids, known, "unknown warehouse")


def _rules(body: OrderIn) -> SourcingRules:
    if body.rules is None:
        return SourcingRules()
    base = SourcingRules()
    return SourcingRules(
        max_shipments=body.rules.max_shipments or base.max_shipments,
        cost_per_extra_shipment=base.cost_per_extra_shipment,
        excluded_warehouse_ids=frozenset(body.rules.excluded_warehouse_ids),
    )


_EPOCH = dt.date(1970, 1, 1)


def local_day(unix_s: int, zone: Zone) -> str:
    """The ``YYYY-MM-DD`` a warehouse on ``zone`` (fixed UTC offset in seconds, or an
    IANA zone: :attr:`Warehouse.zone`) is in at ``unix_s``."""
    day, _ = timing.local_day(unix_s, zone)  # days since 1970-01-01 on that clock
    return (_EPOCH + dt.timedelta(days=day)).isoformat()


def ship_days(
    now: int, site: Warehouse, carriers: Sequence[Carrier], pickup_points: bool
) -> tuple[str, ...]:
    """The local days (``YYYY-MM-DD``, sorted) a shipment decided at unix ``now`` can leave
    ``site`` on: the day of each carrier's departure there, timed as the sourcing lanes
    time ``ships_at`` (:func:`~solvers.sourcing.timing.cutoff_departure`, or
    :func:`~solvers.sourcing.timing.instant_departure` for instant couriers).

    A shipment takes daily capacity on the day it ships, so an order after the last
    cut-off takes the next day's. Carriers not collecting at ``site`` (and pickup-point
    carriers unless ``pickup_points``) are left out; with none, the day ``now`` is in.
    """
    leaves: dict[tuple[int, ...], int | None] = {}  # by what the departure depends on
    for carrier in carriers:
        if carrier.warehouse_ids and site.id not in carrier.warehouse_ids:
            continue
        if carrier.kind == CarrierKind.PICKUP_POINT and not pickup_points:
            continue
        if carrier.kind == CarrierKind.INSTANT:
            key = (carrier.first_pickup_s, carrier.last_pickup_s, carrier.handover_s)
            if key not in leaves:
                leaves[key] = timing.instant_departure(now, site, carrier)
        elif (carrier.last_pickup_s,) not in leaves:
            leaves[(carrier.last_pickup_s,)] = timing.cutoff_departure(now, site, carrier)
    times = [t for t in leaves.values() if t is not None] or [now]
    return tuple(sorted({local_day(t, site.zone) for t in times}))


def _order_ship_days(body: OrderIn, order: Order, net: Network) -> dict[str, tuple[str, ...]]:
    """Warehouse id -> the days it could ship ``order`` on (:func:`ship_days`), worked
    out once per :attr:`Network.shipping_clocks` group."""
    out: dict[str, tuple[str, ...]] = {}
    for site, ids in net.shipping_clocks:
        days = ship_days(order.created_at, site, net.carriers, body.accept_pickup_point)
        out.update(dict.fromkeys(ids, days))
    return out


def _read_positions(
    session: Session | Connection,
    cache: NetworkCache,
    sku_ids: list[str],
    days: Mapping[str, tuple[str, ...]] | None = None,
):
    """SKUs (cached) and stock of ``sku_ids``; with ``days`` (warehouse -> local days) also
    the shipments each warehouse has taken on for each of those days, by (warehouse, day)."""
    conn = connection_of(session)
    sku_objs = cache.skus(conn, sku_ids)
    days = days or {}
    wanted_days = sorted({d for ds in days.values() for d in ds})
    positions: list[InventoryPosition] = []
    used: dict[tuple[str, str], int] = {}
    for kind, w, what, n, safety in read_stock_and_days(conn, sku_ids, wanted_days):
        if kind == 0:
            positions.append(
                InventoryPosition(w, what, on_hand=n, reserved=0, safety_stock=min(safety, n))
            )
        elif what in days.get(w, ()):
            used[(w, what)] = int(n)
    return sku_objs, positions, used


def _capacity_left(
    net: Network, used: Mapping[tuple[str, str], int], days: Mapping[str, tuple[str, ...]]
) -> dict[str, int]:
    """Shipments each warehouse can still take for this order: the most room over the days
    it could ship it on (:func:`ship_days`; the days without room are
    :func:`_full_ship_days`, whose lanes the decision leaves out); warehouses with nothing
    used are left out (their full day)."""
    return {
        w.id: max(0, max(w.capacity_per_day - used.get((w.id, d), 0) for d in days[w.id]))
        for w in net.warehouses
        if any((w.id, d) in used for d in days.get(w.id, ()))
    }


def _full_ship_days(
    net: Network, used: Mapping[tuple[str, str], int], days: Mapping[str, tuple[str, ...]]
) -> frozenset[tuple[str, str]]:
    """``(warehouse id, day)`` of the days a warehouse could ship this order on that have
    no room left: the decision offers no lane leaving it that day (so whichever carrier it
    picks, the day its shipment counts on has room), and still the lanes of its other days
    (before, one full day took the warehouse out for every carrier)."""
    return frozenset(
        (w.id, d)
        for w in net.warehouses
        for d in days.get(w.id, ())
        if w.capacity_per_day - used.get((w.id, d), 0) <= 0
    )


def _problem(
    body: OrderIn,
    order: Order,
    net: Network,
    skus,
    positions,
    capacity_left=None,
    full_ship_days: frozenset[tuple[str, str]] = frozenset(),
) -> SourcingProblem:
    known_w = {w.id for w in net.warehouses}
    positions = [p for p in positions if p.warehouse_id in known_w]
    if not net.warehouses:
        raise Problem("order-not-fulfillable", "no warehouses are set up; an admin adds them")
    if not net.carriers:
        raise Problem("order-not-fulfillable", "no carriers are set up; an admin adds them")
    snapshot = NetworkSnapshot.build(
        net.warehouses,
        skus,
        net.carriers,
        positions,
        capacity_left=capacity_left,
        taken_at=order.created_at,
    )
    try:
        return SourcingProblem(
            order=order,
            network=snapshot,
            rules=_rules(body),
            customer_utc_offset_s=body.customer_utc_offset_s,
            customer_time_zone=body.customer_time_zone,
            accept_pickup_point=body.accept_pickup_point,
            full_ship_days=full_ship_days,
        )
    except InvalidValueError as exc:
        field = exc.field[len("order.") :] if exc.field.startswith("order.") else exc.field
        raise InvalidValueError(field, exc.value, exc.reason) from None


def _allocation(result: sourcing.SourcingResult, order: Order, net: Network) -> Allocation:
    plan = result.plan
    assert plan is not None
    if plan.total_cost > MAX_STORED_CENTS:  # the solver counts in Python integers, the store not
        raise InvalidValueError(
            "lines",
            f"{len(order.lines)} lines, {order.units} units",
            f"the cheapest plan's landed cost, {plan.total_cost} cents, is more than an order "
            f"can be stored with ({MAX_STORED_CENTS}); split the order",
        )
    by_id = {w.id: w for w in net.warehouses}
    explanation = result.to_dict()
    return Allocation(
        shipments=tuple(
            PlannedShipment(
                warehouse_id=s.warehouse_id,
                lines=tuple((ln.sku_id, ln.quantity) for ln in s.lines),
                carrier_id=s.carrier_id,
                cost=s.cost,
                promised_at=dt.datetime.fromtimestamp(s.delivers_by, dt.UTC),
                day=local_day(s.ships_at, by_id[s.warehouse_id].zone),  # the day it ships
            )
            for s in plan.shipments
        ),
        total_cost=plan.total_cost,
        explanation=explanation,
        capacity_per_day={
            s.warehouse_id: by_id[s.warehouse_id].capacity_per_day for s in plan.shipments
        },
    )


def validate_order(store: Store, cache: NetworkCache, body: OrderIn) -> OrderValidated:
    """Check the order against the catalog and the network without deciding or reserving.

    Raises
    ------
    InvalidValueError
        Bad input, as :func:`route_order` refuses it.
    OrderExists
        Its id is taken (by any API key), as placing it would be refused.
    """
    order = to_domain_order(body)
    net = cache.get(store)
    check_excluded_warehouses(body, net)
    sku_ids = sorted({ln.sku_id for ln in order.lines})
    days = _order_ship_days(body, order, net)
    with store.read() as session:
        skus, positions, used = _read_positions(session, cache, sku_ids, days)
        if session.scalar(select(OrderRow.id).where(OrderRow.id == order.id)) is not None:
            raise OrderExists(order.id)
    problem = _problem(
        body,
        order,
        net,
        skus,
        positions,
        _capacity_left(net, used, days),
        _full_ship_days(net, used, days),
    )
    return OrderValidated(
        valid=True,
        order_id=order.id,
        lines=len(order.lines),
        units=order.units,
        candidate_warehouses=len(problem.network.warehouses),
    )


def route_order(
    store: Store,
    cache: NetworkCache,
    body: OrderIn,
    owner_key_id: str,
    attempts: int,
    key: KeyWithAnswer | None = None,
) -> str:
    """Decide and reserve; returns the order id.

    ``key`` is stored with its answer by the reserving transaction
    (see :func:`logistics.store.place_order`).

    Raises
    ------
    InvalidValueError
        Bad input (unknown SKU, unreachable ship-to...): nothing is reserved.
    NotFulfillable
        The promise cannot be kept with the stock there is: nothing is reserved.
    ConflictsExhausted, OrderExists, KeyTaken
        From :func:`logistics.store.place_order`.
    """
    order = to_domain_order(body)
    net = cache.get(store)
    check_excluded_warehouses(body, net)
    sku_ids = sorted({ln.sku_id for ln in order.lines})

    days = _order_ship_days(body, order, net)

    def decide(snap: Any) -> Allocation:
        skus, positions, used = snap
        capacity_left = _capacity_left(net, used, days)
        full = _full_ship_days(net, used, days)
        result = sourcing.solve(_problem(body, order, net, skus, positions, capacity_left, full))
        if not result.sourced:
            raise NotFulfillable(result)
        return _allocation(result, order, net)

    placed = place_order(
        store,
        order_id=order.id,
        sku_ids=sku_ids,
        request=body.model_dump(mode="json"),
        decide=decide,
        owner_key_id=owner_key_id,
        attempts=attempts,
        key=key,
        read_snapshot=lambda session: _read_positions(session, cache, sku_ids, days),
    )
    return placed.order_id


# what the answer to POST /v1/orders leaves out of the explanation (GET has it): most of
# its bytes, which every caller would pay for on every order
_DELIBERATION = frozenset({"runner_ups", "site_notes"})


def placed_order_out(placed) -> OrderOut:  # noqa: ANN001 - logistics.store.PlacedOrder
    """The API view of an order just placed (built from the decision, no re-read); its
    explanation without the runner-ups and per-site notes (stored, and shown by GET)."""
    alloc = placed.allocation
    merged: dict[tuple[str, str], int] = {}
    for s in alloc.shipments:
        for sku, q in s.lines:
            merged[(s.warehouse_id, sku)] = merged.get((s.warehouse_id, sku), 0) + q
    return OrderOut(
        id=placed.order_id,
        state="reserved",
        total_cost=alloc.total_cost,
        shipments=[
            ShipmentOut(
                warehouse_id=s.warehouse_id,
                carrier_id=s.carrier_id,
                cost=s.cost,
                delivers_by=s.promised_at,
                lines=[{"sku_id": sku, "quantity": q} for sku, q in s.lines],
            )
            for s in alloc.shipments
        ],
        reservations=[
            ReservationOut(warehouse_id=w, sku_id=k, quantity=q, state="held")
            for (w, k), q in sorted(merged.items())
        ],
        explanation={k: v for k, v in alloc.explanation.items() if k not in _DELIBERATION},
        created_at=placed.created_at,
        cancelled_at=None,
    )


def order_out(row: OrderRow) -> OrderOut:
    """The API view of a stored order."""
    return OrderOut(
        id=row.id,
        state=row.state,
        total_cost=row.total_cost,
        shipments=[
            ShipmentOut(
                warehouse_id=s.warehouse_id,
                carrier_id=s.carrier_id,
                cost=s.cost,
                delivers_by=s.promised_at,
                lines=s.lines,
            )
            for s in row.shipments
        ],
        reservations=[
            ReservationOut(
                warehouse_id=r.warehouse_id, sku_id=r.sku_id, quantity=r.quantity, state=r.state
            )
            for r in row.reservations
        ],
        explanation=row.explanation,
        created_at=row.created_at,
        cancelled_at=row.cancelled_at,
    )
