"""Warehouse layout: builders, validation, (de)serialisation."""

from __future__ import annotations

import pytest

from logistics.domain.layout import Side, Slot, WarehouseLayout
from logistics.errors import InvalidValueError


def test_single_block_builder_shape():
    lay = WarehouseLayout.single_block(aisles=10, slots_per_side=45, levels=2, golden_levels=(1,))
    assert lay.n_aisles == 10 and lay.n_blocks == 1
    assert len(lay.slots) == 10 * 2 * 45 * 2
    s = lay.slot("A03-R010-1")
    assert (s.aisle, s.side, s.level, s.golden_zone) == (3, Side.RIGHT, 1, True)
    assert s.position_mm == 1000 + 10500


def test_two_and_multi_block():
    two = WarehouseLayout.two_block(aisles=4, slots_per_side=5)
    assert two.n_blocks == 2 and len(two.cross_aisle_y_mm) == 3
    assert two.slot("A01-B1-L004-0").block == 1
    many = WarehouseLayout.multi_block(aisles=3, blocks=4, slots_per_side=2)
    assert many.n_blocks == 4


def test_unknown_slot_named():
    lay = WarehouseLayout.single_block(aisles=2, slots_per_side=2)
    with pytest.raises(InvalidValueError) as e:
        lay.slot("X99")
    assert e.value.value == "X99"


def test_slot_in_no_aisle_is_named():
    with pytest.raises(InvalidValueError) as e:
        WarehouseLayout(
            aisle_x_mm=(0, 4000),
            cross_aisle_y_mm=(0, 10000),
            slots=(Slot("ok", 0, 100), Slot("lost", 5, 100)),
            depot_x_mm=0,
        )
    assert e.value.field == "slots[1].aisle" and "lost" in str(e.value)
    with pytest.raises(InvalidValueError) as e:
        WarehouseLayout(
            aisle_x_mm=(0, 4000),
            cross_aisle_y_mm=(0, 10000),
            slots=(Slot("far", 0, 10001),),
            depot_x_mm=0,
        )
    assert e.value.field == "slots[0].position_mm"


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"aisle_x_mm": (0, 0)}, "aisle_x_mm[1]"),
        ({"cross_aisle_y_mm": (0,)}, "cross_aisle_y_mm"),
        ({"depot_x_mm": 99999}, "depot_x_mm"),
        ({"walking_speed_mps": 0}, "walking_speed_mps"),
        ({"slots": (Slot("a", 0, 1), Slot("a", 1, 1))}, "slots[1].id"),
    ],
)
def test_validation(kwargs, field):
    base = dict(aisle_x_mm=(0, 4000), cross_aisle_y_mm=(0, 10000), slots=(), depot_x_mm=0)
    base.update(kwargs)
    with pytest.raises(InvalidValueError) as e:
        WarehouseLayout(**base)
    assert e.value.field == field


def test_slot_validation():
    with pytest.raises(InvalidValueError):
        Slot("a", 0, 10, side="up")
    with pytest.raises(InvalidValueError):
        Slot("", 0, 10)
    with pytest.raises(InvalidValueError):
        Slot("a", -1, 10)


def test_round_trip_and_regular():
    lay = WarehouseLayout.two_block(aisles=3, slots_per_side=2, depot="center")
    again = WarehouseLayout.from_dict(lay.to_dict())
    assert again.slots == lay.slots and again.aisle_x_mm == lay.aisle_x_mm
    reg = WarehouseLayout.from_dict({"regular": {"aisles": 3, "slots_per_side": 2}})
    assert reg.n_aisles == 3
    with pytest.raises(InvalidValueError) as e:
        WarehouseLayout.from_dict({"aisle_x_mm": [0], "cross_aisle_y_mm": [0, 5], "slots": [{}]})
    assert e.value.field.startswith("slots[0]")


def test_graph_is_connected():
    import networkx as nx

    lay = WarehouseLayout.two_block(aisles=3, slots_per_side=2, depot=2.0)
    assert nx.is_connected(lay.graph())


def test_regular_layout_size_is_capped():
    from logistics.domain.layout import MAX_SLOTS

    big = WarehouseLayout.single_block(aisles=MAX_SLOTS // 20, slots_per_side=10)
    assert len(big.slots) == MAX_SLOTS
    with pytest.raises(InvalidValueError) as e:
        WarehouseLayout.multi_block(aisles=MAX_SLOTS // 20, blocks=2, slots_per_side=10)
    assert e.value.field == "aisles" and str(MAX_SLOTS) in e.value.reason


@pytest.mark.parametrize(
    ("golden", "field", "value"), [((1, 2), "golden_levels[1]", 2), ((-1,), "golden_levels[0]", -1)]
)
def test_a_golden_level_the_racks_lack_is_refused(golden, field, value):
    # levels 0..1: a golden level 2 would mark no slot, silently
    with pytest.raises(InvalidValueError) as e:
        WarehouseLayout.single_block(aisles=2, slots_per_side=2, levels=2, golden_levels=golden)
    assert (e.value.field, e.value.value) == (field, value)
    regular = {"aisles": 2, "slots_per_side": 2, "levels": 2, "golden_levels": list(golden)}
    with pytest.raises(InvalidValueError) as e:
        WarehouseLayout.from_dict({"regular": regular})
    assert (e.value.field, e.value.value) == (f"regular.{field}", value)
    lay = WarehouseLayout.single_block(aisles=2, slots_per_side=2, levels=2, golden_levels=(1,))
    assert {s.level for s in lay.slots if s.golden_zone} == {1}


@pytest.mark.parametrize("golden", ["11", {"1": 1}, 1])
def test_golden_levels_that_are_not_a_list_are_refused_naming_them(golden):
    # fuzz: "11" was read letter by letter ("golden_levels[0]='1': expected an integer",
    # a place the request does not have), an object by its keys, a number as a TypeError
    regular = {"aisles": 2, "slots_per_side": 2, "levels": 2, "golden_levels": golden}
    with pytest.raises(InvalidValueError) as e:
        WarehouseLayout.from_dict({"regular": regular})
    assert (e.value.field, e.value.value) == ("regular.golden_levels", golden)


def _explicit_layout() -> dict:
    return WarehouseLayout.single_block(aisles=2, slots_per_side=2).to_dict()


def _misspelt_slot_key(d: dict) -> str:
    d["slots"][1]["max_volume"] = 1000  # meant max_volume_cm3: the slot would hold anything
    return "slots[1].max_volume"


def _misspelt_top_key(d: dict) -> str:
    d["walking_speed"] = 2.0  # meant walking_speed_mps: every walk time would be off
    return "walking_speed"


def _misspelt_depot_key(d: dict) -> str:
    d["depot"]["offset"] = 5000  # meant offset_mm
    return "depot.offset"


@pytest.mark.parametrize("misspell", [_misspelt_slot_key, _misspelt_top_key, _misspelt_depot_key])
def test_an_unknown_key_of_an_explicit_layout_is_refused(misspell):
    data = _explicit_layout()
    field = misspell(data)
    with pytest.raises(InvalidValueError) as e:
        WarehouseLayout.from_dict(data)
    assert e.value.field == field
    assert "unknown field" in e.value.reason


def test_a_key_next_to_regular_is_refused():
    with pytest.raises(InvalidValueError) as e:
        WarehouseLayout.from_dict({"regular": {"aisles": 2, "slots_per_side": 2}, "name": "dc"})
    assert (e.value.field, e.value.value) == ("name", "dc")


@pytest.mark.parametrize(
    "change, field",
    [
        ({"cross_aisle_y_mm": [0, 10**22]}, "cross_aisle_y_mm[1]"),
        ({"aisle_x_mm": [-(10**19), 4000]}, "aisle_x_mm[0]"),
        ({"depot": {"x_mm": 0, "offset_mm": 10**19}}, "depot.offset_mm"),
    ],
)
def test_explicit_coordinates_too_far_for_integer_walks_are_refused(change, field):
    # were accepted; then the exact router failed with "exact DP found no tour"
    # (RuntimeError) and tsp with OverflowError in OR-Tools: a traceback from the CLI,
    # a job failed "unexpectedly" in the API
    data = {
        "aisle_x_mm": [0, 4000],
        "cross_aisle_y_mm": [0, 10000],
        "depot": {"x_mm": 0},
        "slots": [{"id": "a", "aisle": 1, "position_mm": 5000}],
        **change,
    }
    with pytest.raises(InvalidValueError) as e:
        WarehouseLayout.from_dict(data)
    assert e.value.field == field
    assert "1000000000000" in e.value.reason  # MAX_COORDINATE_MM


def test_coordinates_at_the_bound_route_exactly():
    from logistics.domain.layout import MAX_COORDINATE_MM
    from solvers.picking import route

    far = MAX_COORDINATE_MM
    layout = WarehouseLayout(
        aisle_x_mm=(-far, far),
        cross_aisle_y_mm=(-far, far),
        slots=(Slot("a", 1, 2 * far), Slot("b", 0, 1)),
        depot_x_mm=0,
        depot_offset_mm=far,
    )
    for method in ("exact", "tsp"):
        r = route(layout, ["a", "b"], method)
        # out far, up 2 far, back along the back cross-aisle 2 far, down, home far, offset
        assert r.length_mm == 10 * far


@pytest.mark.parametrize("field", ["slots_per_side", "levels", "blocks"])
def test_a_layout_too_big_names_its_largest_factor(field):
    """``slots_per_side=34560000`` was refused as ``aisles=8``, a value that is fine."""
    sizes = {"aisles": 8, "blocks": 1, "slots_per_side": 20, "levels": 2, field: 34_560_000}
    with pytest.raises(InvalidValueError) as e:
        WarehouseLayout.multi_block(**sizes)
    assert (e.value.field, e.value.value) == (field, 34_560_000)
    assert "a layout holds at most" in e.value.reason
