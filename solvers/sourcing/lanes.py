"""Lanes: every (site, carrier) pair that can take a shipment of this order to the customer.

A lane knows its price function (``base + per_kg * ceil(kg)``; instant couriers
``base + per_km * road km``), its heaviest shipment, when the shipment leaves
and when it arrives, and whether that keeps the order's promise.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from logistics.domain.carriers import Carrier, CarrierKind
from logistics.domain.geo import LatLon
from logistics.domain.network import Warehouse
from logistics.domain.sourcing import SourcingProblem, haversine_m
from solvers.sourcing.sites import INSTANT, PICKUP, Trig, haversine_trig, network_consts, trig
from solvers.sourcing.timing import (
    courier_arrival,
    cutoff_departure,
    instant_departure,
    local_day,
    promise_deadline,
    travel_seconds,
)

__all__ = ["Lane", "lane_for", "order_lanes", "shipping_price", "ships_on_full_day"]

_EPOCH = date(1970, 1, 1)


class Lane(NamedTuple):
    """One way to ship from one site to the customer.

    Parameters
    ----------
    warehouse, carrier
        Indexes into the snapshot's ``warehouses`` and ``carriers``.
    distance_m
        Straight-line meters from the site to the customer (or the pickup point).
    base_cents, per_kg_cents
        Price of a shipment: ``base + per_kg * ceil(weight_kg)``.
    max_weight_g
        Heaviest shipment, grams (0 = no limit).
    ships_at, delivers_by
        Unix seconds the shipment leaves the site and arrives.
    on_time
        ``delivers_by`` keeps the promise.
    via
        The pickup point, for pickup-point lanes.
    """

    warehouse: int
    carrier: int
    distance_m: int
    base_cents: int
    per_kg_cents: int
    max_weight_g: int
    ships_at: int
    delivers_by: int
    on_time: bool
    via: LatLon | None = None

    def price(self, weight_g: int) -> int | None:
        """Cents to ship ``weight_g`` grams, or ``None`` when too heavy."""
        return shipping_price(self.base_cents, self.per_kg_cents, self.max_weight_g, weight_g)


def shipping_price(base: int, per_kg: int, max_weight_g: int, weight_g: int) -> int | None:
    """``base + per_kg * ceil(weight_g / 1000)``; ``None`` above ``max_weight_g`` (0 = none)."""
    if max_weight_g and weight_g > max_weight_g:
        return None
    return base + per_kg * -(-weight_g // 1000)  # integer ceil: exact for any weight


def ships_on_full_day(problem: SourcingProblem, site: Warehouse, leaves: int) -> bool:
    """A shipment leaving ``site`` at unix ``leaves`` would take a day the site has no
    room left on (``problem.full_ship_days``, the site's local day)."""
    full = problem.full_ship_days
    if not full:
        return False
    day, _ = local_day(leaves, site.zone)
    return (site.id, (_EPOCH + timedelta(days=day)).isoformat()) in full


def lane_for(
    problem: SourcingProblem,
    w: int,
    c: int,
    deadline: int | None = None,
    distance_m: int | None = None,
    near_points: dict[int, list[LatLon]] | None = None,
    *,
    full_days: bool = True,
) -> Lane | None:
    """The lane from site ``w`` with carrier ``c``; ``None`` when it does not reach the
    customer, or would leave on one of the site's full days (``full_days=False``: offered
    whatever the day's room, to tell why a site cannot ship).

    ``distance_m`` (site to customer) and ``near_points`` (pickup points near the
    customer per carrier) may be passed in when already known.
    """
    net = problem.network
    site: Warehouse = net.warehouses[w]
    carrier: Carrier = net.carriers[c]
    if carrier.warehouse_ids and site.id not in carrier.warehouse_ids:
        return None
    if deadline is None:
        deadline = promise_deadline(
            problem.order.promise, problem.order.created_at, problem.customer_zone
        )
    ship_to = problem.order.ship_to
    now = problem.decided_at
    if distance_m is None:
        distance_m = haversine_m(site.location, ship_to)
    if carrier.kind == CarrierKind.INSTANT:
        dist = distance_m
        if dist > carrier.radius_m:
            return None
        road_m = dist * net.road_factor
        leaves = instant_departure(now, site, carrier)
        if full_days and ships_on_full_day(problem, site, leaves):
            return None
        arrives = leaves + travel_seconds(road_m, carrier.speed_kmh)
        base = carrier.base_cents + round(carrier.per_km_cents * road_m / 1000)
        return Lane(w, c, dist, base, 0, carrier.max_weight_g, leaves, arrives, arrives <= deadline)
    assert carrier.rate_card is not None
    via = None
    if carrier.kind == CarrierKind.PICKUP_POINT:
        if not problem.accept_pickup_point:
            return None
        if near_points is not None:
            near = near_points.get(c, [])
        else:
            near = [p for p in carrier.points if haversine_m(p, ship_to) <= carrier.radius_m]
        if not near:
            return None
        via = min(near, key=lambda p: (haversine_m(site.location, p), p.lat, p.lon))
        dist = haversine_m(site.location, via)
    else:
        dist = distance_m
        if dist > carrier.rate_card.zones[-1].max_distance_m:
            return None
    zone = carrier.rate_card.zone_for(dist)
    if zone is None:
        return None
    leaves = cutoff_departure(now, site, carrier)
    if leaves is None or (full_days and ships_on_full_day(problem, site, leaves)):
        return None
    arrives = courier_arrival(
        leaves, zone.transit_days, carrier.delivery_by_s, problem.customer_zone
    )
    return Lane(
        w,
        c,
        dist,
        zone.base_cents,
        zone.per_kg_cents,
        carrier.max_weight_g,
        leaves,
        arrives,
        arrives <= deadline,
        via,
    )


def order_lanes(problem: SourcingProblem, sites: Iterable[int] | None = None) -> list[Lane]:
    """Every lane of the order from every site that is not excluded, site-major order
    (none leaving a site on one of its ``problem.full_ship_days``).

    Same lanes as :func:`lane_for` over every site and carrier (tested), with the
    per-network work (carriers per site, usable cut-offs, zones) done once in
    :mod:`.sites`. ``sites`` (site indexes, ascending) limits it to those sites:
    the decision passes the sites holding some shipping unit, the only ones it
    ever prices, lists or explains.
    """
    net = problem.network
    consts = network_consts(net.warehouses, net.carriers)
    order = problem.order
    offset = problem.customer_zone  # fixed offset (int) or IANA zone
    deadline = promise_deadline(order.promise, order.created_at, offset)
    now = problem.decided_at
    road_factor = net.road_factor
    excluded = problem.rules.excluded_warehouse_ids
    full = problem.full_ship_days
    warehouses = net.warehouses
    to = trig(order.ship_to)
    near: dict[int, list[tuple[LatLon, Trig]]] = {}
    if problem.accept_pickup_point:
        for c in consts.points:
            near[c] = consts.near_points(c, net.carriers[c].radius_m, to)
    new = tuple.__new__  # Lane(...) without the Python-level __new__
    out = []
    for w in range(len(warehouses)) if sites is None else sites:
        site = warehouses[w]
        if site.id in excluded:
            continue
        here = consts.site_trig[w]
        dist = haversine_trig(here, to)
        departures: dict[int, int | None] = {}
        for spec in consts.site_lanes[w]:
            c, carrier, kind, reach, zones = spec
            if kind == INSTANT:
                if dist > reach:
                    continue
                road_m = dist * road_factor
                leaves = instant_departure(now, site, carrier)
                if full and ships_on_full_day(problem, site, leaves):
                    continue
                arrives = leaves + travel_seconds(road_m, carrier.speed_kmh)
                base = carrier.base_cents + round(carrier.per_km_cents * road_m / 1000)
                lane = (w, c, dist, base, 0, carrier.max_weight_g, leaves, arrives,
                        arrives <= deadline, None)  # fmt: skip
                out.append(new(Lane, lane))
                continue
            via = None
            if kind == PICKUP:
                points = near.get(c)
                if not points:
                    continue
                ranked = [(haversine_trig(here, t), p.lat, p.lon, p) for p, t in points]
                best = min(ranked, key=lambda r: r[:3])
                d, via = best[0], best[3]
            else:
                d = dist
                if d > reach:
                    continue
            for zone in zones:  # RateCard.zone_for
                if d <= zone.max_distance_m:
                    break
            else:
                continue
            last = carrier.last_pickup_s
            if last not in departures:
                departures[last] = cutoff_departure(now, site, carrier)
            leaves = departures[last]
            if leaves is None or (full and ships_on_full_day(problem, site, leaves)):
                continue
            arrives = courier_arrival(leaves, zone.transit_days, carrier.delivery_by_s, offset)
            lane = (w, c, d, zone.base_cents, zone.per_kg_cents, carrier.max_weight_g, leaves,
                    arrives, arrives <= deadline, via)  # fmt: skip
            out.append(new(Lane, lane))
    return out
