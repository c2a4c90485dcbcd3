"""NetworkSnapshot: build from stock rows; every check still runs for reused site/carrier tuples."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from logistics.domain.catalog import InventoryPosition, Sku
from logistics.domain.sourcing import NetworkSnapshot
from logistics.errors import InvalidValueError
from logistics.sourcing_scenario import us_scenario

NET = us_scenario(seed=1, n_orders=1).network
W, C = NET.warehouses, NET.carriers
SKUS = NET.skus[:3]


def test_build_places_each_row_and_defaults_capacity():
    rows = [
        InventoryPosition(W[2].id, SKUS[1].id, on_hand=7, reserved=2),
        InventoryPosition(W[0].id, SKUS[0].id, on_hand=3, safety_stock=5),
        InventoryPosition(W[5].id, SKUS[2].id, on_hand=4),
    ]
    snap = NetworkSnapshot.build(W, SKUS, C, rows, capacity_left={W[1].id: 2})
    want = np.zeros((len(W), 3), dtype=np.int64)
    want[2, 1], want[0, 0], want[5, 2] = 5, 0, 4
    assert np.array_equal(snap.available, want)
    assert snap.capacity_left[1] == 2 and snap.capacity_left[0] == W[0].capacity_per_day
    assert NetworkSnapshot.build(W, SKUS, C, []).available.sum() == 0


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        ([InventoryPosition("NOPE", "SKU-001", 1)], "stock[0].warehouse_id"),
        ([InventoryPosition(W[0].id, "NOPE", 1)], "stock[0].sku_id"),
        ([InventoryPosition(W[0].id, "SKU-001", 1)] * 2, "stock[1]"),
    ],
)
def test_build_names_the_bad_row(rows, field):
    with pytest.raises(InvalidValueError) as err:
        NetworkSnapshot.build(W, SKUS, C, rows)
    assert err.value.field == field


def test_checks_run_again_for_reused_site_and_carrier_tuples():
    NetworkSnapshot.build(W, SKUS, C, [])  # the pair is now known valid
    with pytest.raises(InvalidValueError) as err:
        NetworkSnapshot.build(W, (SKUS[0], SKUS[0]), C, [])
    assert err.value.field == "skus[1]"
    with pytest.raises(InvalidValueError) as err:
        NetworkSnapshot(W, (SKUS[0], "x"), C, np.zeros((len(W), 2), int), NET.capacity_left)
    assert err.value.field == "skus[1]"
    avail = np.zeros((len(W), 1), dtype=np.int64)
    avail[3, 0] = -1
    with pytest.raises(InvalidValueError) as err:
        NetworkSnapshot(W, (Sku("S", 10),), C, avail, NET.capacity_left)
    assert err.value.field == f"available[{W[3].id}][S]"


def test_bad_site_or_carrier_tuples_are_never_taken_as_checked():
    bad_c = C + (dataclasses.replace(C[0], id="X", warehouse_ids=frozenset({"NOWHERE"})),)
    for _ in range(2):
        with pytest.raises(InvalidValueError) as err:
            NetworkSnapshot.build(W, SKUS, bad_c, [])
        assert err.value.field == f"carriers[{len(C)}].warehouse_ids"
    dup_w = W + (W[0],)
    for _ in range(2):
        with pytest.raises(InvalidValueError) as err:
            NetworkSnapshot.build(dup_w, SKUS, C, [])
        assert err.value.field == f"warehouses[{len(W)}]"
    with pytest.raises(InvalidValueError) as err:
        NetworkSnapshot(list(W), SKUS, C, np.zeros((len(W), 3), int), NET.capacity_left)
    assert err.value.field == "warehouses"
