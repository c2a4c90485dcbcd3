"""Promises across far-apart time zones: cut-offs in the site's calendar, promise
days in the customer's, converted through UTC.

The property test checks the clock arithmetic against an independent
computation with :mod:`datetime` and fixed-offset ``timezone`` objects (nothing
shared with :mod:`solvers.sourcing.timing`).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from logistics.domain import (
    Carrier,
    CarrierKind,
    InventoryPosition,
    LatLon,
    Order,
    OrderLine,
    Promise,
    PromiseKind,
    Sku,
    Warehouse,
)
from logistics.domain.carriers import RateCard, RateZone
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem
from solvers import sourcing
from solvers.sourcing.lanes import lane_for, order_lanes
from solvers.sourcing.result import SourcingStatus
from solvers.sourcing.timing import instant_departure, promise_deadline
from solvers.sourcing.validate import validate

H = 3600
TOKYO = LatLon(35.68, 139.69)
LOS_ANGELES = LatLon(34.05, -118.24)


def _utc(*args: int) -> int:
    return int(dt.datetime(*args, tzinfo=dt.UTC).timestamp())


def _courier(transit_days: int, *, last_pickup_s: int = 18 * H, delivery_by_s: int = 20 * H):
    """A courier that reaches anywhere on Earth in ``transit_days`` days."""
    card = RateCard((RateZone(25_000_000, 1000, 100, transit_days),))
    return Carrier(
        "AIR", CarrierKind.COURIER, card, last_pickup_s=last_pickup_s, delivery_by_s=delivery_by_s
    )


def _problem(
    site_at: LatLon,
    site_offset_s: int,
    customer_at: LatLon,
    customer_offset_s: int,
    created_at: int,
    promise: Promise,
    carrier: Carrier,
    cutoffs_s: tuple[int, ...] = (14 * H, 18 * H),
) -> SourcingProblem:
    site = Warehouse("W", site_at, 100, cutoffs_s=cutoffs_s, utc_offset_s=site_offset_s)
    net = NetworkSnapshot.build(
        [site], [Sku("S", weight_g=500)], [carrier], [InventoryPosition("W", "S", 10)]
    )
    order = Order("o1", (OrderLine("S", 1),), customer_at, promise, created_at)
    return SourcingProblem(order, net, customer_utc_offset_s=customer_offset_s)


def test_tokyo_site_to_los_angeles_customer_next_day_is_kept():
    # Ordered Mon 2026-06-01 10:00 in LA (UTC-7) = 17:00Z = Tue 02:00 in Tokyo (UTC+9).
    created = _utc(2026, 6, 1, 17)
    p = _problem(TOKYO, 9 * H, LOS_ANGELES, -7 * H, created, Promise(PromiseKind.NEXT_DAY),
                 _courier(1))  # fmt: skip
    # Next-day in the customer's calendar: by the end of Tue 2026-06-02 in LA.
    assert promise_deadline(p.order.promise, created, -7 * H) == _utc(2026, 6, 3, 7)
    lane = lane_for(p, 0, 0)
    # Leaves at Tokyo's 14:00 cut-off on Tue = 05:00Z Tue = Mon 22:00 in LA.
    assert lane.ships_at == _utc(2026, 6, 2, 5)
    # Picked up on the customer's Monday; one day in transit: Tue 20:00 in LA = Wed 03:00Z.
    # (The site's calendar day, Tuesday, taken as the customer's: Wed 20:00 in LA, late.)
    assert lane.delivers_by == _utc(2026, 6, 3, 3)
    assert lane.on_time
    assert order_lanes(p) == [lane]
    result = sourcing.solve(p)
    assert result.sourced
    assert result.plan.shipments[0].delivers_by == _utc(2026, 6, 3, 3)
    assert validate(p, result).ok


def test_los_angeles_site_to_tokyo_customer_next_day_carrier_is_not_same_day():
    # Ordered Tue 2026-06-02 08:00 in Tokyo = Mon 23:00Z = Mon 16:00 in LA.
    created = _utc(2026, 6, 1, 23)
    p = _problem(LOS_ANGELES, -7 * H, TOKYO, 9 * H, created, Promise(PromiseKind.SAME_DAY),
                 _courier(1))  # fmt: skip
    lane = lane_for(p, 0, 0)
    # Leaves at LA's 18:00 cut-off on Monday = Tue 01:00Z = Tue 10:00 in Tokyo.
    assert lane.ships_at == _utc(2026, 6, 2, 1)
    # One day in transit from the customer's Tuesday: Wed 20:00 in Tokyo = Wed 11:00Z.
    # (LA's Monday + 1 taken as Tokyo's Tuesday: Tue 20:00 in Tokyo, "same day".)
    assert lane.delivers_by == _utc(2026, 6, 3, 11)
    assert not lane.on_time  # same day in Tokyo ends Tue 15:00Z
    result = sourcing.solve(p)
    assert result.status == SourcingStatus.PROMISE_UNREACHABLE


# --- property: against datetime with fixed-offset time zones -------------------------

OFFSETS = st.integers(-14 * 4, 14 * 4).map(lambda q: q * 900)  # quarter hours, -14h..+14h
ANY_OFFSET = st.integers(-14 * H, 14 * H)  # any second (the solver takes any int)
T0 = _utc(2026, 1, 1)
TIMES = st.integers(T0, T0 + 400 * 86_400)
SECONDS_OF_DAY = st.integers(0, 86_399)


def _tz(offset_s: int) -> dt.timezone:
    return dt.timezone(dt.timedelta(seconds=offset_s))


def _at(t: int, tz: dt.timezone) -> dt.datetime:
    return dt.datetime.fromtimestamp(t, tz)


def _on(day: dt.date, seconds: int, tz: dt.timezone) -> int:
    """Unix seconds of ``seconds`` after midnight of ``day`` in ``tz``."""
    midnight = dt.datetime.combine(day, dt.time(0), tz)
    return int((midnight + dt.timedelta(seconds=seconds)).timestamp())


def _expected_departure(now: int, site_tz: dt.timezone, usable: list[int]) -> int:
    today = _at(now, site_tz).date()
    for day in (today, today + dt.timedelta(days=1)):
        for c in usable:
            leaves = _on(day, c, site_tz)
            if leaves >= now:
                return leaves
    raise AssertionError("unreachable")


def _expected_deadline(promise: Promise, created: int, cust_tz: dt.timezone) -> int:
    if promise.kind == PromiseKind.SAME_CITY:
        return created + promise.hours * 3600
    extra = {PromiseKind.SAME_DAY: 0, PromiseKind.NEXT_DAY: 1}.get(
        promise.kind, promise.standard_days
    )
    due_day = _at(created, cust_tz).date() + dt.timedelta(days=1 + extra)
    return _on(due_day, 0, cust_tz)


PROMISES = st.sampled_from(
    [
        Promise(PromiseKind.SAME_DAY),
        Promise(PromiseKind.NEXT_DAY),
        Promise(PromiseKind.STANDARD, standard_days=3),
        Promise(PromiseKind.SAME_CITY, hours=4),
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    site_off=st.one_of(OFFSETS, ANY_OFFSET),
    cust_off=st.one_of(OFFSETS, ANY_OFFSET),
    created=TIMES,
    delay=st.integers(0, 3 * 86_400),
    transit=st.integers(0, 3),
    cutoffs=st.lists(SECONDS_OF_DAY, min_size=1, max_size=3, unique=True).map(sorted),
    last_pickup=SECONDS_OF_DAY,
    delivery_by=SECONDS_OF_DAY,
    promise=PROMISES,
)
def test_courier_lane_matches_datetime(
    site_off, cust_off, created, delay, transit, cutoffs, last_pickup, delivery_by, promise
):
    carrier = _courier(transit, last_pickup_s=last_pickup, delivery_by_s=delivery_by)
    site = Warehouse("W", TOKYO, 100, cutoffs_s=tuple(cutoffs), utc_offset_s=site_off)
    net = NetworkSnapshot.build(
        [site], [Sku("S", weight_g=500)], [carrier], [InventoryPosition("W", "S", 10)]
    )
    order = Order("o1", (OrderLine("S", 1),), LOS_ANGELES, promise, created)
    now = created + delay
    p = SourcingProblem(order, net, now=now, customer_utc_offset_s=cust_off)
    site_tz, cust_tz = _tz(site_off), _tz(cust_off)

    deadline = _expected_deadline(promise, created, cust_tz)
    assert promise_deadline(promise, created, cust_off) == deadline
    usable = [c for c in cutoffs if c <= last_pickup]
    lane = lane_for(p, 0, 0)
    assert order_lanes(p) == ([] if lane is None else [lane])
    if not usable:
        assert lane is None
        return
    leaves = _expected_departure(now, site_tz, usable)
    # Transit days count from the pick-up day in the customer's calendar; the
    # shipment is due by ``delivery_by`` (customer's local time) that day, and
    # never arrives before it leaves.
    due_day = _at(leaves, cust_tz).date() + dt.timedelta(days=transit)
    arrives = max(_on(due_day, delivery_by, cust_tz), leaves)
    assert (lane.ships_at, lane.delivers_by, lane.on_time) == (leaves, arrives, arrives <= deadline)
    # The site's calendar: it leaves on a cut-off of its own local day.
    local = _at(lane.ships_at, site_tz)
    assert local.hour * 3600 + local.minute * 60 + local.second in usable


@settings(max_examples=300, deadline=None)
@given(
    site_off=st.one_of(OFFSETS, ANY_OFFSET),
    now=TIMES,
    first=SECONDS_OF_DAY,
    span=SECONDS_OF_DAY,
    handover=st.integers(0, 4 * H),
)
def test_instant_departure_matches_datetime(site_off, now, first, span, handover):
    last = min(first + span, 86_399)
    carrier = Carrier("I", CarrierKind.INSTANT, radius_m=50_000, first_pickup_s=first,
                      last_pickup_s=last, handover_s=handover)  # fmt: skip
    site = Warehouse("W", LOS_ANGELES, 100, utc_offset_s=site_off)
    tz = _tz(site_off)
    ready = now + handover
    local = _at(ready, tz)
    sec = local.hour * 3600 + local.minute * 60 + local.second
    if sec < first:
        expected = _on(local.date(), first, tz)
    elif sec > last:
        expected = _on(local.date() + dt.timedelta(days=1), first, tz)
    else:
        expected = ready
    assert instant_departure(now, site, carrier) == expected
