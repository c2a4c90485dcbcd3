"""Promises with IANA time zones: cut-offs and promise days follow daylight saving time.

A site in America/New_York with a 15:00 cut-off takes an order placed at 14:30
local on a summer day (EDT, UTC-4) and on a winter day (EST, UTC-5) for a same-day
delivery; any one fixed offset is an hour off on one of the two. DST transition
days follow the rules of :mod:`solvers.sourcing.timing` (a skipped wall time falls
the gap later, a repeated one is its first occurrence). The property tests check
the clock arithmetic against an independent computation with :mod:`datetime` and
:mod:`zoneinfo` (nothing shared with :mod:`solvers.sourcing.timing`), with zones on
both sides of the date line, including Samoa's skipped 2011-12-30.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
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
from solvers.sourcing.timing import (
    courier_arrival,
    cutoff_departure,
    instant_departure,
    local_day,
    local_time,
    promise_deadline,
)
from solvers.sourcing.validate import validate

H = 3600
NY = ZoneInfo("America/New_York")
NEWARK = LatLon(40.7357, -74.1724)
BROOKLYN = LatLon(40.6782, -73.9442)


def _ny(*args: int, fold: int = 0) -> int:
    """Unix seconds of a New York wall time."""
    return int(dt.datetime(*args, tzinfo=NY, fold=fold).timestamp())


def _utc(*args: int) -> int:
    return int(dt.datetime(*args, tzinfo=dt.UTC).timestamp())


def _van(last_pickup_s: int = 18 * H, delivery_by_s: int = 21 * H, transit_days: int = 0):
    card = RateCard((RateZone(100_000, 400, 10, transit_days),))
    return Carrier(
        "VAN", CarrierKind.COURIER, card, last_pickup_s=last_pickup_s, delivery_by_s=delivery_by_s
    )


def _ny_problem(created: int, *, fixed_offset_s: int | None = None, cutoffs=(15 * H,)):
    """Same-day order from a Newark site to Brooklyn: on New York's zone, or on one
    fixed offset for both sides when ``fixed_offset_s`` is given."""
    if fixed_offset_s is None:
        site = Warehouse("EWR", NEWARK, 100, cutoffs_s=cutoffs, time_zone="America/New_York")
        customer = {"customer_time_zone": "America/New_York"}
    else:
        site = Warehouse("EWR", NEWARK, 100, cutoffs_s=cutoffs, utc_offset_s=fixed_offset_s)
        customer = {"customer_utc_offset_s": fixed_offset_s}
    net = NetworkSnapshot.build(
        [site], [Sku("S", weight_g=500)], [_van()], [InventoryPosition("EWR", "S", 10)]
    )
    order = Order("o1", (OrderLine("S", 1),), BROOKLYN, Promise(PromiseKind.SAME_DAY), created)
    return SourcingProblem(order, net, **customer)


SUMMER = _ny(2026, 7, 1, 14, 30)  # 18:30Z, EDT
WINTER = _ny(2026, 1, 15, 14, 30)  # 19:30Z, EST


@pytest.mark.parametrize(
    ("created", "cutoff"),
    [(SUMMER, _ny(2026, 7, 1, 15)), (WINTER, _ny(2026, 1, 15, 15))],
    ids=["summer", "winter"],
)
def test_new_york_1430_order_makes_the_1500_cutoff_and_same_day_all_year(created, cutoff):
    p = _ny_problem(created)
    lane = lane_for(p, 0, 0)
    assert lane.ships_at == cutoff  # 15:00 on the wall, EDT or EST
    assert lane.delivers_by == cutoff + 6 * H  # 21:00 local the same day
    assert lane.on_time and order_lanes(p) == [lane]
    result = sourcing.solve(p)
    assert result.sourced and validate(p, result).ok
    assert result.promise_deadline == cutoff + 9 * H  # local midnight ending the day


def test_any_fixed_offset_is_an_hour_off_half_the_year():
    # EDT all year (-4h): the winter 14:30 order is taken for 15:30, misses the cut-off
    # and the same day.
    winter = _ny_problem(WINTER, fixed_offset_s=-4 * H)
    assert lane_for(winter, 0, 0).ships_at == _ny(2026, 1, 16, 14)  # next day, 15:00 EDT
    assert sourcing.solve(winter).status == SourcingStatus.PROMISE_UNREACHABLE
    # EST all year (-5h): the summer order leaves with a "15:00" truck at 16:00 on the wall.
    summer = _ny_problem(SUMMER, fixed_offset_s=-5 * H)
    assert lane_for(summer, 0, 0).ships_at == _ny(2026, 7, 1, 16)
    # and a 15:30 EDT order, after the real cut-off, is promised as if before it
    late = _ny_problem(_ny(2026, 7, 1, 15, 30), fixed_offset_s=-5 * H)
    assert lane_for(late, 0, 0).ships_at == _ny(2026, 7, 1, 16)
    assert lane_for(_ny_problem(_ny(2026, 7, 1, 15, 30)), 0, 0).ships_at == _ny(2026, 7, 2, 15)


# --- DST transition days in New York (2026-03-08 02:00 -> 03:00; 2026-11-01 02:00 -> 01:00)


def _site(cutoffs: tuple[int, ...]) -> Warehouse:
    return Warehouse("EWR", NEWARK, 100, cutoffs_s=cutoffs, time_zone="America/New_York")


def test_spring_forward_cutoff_in_the_gap_falls_the_gap_later():
    site, van = _site((2 * H + 30 * 60,)), _van()
    at_0330_edt = _utc(2026, 3, 8, 7, 30)  # = 02:30 EST, the instant "02:30" would be
    assert cutoff_departure(_ny(2026, 3, 8, 1, 50), site, van) == at_0330_edt
    assert cutoff_departure(_ny(2026, 3, 8, 3, 10), site, van) == at_0330_edt
    assert cutoff_departure(_ny(2026, 3, 8, 3, 40), site, van) == _ny(2026, 3, 9, 2, 30)
    # a 03:15 cut-off comes before the skipped 02:30 one: the earliest instant wins
    site2 = _site((2 * H + 30 * 60, 3 * H + 15 * 60))
    assert cutoff_departure(_ny(2026, 3, 8, 3, 0), site2, van) == _ny(2026, 3, 8, 3, 15)
    assert cutoff_departure(_ny(2026, 3, 8, 3, 20), site2, van) == at_0330_edt


def test_fall_back_cutoff_in_the_repeated_hour_is_its_first_occurrence():
    site, van = _site((H + 30 * 60,)), _van()
    first = _ny(2026, 11, 1, 1, 30)  # 01:30 EDT = 05:30Z
    assert first == _utc(2026, 11, 1, 5, 30)
    assert cutoff_departure(_ny(2026, 11, 1, 1, 15), site, van) == first
    # 01:15 the second time (EST): the cut-off has closed, and never leaves before now
    second_0115 = _ny(2026, 11, 1, 1, 15, fold=1)
    assert second_0115 == _utc(2026, 11, 1, 6, 15)
    assert cutoff_departure(second_0115, site, van) == _ny(2026, 11, 2, 1, 30)
    # wall-clock seconds of the second 01:15 are still 01:15
    assert local_day(second_0115, NY)[1] == H + 15 * 60


def test_instant_courier_opening_in_the_repeated_hour_never_before_ready():
    courier = Carrier("I", CarrierKind.INSTANT, radius_m=50_000, first_pickup_s=H + 30 * 60,
                      last_pickup_s=20 * H, handover_s=0)  # fmt: skip
    site = _site((16 * H,))
    ready = _ny(2026, 11, 1, 1, 15, fold=1)  # after the first 01:30 (EDT) has passed
    assert instant_departure(ready, site, courier) == ready
    before = _ny(2026, 11, 1, 1, 15)
    assert instant_departure(before, site, courier) == _ny(2026, 11, 1, 1, 30)


def test_promise_days_of_23_and_25_hours_end_at_local_midnight():
    same_day = Promise(PromiseKind.SAME_DAY)
    assert promise_deadline(same_day, _ny(2026, 3, 8, 0, 30), NY) == _ny(2026, 3, 9)
    assert _ny(2026, 3, 9) - _ny(2026, 3, 8) == 23 * H
    assert promise_deadline(same_day, _ny(2026, 11, 1, 0, 30), NY) == _ny(2026, 11, 2)
    assert _ny(2026, 11, 2) - _ny(2026, 11, 1) == 25 * H
    nxt = Promise(PromiseKind.NEXT_DAY)  # ordered Saturday evening, due end of Sunday (23 h)
    assert promise_deadline(nxt, _ny(2026, 3, 7, 22), NY) == _ny(2026, 3, 9)


def test_local_time_inverts_local_day_away_from_transitions():
    for t in (SUMMER, WINTER, _ny(2026, 3, 8, 12), _ny(2026, 11, 1, 12)):
        day, sec = local_day(t, NY)
        assert local_time(day, sec, NY) == t
    # day numbers count local dates from 1970-01-01 like the fixed-offset ones
    assert local_day(SUMMER, NY)[0] == local_day(SUMMER, -4 * H)[0]


def test_fixed_offsets_are_unchanged_integer_arithmetic():
    assert local_day(SUMMER, -4 * H) == ((SUMMER - 4 * H) // 86_400, (SUMMER - 4 * H) % 86_400)
    assert local_time(20_000, 54_000, -4 * H) == 20_000 * 86_400 + 54_000 + 4 * H


# --- property: against datetime + zoneinfo, zones on both sides of the date line -------

ZONES = st.sampled_from(
    [
        "Pacific/Apia",  # UTC-11 -> UTC+13 by skipping 2011-12-30; DST until 2021
        "Pacific/Kiritimati",  # UTC+14
        "Pacific/Pago_Pago",  # UTC-11, across the line from Apia
        "Pacific/Chatham",  # +12:45 / +13:45
        "Pacific/Auckland",
        "Pacific/Tongatapu",
        "America/Adak",  # UTC-10 with DST
        "Pacific/Honolulu",
        "Australia/Lord_Howe",  # half-hour DST
        "Asia/Tokyo",
        "America/New_York",
        "America/St_Johns",  # -3:30 with DST
        "Europe/Berlin",
        "America/Santiago",  # DST changes at midnight (some years skip 00:00)
    ]
).map(ZoneInfo)
T0 = _utc(2010, 1, 1)
TIMES = st.integers(T0, _utc(2027, 12, 31))
SECONDS_OF_DAY = st.integers(0, 86_399)
PROMISES = st.sampled_from(
    [
        Promise(PromiseKind.SAME_DAY),
        Promise(PromiseKind.NEXT_DAY),
        Promise(PromiseKind.STANDARD, standard_days=3),
        Promise(PromiseKind.SAME_CITY, hours=4),
    ]
)


def _on(day: dt.date, seconds: int, tz: ZoneInfo) -> int:
    """Unix seconds of the wall time ``seconds`` after midnight of ``day`` (fold=0)."""
    h, rest = divmod(seconds, 3600)
    wall = dt.datetime.combine(day, dt.time(h, rest // 60, rest % 60), tzinfo=tz)
    return int(wall.timestamp())


def _date_at(t: int, tz: ZoneInfo) -> dt.date:
    return dt.datetime.fromtimestamp(t, tz).date()


def _expected_deadline(promise: Promise, created: int, tz: ZoneInfo) -> int:
    if promise.kind == PromiseKind.SAME_CITY:
        return created + promise.hours * 3600
    extra = {PromiseKind.SAME_DAY: 0, PromiseKind.NEXT_DAY: 1}.get(
        promise.kind, promise.standard_days
    )
    return _on(_date_at(created, tz) + dt.timedelta(days=1 + extra), 0, tz)


def _expected_departure(now: int, tz: ZoneInfo, usable: list[int]) -> int:
    today = _date_at(now, tz)
    for day in (today, today + dt.timedelta(days=1)):
        later = [t for t in (_on(day, c, tz) for c in usable) if t >= now]
        if later:
            return min(later)
    raise AssertionError("unreachable")


@settings(max_examples=400, deadline=None)
@given(
    site_tz=ZONES,
    cust_tz=ZONES,
    created=TIMES,
    delay=st.integers(0, 3 * 86_400),
    transit=st.integers(0, 3),
    cutoffs=st.lists(SECONDS_OF_DAY, min_size=1, max_size=3, unique=True).map(sorted),
    last_pickup=SECONDS_OF_DAY,
    delivery_by=SECONDS_OF_DAY,
    promise=PROMISES,
)
def test_courier_lane_matches_zoneinfo(
    site_tz, cust_tz, created, delay, transit, cutoffs, last_pickup, delivery_by, promise
):
    card = RateCard((RateZone(25_000_000, 1000, 100, transit),))
    carrier = Carrier("AIR", CarrierKind.COURIER, card, last_pickup_s=last_pickup,
                      delivery_by_s=delivery_by)  # fmt: skip
    site = Warehouse("W", LatLon(-13.8, -171.8), 100, cutoffs_s=tuple(cutoffs),
                     time_zone=site_tz.key)  # fmt: skip
    net = NetworkSnapshot.build(
        [site], [Sku("S", weight_g=500)], [carrier], [InventoryPosition("W", "S", 10)]
    )
    order = Order("o1", (OrderLine("S", 1),), LatLon(-14.3, -170.7), promise, created)
    now = created + delay
    p = SourcingProblem(order, net, now=now, customer_time_zone=cust_tz.key)

    deadline = _expected_deadline(promise, created, cust_tz)
    assert promise_deadline(promise, created, cust_tz) == deadline
    usable = [c for c in cutoffs if c <= last_pickup]
    lane = lane_for(p, 0, 0)
    assert order_lanes(p) == ([] if lane is None else [lane])
    if not usable:
        assert lane is None
        return
    leaves = _expected_departure(now, site_tz, usable)
    due_day = _date_at(leaves, cust_tz) + dt.timedelta(days=transit)
    arrives = max(_on(due_day, delivery_by, cust_tz), leaves)
    assert (lane.ships_at, lane.delivers_by, lane.on_time) == (leaves, arrives, arrives <= deadline)
    assert courier_arrival(leaves, transit, delivery_by, cust_tz) == arrives
    assert leaves >= now


@settings(max_examples=300, deadline=None)
@given(tz=ZONES, t=TIMES)
def test_local_day_matches_zoneinfo(tz, t):
    wall = dt.datetime.fromtimestamp(t, tz)
    day, sec = local_day(t, tz)
    assert dt.date(1970, 1, 1) + dt.timedelta(days=day) == wall.date()
    assert sec == wall.hour * 3600 + wall.minute * 60 + wall.second
    # the local midnight of that day is not after t, the next one is after it
    assert local_time(day, 0, tz) <= t < local_time(day + 1, 0, tz)


def test_samoa_skipped_day_has_no_length():
    apia = ZoneInfo("Pacific/Apia")
    dec30 = (dt.date(2011, 12, 30) - dt.date(1970, 1, 1)).days
    # 2011-12-29 24:00 (UTC-10) is 2011-12-31 00:00 (UTC+14): Friday the 30th never was
    assert local_time(dec30, 0, apia) == local_time(dec30 + 1, 0, apia) == _utc(2011, 12, 30, 10)
    # promise days are calendar dates: next day after Thursday is the 30th, which ends
    # as it begins (the documented calendar-date rule, not "24 hours later")
    nxt = Promise(PromiseKind.NEXT_DAY)
    created = _utc(2011, 12, 29, 20)  # Thursday 10:00 in Apia
    assert promise_deadline(nxt, created, apia) == _utc(2011, 12, 30, 10)
    standard = Promise(PromiseKind.STANDARD, standard_days=2)  # Saturday 31st ends
    assert promise_deadline(standard, created, apia) == _utc(2011, 12, 31, 10)
