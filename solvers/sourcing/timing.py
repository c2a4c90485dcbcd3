"""Clock arithmetic of a promise: when a shipment leaves a site and when it arrives.

All times are unix seconds (UTC). Cut-offs and carrier collection times are
seconds after the *site's* local midnight; delivery-by times and promise
deadlines are in the *customer's* local time. Days are calendar days (weekends
and holidays are not modelled: every day is a working day).

A place's clock is a :data:`~logistics.domain.timezones.Zone`: a fixed UTC
offset in seconds (``int``) or an IANA zone (:class:`zoneinfo.ZoneInfo`) whose
offset follows daylight saving time. With a zone, "seconds after local
midnight" are *wall-clock* seconds (15:00 is 54000 on every day, 23- and 25-hour
days included) and day numbers count local calendar dates from 1970-01-01.

A day number is only meaningful with the clock it was taken in: the site's
day and the customer's day of the same instant differ by one when the two are
far apart (a site at UTC+9 is already on Tuesday when a customer at UTC-7 is
still on Monday). Every crossing between the two calendars goes through unix
time (:func:`local_day` one way, :func:`local_time` the other).

Daylight saving transitions (zones only):

* a wall time the clocks skip (02:30 on a spring-forward day in New York) is
  read with the offset in force before the change, so it happens the length of
  the gap later on the wall (03:30 EDT, the instant 02:30 EST would be) --
  Python's ``fold=0``; a midnight that is skipped is the first instant of that day;
* a wall time that happens twice (01:30 on a fall-back day) is its first
  occurrence (``fold=0``): a 01:30 cut-off closes once, in daylight time;
* departures are never before the decision (or the courier's hand-over): a
  cut-off or opening time whose instant has already passed is not taken.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache

from logistics.domain.carriers import Carrier
from logistics.domain.network import Warehouse
from logistics.domain.orders import Promise, PromiseKind
from logistics.domain.timezones import Zone

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
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def local_day(t: int, zone: Zone) -> tuple[int, int]:
    """``(day number, seconds after local midnight)`` of unix time ``t`` on ``zone``'s clock.

    ``zone`` is a fixed UTC offset in seconds or a :class:`~zoneinfo.ZoneInfo`
    (wall-clock seconds, see the module notes).
    """
    if not isinstance(zone, tzinfo):  # a fixed offset (any integer type)
        lt = t + zone
        return lt // DAY_S, lt % DAY_S
    return _zoned_day(t, zone)


def local_time(day: int, seconds: int, zone: Zone) -> int:
    """Unix time of ``seconds`` after local midnight of ``day`` (inverse of :func:`local_day`).

    ``day`` must be a day number on the same clock (as :func:`local_day` returns
    it). With a zone, a wall time skipped by a spring-forward falls the gap's
    length later and a repeated one is its first occurrence (module notes).
    """
    if not isinstance(zone, tzinfo):  # a fixed offset (any integer type)
        return day * DAY_S + seconds - zone
    return _zoned_time(day, seconds, zone)


# Zone arithmetic through datetime costs microseconds; the same instants recur (cut-offs,
# departures shared by sites, the customer's day of each), so the pure results are cached.
@lru_cache(maxsize=1 << 16)
def _zoned_day(t: int, zone: tzinfo) -> tuple[int, int]:
    wall = datetime.fromtimestamp(t, zone)
    return wall.toordinal() - _EPOCH_ORDINAL, wall.hour * 3600 + wall.minute * 60 + wall.second


@lru_cache(maxsize=1 << 16)
def _zoned_time(day: int, seconds: int, zone: tzinfo) -> int:
    wall = datetime.fromordinal(day + _EPOCH_ORDINAL) + timedelta(seconds=seconds)
    return int(wall.replace(tzinfo=zone).timestamp())  # fold=0: see the module notes


def promise_deadline(promise: Promise, created_at: int, customer_zone: Zone) -> int:
    """Latest delivery time that keeps ``promise`` (unix seconds).

    ``same_city``: ``hours`` after the order; ``same_day``: the customer's local
    midnight ending the order day; ``next_day``: the midnight after; ``standard``:
    the midnight ending day ``standard_days`` after the order day.
    """
    if promise.kind == PromiseKind.SAME_CITY:
        assert promise.hours is not None
        return created_at + promise.hours * 3600
    day, _ = local_day(created_at, customer_zone)
    extra = {PromiseKind.SAME_DAY: 0, PromiseKind.NEXT_DAY: 1}.get(
        PromiseKind(promise.kind), promise.standard_days
    )
    return local_time(day + 1 + extra, 0, customer_zone)


def cutoff_departure(now: int, warehouse: Warehouse, carrier: Carrier) -> int | None:
    """When an order decided at ``now`` leaves ``warehouse`` with ``carrier``.

    It leaves with the first cut-off at or after ``now`` (site local time) that
    the carrier still collects (``cut-off <= carrier.last_pickup_s``), else with
    the first such cut-off the next day.

    Returns
    -------
    The departure (unix seconds), or ``None`` when the carrier collects after none
    of the site's cut-offs. Its day in the customer's calendar is what counts for
    the transit days: see :func:`courier_arrival`. With an IANA zone the cut-offs
    are wall-clock times of each day, compared with ``now`` as instants: the
    earliest cut-off instant at or after ``now`` (module notes on DST).
    """
    usable = [c for c in warehouse.cutoffs_s if c <= carrier.last_pickup_s]
    if not usable:
        return None
    if warehouse.time_zone is not None:
        return _zoned_departure(now, warehouse.zone, usable)
    off = warehouse.utc_offset_s
    day, sec = local_day(now, off)
    for c in usable:
        if sec <= c:
            return local_time(day, c, off)
    return local_time(day + 1, usable[0], off)


def _zoned_departure(now: int, zone: Zone, usable: list[int]) -> int:
    """First cut-off instant at or after ``now`` on ``zone``'s wall clock.

    Compared as instants (not wall seconds) so that a repeated hour or a skipped
    one never gives a departure before ``now``; the earliest wins (a skipped
    02:30 falls at 03:30, after a 03:15 cut-off).
    """
    day, _ = local_day(now, zone)
    for d in (day, day + 1):
        later = [t for t in (local_time(d, c, zone) for c in usable) if t >= now]
        if later:
            return min(later)
    raise AssertionError("every cut-off of the next day is after now")


def courier_arrival(leaves: int, transit_days: int, delivery_by_s: int, customer_zone: Zone) -> int:
    """When a rate-card shipment collected at unix ``leaves`` arrives (unix seconds).

    Due ``transit_days`` days after the pick-up day, counted in the *customer's*
    calendar (the day the customer is in when it is collected), by
    ``delivery_by_s`` of the customer's local day; never before it leaves.
    """
    day, _ = local_day(leaves, customer_zone)
    return max(local_time(day + transit_days, delivery_by_s, customer_zone), leaves)


def instant_departure(now: int, warehouse: Warehouse, carrier: Carrier) -> int:
    """When an instant courier collects an order decided at ``now`` (unix seconds).

    Ready ``handover_s`` after the decision; collected within the courier's hours
    ``[first_pickup_s, last_pickup_s]`` of the site's local day, else at the next
    opening.
    """
    ready = now + carrier.handover_s
    zone = warehouse.zone
    day, sec = local_day(ready, zone)
    if sec < carrier.first_pickup_s:
        # max: a zone's repeated hour can put the opening's first occurrence before ready
        return max(local_time(day, carrier.first_pickup_s, zone), ready)
    if sec > carrier.last_pickup_s:
        return local_time(day + 1, carrier.first_pickup_s, zone)
    return ready


def travel_seconds(road_m: float, speed_kmh: int) -> int:
    """Seconds to drive ``road_m`` meters at ``speed_kmh``, rounded up."""
    return math.ceil(road_m * 3.6 / speed_kmh)
