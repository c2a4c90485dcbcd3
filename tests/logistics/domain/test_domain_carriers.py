import dataclasses

import pytest

from logistics.domain import Carrier, CarrierKind, RateCard, RateZone
from logistics.errors import InvalidValueError

CARD = RateCard((RateZone(10_000, 900, 100, 1), RateZone(50_000, 1500, 150, 2)))


def test_rate_card_zone_lookup():
    assert CARD.zone_for(0).base_cents == 900
    assert CARD.zone_for(10_000).base_cents == 900  # inclusive upper bound
    assert CARD.zone_for(10_001).base_cents == 1500
    assert CARD.zone_for(50_001) is None


def test_valid_carriers():
    c = Carrier("C1", "courier", rate_card=CARD)
    assert c.kind == CarrierKind.COURIER
    i = Carrier("MOTO", CarrierKind.INSTANT, per_km_cents=150, base_cents=500, radius_m=8000)
    assert i.rate_card is None and i.speed_kmh == 25
    assert Carrier("OWN", CarrierKind.OWN_FLEET, rate_card=CARD).last_pickup_s == 20 * 3600


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        (dict(max_distance_m=0), "max_distance_m", 0),
        (dict(base_cents=-1), "base_cents", -1),
        (dict(per_kg_cents=1.5), "per_kg_cents", 1.5),
        (dict(transit_days=-1), "transit_days", -1),
    ],
)
def test_bad_zone(kwargs, field, value):
    base = {"max_distance_m": 1000, "base_cents": 1, "per_kg_cents": 1, "transit_days": 0}
    with pytest.raises(InvalidValueError) as info:
        RateZone(**{**base, **kwargs})
    assert (info.value.field, info.value.value) == (field, value)


def test_bad_rate_cards():
    with pytest.raises(InvalidValueError) as info:
        RateCard(())
    assert info.value.field == "zones"
    with pytest.raises(InvalidValueError) as info:
        RateCard([RateZone(1, 0, 0, 0)])
    assert info.value.field == "zones"
    with pytest.raises(InvalidValueError) as info:
        RateCard(((1, 0, 0, 0),))
    assert info.value.field == "zones[0]"
    with pytest.raises(InvalidValueError) as info:
        RateCard((RateZone(500, 0, 0, 0), RateZone(500, 0, 0, 0)))
    assert (info.value.field, info.value.value) == ("zones[1].max_distance_m", 500)


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        (dict(id=""), "id", ""),
        (dict(kind="drone"), "kind", "drone"),
        (dict(kind=CarrierKind.INSTANT, rate_card=None, radius_m=0), "radius_m", 0),
        (dict(rate_card=None), "rate_card", None),
        (dict(per_km_cents=-1), "per_km_cents", -1),
        (dict(speed_kmh=0), "speed_kmh", 0),
    ],
)
def test_bad_carrier(kwargs, field, value):
    base = {"id": "C1", "kind": CarrierKind.COURIER, "rate_card": CARD, **kwargs}
    with pytest.raises(InvalidValueError) as info:
        Carrier(**base)
    assert (info.value.field, info.value.value) == (field, value)


def test_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        CARD.zones = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Carrier("C1", "courier", rate_card=CARD).base_cents = 1  # type: ignore[misc]
