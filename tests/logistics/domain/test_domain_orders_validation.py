"""Order and promise validation beyond tests/logistics/domain/test_orders.py."""

import pytest

from logistics.domain import LatLon, Order, OrderLine, Promise, PromiseKind
from logistics.errors import InvalidValueError

RIO = LatLon(-22.9, -43.2)


def test_promise_kind_normalised_to_enum():
    assert Promise("next_day").kind is PromiseKind.NEXT_DAY


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        (dict(kind="tomorrow"), "kind", "tomorrow"),
        (dict(kind=PromiseKind.NEXT_DAY, hours=4), "hours", 4),
        (dict(kind=PromiseKind.SAME_CITY, hours=0), "hours", 0),
        (dict(kind=PromiseKind.STANDARD, standard_days=0), "standard_days", 0),
    ],
)
def test_bad_promise(kwargs, field, value):
    with pytest.raises(InvalidValueError) as info:
        Promise(**kwargs)
    assert (info.value.field, info.value.value) == (field, value)


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        (dict(lines=[OrderLine("a", 1)]), "lines", [OrderLine("a", 1)]),
        (dict(lines=(("a", 1),)), "lines[0]", ("a", 1)),
        (dict(ship_to=(1.0, 2.0)), "ship_to", (1.0, 2.0)),
        (dict(channel=""), "channel", ""),
    ],
)
def test_bad_order(kwargs, field, value):
    base = dict(
        id="o1",
        lines=(OrderLine("a", 1),),
        ship_to=RIO,
        promise=Promise(PromiseKind.STANDARD),
        created_at=0,
    )
    with pytest.raises(InvalidValueError) as info:
        Order(**{**base, **kwargs})
    assert (info.value.field, info.value.value) == (field, value)


def test_lines_not_in_a_tuple_are_refused_for_that_not_for_being_empty():
    # a list of one line was refused as "an order needs at least one line"
    base = dict(id="o1", ship_to=RIO, promise=Promise(PromiseKind.STANDARD), created_at=0)
    with pytest.raises(InvalidValueError) as info:
        Order(lines=[OrderLine("a", 1)], **base)
    assert info.value.reason == "expected a tuple of OrderLine, not list"
    with pytest.raises(InvalidValueError) as info:
        Order(lines=(), **base)
    assert info.value.reason == "an order needs at least one line"


def test_bad_line():
    with pytest.raises(InvalidValueError) as info:
        OrderLine("", 1)
    assert info.value.field == "sku_id"


def test_quantity_and_unit_weight_bounded_so_solvers_hold_them_in_int64():
    from logistics.domain import Sku
    from logistics.domain.catalog import MAX_WEIGHT_G
    from logistics.domain.orders import MAX_QUANTITY

    assert OrderLine("a", MAX_QUANTITY).quantity == MAX_QUANTITY
    for bad in (MAX_QUANTITY + 1, 10**20):
        with pytest.raises(InvalidValueError) as info:
            OrderLine("a", bad)
        assert (info.value.field, info.value.value) == ("quantity", bad)
        assert info.value.reason == f"must be <= {MAX_QUANTITY}"
    assert Sku("s", weight_g=MAX_WEIGHT_G).weight_g == MAX_WEIGHT_G
    with pytest.raises(InvalidValueError) as info:
        Sku("s", weight_g=MAX_WEIGHT_G + 1)
    assert info.value.field == "weight_g"


def test_order_time_and_promise_bounded_so_every_reported_time_is_rfc3339():
    # created_at in year 9999 (or a promise of 10^8 days) used to pass here and fail while
    # the decision's times were written as RFC 3339 (ValueError: year 10000 is out of range)
    from logistics.domain.orders import MAX_CREATED_AT, MAX_PROMISE_DAYS, MAX_SAME_CITY_HOURS
    from solvers.sourcing.result import rfc3339
    from solvers.sourcing.timing import promise_deadline

    base = dict(id="o1", lines=(OrderLine("a", 1),), ship_to=RIO, promise=Promise("standard"))
    longest = Promise(PromiseKind.STANDARD, standard_days=MAX_PROMISE_DAYS)
    latest = Order(**{**base, "promise": longest, "created_at": MAX_CREATED_AT})
    assert rfc3339(promise_deadline(latest.promise, latest.created_at, -14 * 3600))
    with pytest.raises(InvalidValueError) as info:
        Order(**base, created_at=253_402_300_799)  # 9999-12-31T23:59:59Z
    assert info.value.field == "created_at"
    assert info.value.reason == f"must be <= {MAX_CREATED_AT}"
    for kwargs, field in (
        (dict(kind=PromiseKind.STANDARD, standard_days=10**8), "standard_days"),
        (dict(kind=PromiseKind.SAME_CITY, hours=10**12), "hours"),
    ):
        with pytest.raises(InvalidValueError) as info:
            Promise(**kwargs)
        assert info.value.field == field
    assert Promise(PromiseKind.SAME_CITY, hours=MAX_SAME_CITY_HOURS).hours
