"""Clock arithmetic of a promise: when a shipment leaves a site and when it arrives.

All times are unix seconds (UTC). Cut-offs and carrier collection times are
seconds after the *site's* local midnight; delivery-by times and promise
deadlines are in the *customer's* local time. Days are calendar days (weekends
and holidays are not modelled: every day is a working day).
"""

from __future__ import annotations

import math

from logistics.domain.carriers import Carrier
from logistics.domain.network import Warehouse
from logistics.domain.orders import Promise, PromiseKind

__all__ = ["DAY_S", "promise_deadline", "cutoff_departure", "instant_departure", "local_day"]

DAY_S = 86_400


def local_day(t: int, utc_offset_s: int) -> tuple[int, int]:
    """``(day number, seconds after local midnight)`` of unix time ``t``."""
    lt = t + utc_offset_s
    return lt // DAY_S, lt % DAY_S


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
    return (day + 1 + extra) * DAY_S - customer_offset_s


def cutoff_departure(now: int, warehouse: Warehouse, carrier: Carrier) -> tuple[int, int] | None:
    """When an order decided at ``now`` leaves ``warehouse`` with ``carrier``.

    It leaves with the first cut-off at or after ``now`` (site local time) that
    the carrier still collects (``cut-off <= carrier.last_pickup_s``), else with
    the first such cut-off the next day.

    Returns
    -------
    (departure unix seconds, local departure day) or ``None`` when the carrier
    collects after none of the site's cut-offs.
    """
    usable = [c for c in warehouse.cutoffs_s if c <= carrier.last_pickup_s]
    if not usable:
        return None
    day, sec = local_day(now, warehouse.utc_offset_s)
    for c in usable:
        if sec <= c:
            return day * DAY_S + c - warehouse.utc_offset_s, day
    return (day + 1) * DAY_S + usable[0] - warehouse.utc_offset_s, day + 1


def instant_departure(now: int, warehouse: Warehouse, carrier: Carrier) -> int:
    """When an instant courier collects an order decided at ``now`` (unix seconds).

    Ready ``handover_s`` after the decision; collected within the courier's hours
    ``[first_pickup_s, last_pickup_s]`` of the site's local day, else at the next
    opening.
    """
    ready = now + carrier.handover_s
    day, sec = local_day(ready, warehouse.utc_offset_s)
    if sec < carrier.first_pickup_s:
        return day * DAY_S + carrier.first_pickup_s - warehouse.utc_offset_s
    if sec > carrier.last_pickup_s:
        return (day + 1) * DAY_S + carrier.first_pickup_s - warehouse.utc_offset_s
    return ready


def travel_seconds(road_m: float, speed_kmh: int) -> int:
    """Seconds to drive ``road_m`` meters at ``speed_kmh``, rounded up."""
    return math.ceil(road_m * 3.6 / speed_kmh)
