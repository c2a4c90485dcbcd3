import dataclasses

import pytest

from logistics.domain import LatLon, Warehouse, WarehouseKind
from logistics.errors import InvalidValueError

RIO = LatLon(-22.9, -43.2)


def test_valid_warehouse_and_kind_normalised():
    w = Warehouse(
        "FC1",
        RIO,
        capacity_per_day=500,
        cutoffs_s=(12 * 3600, 16 * 3600),
        handling_cost_per_order=150,
        handling_cost_per_unit=20,
        kind="forward",
        utc_offset_s=-3 * 3600,
        name="Forward Méier",
    )
    assert w.kind is WarehouseKind.FORWARD
    assert Warehouse("FC2", RIO, 0).cutoffs_s == (16 * 3600,)


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        (dict(id=""), "id", ""),
        (dict(location=(1.0, 2.0)), "location", (1.0, 2.0)),
        (dict(capacity_per_day=-1), "capacity_per_day", -1),
        (dict(cutoffs_s=()), "cutoffs_s", ()),
        (dict(cutoffs_s=[3600]), "cutoffs_s", [3600]),
        (dict(cutoffs_s=(3600, 3600)), "cutoffs_s[1]", 3600),
        (dict(cutoffs_s=(7200, 3600)), "cutoffs_s[1]", 3600),
        (dict(cutoffs_s=(86_400,)), "cutoffs_s[0]", 86_400),
        (dict(cutoffs_s=(-1,)), "cutoffs_s[0]", -1),
        (dict(handling_cost_per_order=-5), "handling_cost_per_order", -5),
        (dict(handling_cost_per_unit=0.5), "handling_cost_per_unit", 0.5),
        (dict(kind="depot"), "kind", "depot"),
        (dict(utc_offset_s=1.5), "utc_offset_s", 1.5),
        (dict(utc_offset_s=14 * 3600 + 1), "utc_offset_s", 14 * 3600 + 1),
        (dict(utc_offset_s=-(10**9)), "utc_offset_s", -(10**9)),
        (dict(name=None), "name", None),
    ],
)
def test_bad_warehouse(kwargs, field, value):
    base = {"id": "FC1", "location": RIO, "capacity_per_day": 100, **kwargs}
    with pytest.raises(InvalidValueError) as info:
        Warehouse(**base)
    assert info.value.field == field
    assert info.value.value == value


def test_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Warehouse("FC1", RIO, 1).capacity_per_day = 2  # type: ignore[misc]
