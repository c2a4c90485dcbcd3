"""Clock arithmetic of a promise: when a shipment leaves a site and when it arrives.

All times are unix seconds (UTC). Cut-offs and carrier collection times are
seconds after the *site's* local midnight; delivery-by times and promise
deadlines are in the *customer's* local time. Days are calendar days (weekends
and holidays are not modelled: every day is a working day).

A day number is only meaningful with the UTC offset it was taken in: the site's
day and the customer's day of the same instant differ by one when the two are
far apart (a site at UTC+9 is already on Tuesday when a customer at UTC-7 is
still on Monday). Every crossing between the two calendars goes through unix
time (:func:`local_day` one way, :func:`local_time` the other).
"""

from __future__ import annotations

import math

from logistics.domain.carriers import Carrier
from logistics.domain.network import Warehouse
from logistics.domain.orders import Promise, PromiseKind

__all__ = [
    "DAY_S",
    "courier_arrival",
    "cutoff_departure",
    "instant_departure",
    "local_day",
    "local_time",
    "promise_deadline",
]

DAY_S = 86_400


def local_day(t: int, utc_offset_s: int) -> tuple[int, int]:
    """``(day number, seconds after local midnight)`` of unix time ``t``."""
    lt = t + utc_offset_s
    return lt // DAY_S, lt % DAY_S


def local_time(day: int, seconds: int, utc_offset_s: int) -> int:
    """Unix time of ``seconds`` after local midnight of ``day`` (inverse of :func:`local_day`).

    ``day`` must be a day number in the same ``utc_offset_s`` (as :func:`local_day`
    returns it).
    """
    return day * DAY_S + seconds - utc_offset_s


def promise_deadline(promise: Promise, created_at: int, customer_offset_s: int) -> int:
    """Latest delivery time that keeps ``promise`` (unix seconds).

    ``same_city``: ``hours`` after the order; ``same_day``: the customer's local
    midnight ending the order day; ``next_day``: the midnight after; ``standard``:
    the midnight ending day ``standard_days`` after the order day.
    """
    if promise.kind == PromiseKind.SAME_CITY:
        assert promise.hours is not None
        return created_at + promise.hours * 3600
    day, _ = local_day(created_at, customer_offset_s)
    extra = {PromiseKind.SAME_DAY: 0, PromiseKind.NEXT_DAY: 1}.get(
        PromiseKind(promise.kind), promise.standard_days
    )
    return local_time(day + 1 + extra, 0, customer_offset_s)


def cutoff_departure(now: int, warehouse: Warehouse, carrier: Carrier) -> tuple[int, int] | None:
    """When an order decided at ``now`` leaves ``warehouse`` with ``carrier``.

    It leaves with the first cut-off at or after ``now`` (site local time) that
    the carrier still collects (``cut-off <= carrier.last_pickup_s``), else with
    the first such cut-off the next day.

    Returns
    -------
    (departure unix seconds, departure day in the *site's* calendar) or ``None``
    when the carrier collects after none of the site's cut-offs. The day is not
    the customer's day: see :func:`courier_arrival`.
    """
    usable = [c for c in warehouse.cutoffs_s if c <= carrier.last_pickup_s]
    if not usable:
        return None
    off = warehouse.utc_offset_s
    day, sec = local_day(now, off)
    for c in usable:
        if sec <= c:
            return local_time(day, c, off), day
    return local_time(day + 1, usable[0], off), day + 1


def courier_arrival(
    leaves: int, transit_days: int, delivery_by_s: int, customer_offset_s: int
) -> int:
    """When a rate-card shipment collected at unix ``leaves`` arrives (unix seconds).

    Due ``transit_days`` days after the pick-up day, counted in the *customer's*
    calendar (the day the customer is in when it is collected), by
    ``delivery_by_s`` of the customer's local day; never before it leaves.
    """
    day, _ = local_day(leaves, customer_offset_s)
    return max(local_time(day + transit_days, delivery_by_s, customer_offset_s), leaves)


def instant_departure(now: int, warehouse: Warehouse, carrier: Carrier) -> int:
    """When an instant courier collects an order decided at ``now`` (unix seconds).

    Ready ``handover_s`` after the decision; collected within the courier's hours
    ``[first_pickup_s, last_pickup_s]`` of the site's local day, else at the next
    opening.
    """
    ready = now + carrier.handover_s
    off = warehouse.utc_offset_s
    day, sec = local_day(ready, off)
    if sec < carrier.first_pickup_s:
        return local_time(day, carrier.first_pickup_s, off)
    if sec > carrier.last_pickup_s:
        return local_time(day + 1, carrier.first_pickup_s, off)
    return ready


def travel_seconds(road_m: float, speed_kmh: int) -> int:
    """Seconds to drive ``road_m`` meters at ``speed_kmh``, rounded up."""
    return math.ceil(road_m * 3.6 / speed_kmh)
