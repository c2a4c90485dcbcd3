import pytest

from logistics.domain import LatLon, Order, OrderLine, Promise, PromiseKind
from logistics.errors import InvalidValueError

RIO = LatLon(-22.9068, -43.1729)


def _order(**kw):
    base = dict(
        id="o1",
        lines=(OrderLine("sku-1", 2),),
        ship_to=RIO,
        promise=Promise(PromiseKind.NEXT_DAY),
        created_at=1_700_000_000,
    )
    base.update(kw)
    return Order(**base)


def test_valid_order_counts_units():
    o = _order(lines=(OrderLine("a", 2), OrderLine("b", 3)))
    assert o.units == 5


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        (dict(lines=()), "lines", ()),
        (dict(lines=(OrderLine("a", 1), OrderLine("a", 2))), "lines[1].sku_id", "a"),
        (dict(created_at=-1), "created_at", -1),
        (dict(id=""), "id", ""),
    ],
)
def test_bad_order_names_field_and_value(kwargs, field, value):
    with pytest.raises(InvalidValueError) as info:
        _order(**kwargs)
    assert info.value.field == field
    assert info.value.value == value


def test_line_quantity_must_be_positive():
    with pytest.raises(InvalidValueError, match="quantity=0"):
        OrderLine("a", 0)


def test_same_city_promise_needs_hours():
    with pytest.raises(InvalidValueError) as info:
        Promise(PromiseKind.SAME_CITY)
    assert info.value.field == "hours"
    assert Promise(PromiseKind.SAME_CITY, hours=4).hours == 4


def test_same_city_hours_have_one_limit_with_the_api():
    # files took up to 87,840 hours (ten years) while the API stopped at 72
    from api.schemas.orders import PromiseIn
    from logistics.domain.orders import MAX_SAME_CITY_HOURS

    assert MAX_SAME_CITY_HOURS == 72
    assert PromiseIn.model_fields["hours"].metadata[-1].le == MAX_SAME_CITY_HOURS
    assert Promise(PromiseKind.SAME_CITY, hours=72).hours == 72
    with pytest.raises(InvalidValueError) as info:
        Promise(PromiseKind.SAME_CITY, hours=73)
    assert (info.value.field, info.value.value) == ("hours", 73)
    assert info.value.reason.startswith("must be <= 72")


def test_latlon_range_checked():
    with pytest.raises(InvalidValueError) as info:
        LatLon(91.0, 0.0)
    assert info.value.field == "lat"
    assert info.value.pointer == "/lat"


def test_frozen():
    o = _order()
    with pytest.raises(AttributeError):
        o.id = "x"  # type: ignore[misc]
