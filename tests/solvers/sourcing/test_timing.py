"""Promise deadlines, cut-offs and instant-courier hours, in local time."""

from logistics.domain import Carrier, CarrierKind, LatLon, Promise, PromiseKind, Warehouse
from logistics.domain.carriers import RateCard, RateZone
from solvers.sourcing.timing import (
    cutoff_departure,
    instant_departure,
    local_day,
    promise_deadline,
)

H = 3600
DAY0 = 1_780_272_000  # 2026-06-01T00:00:00Z
EST = -5 * H
SITE = Warehouse("W", LatLon(40.7, -74.0), 100, cutoffs_s=(14 * H, 18 * H), utc_offset_s=EST)
GROUND = Carrier(
    "G", CarrierKind.COURIER, RateCard((RateZone(1000, 1, 1, 1),)), last_pickup_s=18 * H
)
EARLY = Carrier(
    "E", CarrierKind.COURIER, RateCard((RateZone(1000, 1, 1, 1),)), last_pickup_s=15 * H
)
INSTANT = Carrier(
    "I", CarrierKind.INSTANT, radius_m=1000, first_pickup_s=8 * H, last_pickup_s=21 * H,
    handover_s=1800,
)  # fmt: skip


def test_local_day():
    assert local_day(DAY0 + 3 * H, EST) == (DAY0 // 86400 - 1, 22 * H)


def test_promise_deadlines_are_customer_midnights():
    created = DAY0 + 15 * H  # 10:00 EST
    assert promise_deadline(Promise(PromiseKind.SAME_DAY), created, EST) == DAY0 + 29 * H
    assert promise_deadline(Promise(PromiseKind.NEXT_DAY), created, EST) == DAY0 + 53 * H
    std = Promise(PromiseKind.STANDARD, standard_days=3)
    assert promise_deadline(std, created, EST) == DAY0 + 29 * H + 3 * 86400
    city = Promise(PromiseKind.SAME_CITY, hours=4)
    assert promise_deadline(city, created, EST) == created + 4 * H


def test_cutoff_departure_uses_the_next_cutoff_the_carrier_collects():
    at_10 = DAY0 + 15 * H  # 10:00 local
    assert cutoff_departure(at_10, SITE, GROUND) == DAY0 + 19 * H  # the instant, no day
    at_16 = DAY0 + 21 * H  # 16:00 local: 18:00 cut-off still open for GROUND
    assert cutoff_departure(at_16, SITE, GROUND) == DAY0 + 23 * H
    # EARLY collects by 15:00, so only the 14:00 cut-off; at 16:00 it is tomorrow's.
    assert cutoff_departure(at_16, SITE, EARLY) == DAY0 + 86400 + 19 * H
    late = Carrier("L", CarrierKind.COURIER, RateCard((RateZone(1, 1, 1, 1),)), last_pickup_s=H)
    assert cutoff_departure(at_10, SITE, late) is None


def test_instant_departure_respects_hours():
    at_10 = DAY0 + 15 * H
    assert instant_departure(at_10, SITE, INSTANT) == at_10 + 1800
    at_6 = DAY0 + 11 * H  # 06:00 local: waits for 08:00
    assert instant_departure(at_6, SITE, INSTANT) == DAY0 + 13 * H
    at_2130 = DAY0 + 26 * H + 1800  # 21:30 local: next morning
    assert instant_departure(at_2130, SITE, INSTANT) == DAY0 + 86400 + 13 * H
