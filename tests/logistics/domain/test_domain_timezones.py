"""IANA zones on warehouses and customers: names checked, one clock per place."""

from __future__ import annotations

import pickle
from zoneinfo import ZoneInfo

import pytest

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
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem
from logistics.domain.timezones import CustomerClock, check_time_zone, offset_at, zone_info
from logistics.errors import InvalidValueError

NYC = LatLon(40.7, -74.0)


def test_zone_names_are_looked_up_once():
    assert zone_info("America/Chicago") is zone_info("America/Chicago")
    assert check_time_zone("f", "Europe/Berlin") == ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    "name",
    [
        "Mars/Olympus_Mons",
        "",
        " America/Chicago",
        "../etc/passwd",
        "/etc/localtime",
        "America/",
        "America\x00/x",
        "\ud800",
        42,
    ],  # fmt: skip
)
def test_unknown_zone_is_a_typed_error_naming_the_field_and_value(name):
    with pytest.raises(InvalidValueError) as e:
        check_time_zone("warehouses[3].time_zone", name)
    assert e.value.field == "warehouses[3].time_zone" and e.value.value == name
    assert e.value.pointer == "/warehouses/3/time_zone"


def test_warehouse_zone_is_its_clock_and_its_offset_must_stay_unset():
    w = Warehouse("W", NYC, 10, time_zone="America/New_York")
    assert w.zone is zone_info("America/New_York") and w.utc_offset_s == 0
    assert Warehouse("V", NYC, 10, utc_offset_s=-18_000).zone == -18_000
    assert pickle.loads(pickle.dumps(w)) == w
    with pytest.raises(InvalidValueError) as e:
        Warehouse("W", NYC, 10, time_zone="America/NewYork")
    assert (e.value.field, e.value.value) == ("time_zone", "America/NewYork")
    with pytest.raises(InvalidValueError) as e:
        Warehouse("W", NYC, 10, utc_offset_s=-18_000, time_zone="America/New_York")
    assert (e.value.field, e.value.value) == ("utc_offset_s", -18_000)


def _problem(**kw) -> SourcingProblem:
    net = NetworkSnapshot.build(
        [Warehouse("W", NYC, 10)],
        [Sku("S")],
        [Carrier("I", CarrierKind.INSTANT, radius_m=50_000)],
        [InventoryPosition("W", "S", 1)],
    )
    order = Order("o", (OrderLine("S", 1),), NYC, Promise(PromiseKind.SAME_DAY), 1_782_900_000)
    return SourcingProblem(order, net, **kw)


def test_customer_zone_replaces_the_offset_and_refuses_both():
    p = _problem(customer_time_zone="America/New_York")  # 2026-07-01: EDT
    assert p.customer_zone is zone_info("America/New_York")
    assert p.customer_offset_s == -4 * 3600 == offset_at(p.customer_zone, p.order.created_at)
    assert _problem(customer_utc_offset_s=3600).customer_zone == 3600
    assert _problem().customer_zone == -5 * 3600  # estimated from longitude, as before
    with pytest.raises(InvalidValueError) as e:
        _problem(customer_time_zone="EDT")
    assert (e.value.field, e.value.value) == ("customer_time_zone", "EDT")
    with pytest.raises(InvalidValueError) as e:
        _problem(customer_time_zone="America/New_York", customer_utc_offset_s=-4 * 3600)
    assert e.value.field == "customer_utc_offset_s"


def test_customer_clock_is_an_offset_a_zone_or_neither():
    assert CustomerClock() == CustomerClock(None, None)
    assert CustomerClock(utc_offset_s=-18_000).utc_offset_s == -18_000
    assert CustomerClock(time_zone="America/New_York").time_zone == "America/New_York"
    assert pickle.loads(pickle.dumps(CustomerClock(time_zone="Asia/Tokyo"))) == CustomerClock(
        time_zone="Asia/Tokyo"
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Mars/Olympus"),
        ({"time_zone": 5}, "time_zone", 5),
        ({"utc_offset_s": -4 * 3600, "time_zone": "America/New_York"}, "utc_offset_s", -14_400),
        ({"utc_offset_s": 0, "time_zone": "Europe/London"}, "utc_offset_s", 0),
        ({"utc_offset_s": 15 * 3600}, "utc_offset_s", 54_000),
        ({"utc_offset_s": "-05:00"}, "utc_offset_s", "-05:00"),
        ({"utc_offset_s": True}, "utc_offset_s", True),
    ],
)
def test_customer_clock_bad_values_name_the_field_and_value(kwargs, field, value):
    with pytest.raises(InvalidValueError) as e:
        CustomerClock(**kwargs)
    assert (e.value.field, e.value.value) == (field, value)
