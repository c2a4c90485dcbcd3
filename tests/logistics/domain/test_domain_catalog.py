import dataclasses

import pytest

from logistics.domain import InventoryPosition, Sku
from logistics.errors import InvalidValueError


def test_valid_sku_and_defaults():
    s = Sku("SKU-1", weight_g=350, volume_cm3=1200, dims_mm=(200, 100, 60), kit_id="K1")
    assert s.item_class == "general" and s.kit_id == "K1"
    assert Sku("x").dims_mm == (0, 0, 0)


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        (dict(id=""), "id", ""),
        (dict(id=None), "id", None),
        (dict(weight_g=-1), "weight_g", -1),
        (dict(weight_g=1.5), "weight_g", 1.5),
        (dict(volume_cm3=True), "volume_cm3", True),
        (dict(dims_mm=(1, 2)), "dims_mm", (1, 2)),
        (dict(dims_mm=[1, 2, 3]), "dims_mm", [1, 2, 3]),
        (dict(dims_mm=(1, -2, 3)), "dims_mm[1]", -2),
        (dict(item_class=""), "item_class", ""),
        (dict(kit_id=""), "kit_id", ""),
    ],
)
def test_bad_sku(kwargs, field, value):
    base = {"id": "SKU-1", **kwargs}
    with pytest.raises(InvalidValueError) as info:
        Sku(**base)
    assert info.value.field == field
    assert info.value.value == value


def test_available_stock():
    assert InventoryPosition("W1", "S1", on_hand=10, reserved=3, safety_stock=2).available == 5
    # never negative: safety stock may exceed the free units
    assert InventoryPosition("W1", "S1", on_hand=5, reserved=3, safety_stock=4).available == 0
    assert InventoryPosition("W1", "S1", on_hand=3, reserved=3).available == 0


def test_more_reserved_than_on_hand_is_refused():
    # was accepted, with available clamped to 0
    with pytest.raises(InvalidValueError) as info:
        InventoryPosition("W1", "S1", on_hand=2, reserved=3)
    assert (info.value.field, info.value.value) == ("reserved", 3)
    assert "on hand (2)" in info.value.reason


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        (dict(warehouse_id=""), "warehouse_id", ""),
        (dict(sku_id=" "), "sku_id", " "),
        (dict(on_hand=-1), "on_hand", -1),
        (dict(reserved=-2), "reserved", -2),
        (dict(safety_stock=0.5), "safety_stock", 0.5),
    ],
)
def test_bad_inventory(kwargs, field, value):
    base = {"warehouse_id": "W1", "sku_id": "S1", "on_hand": 5, **kwargs}
    with pytest.raises(InvalidValueError) as info:
        InventoryPosition(**base)
    assert info.value.field == field
    assert info.value.value == value


def test_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Sku("a").weight_g = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        InventoryPosition("w", "s", 1).on_hand = 0  # type: ignore[misc]
