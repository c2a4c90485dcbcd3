"""The slotting-signals suite: AUC, once-ordered features and the stock-leak measure."""

from __future__ import annotations

import math

import pytest

from benchmarks.runner import BenchTask
from benchmarks.suites.slotting_signals import (
    FEATURES,
    _run,
    auc,
    once_ordered_features,
    stock_leak,
)
from logistics.domain.layout import WarehouseLayout
from logistics.domain.slotting import PastOrder, SlotSku, SlottingProblem


def test_auc_ranks_positives_first_and_counts_ties_half():
    assert auc([3, 2, 1, 0], [True, True, False, False]) == 1.0
    assert auc([0, 1, 2, 3], [True, True, False, False]) == 0.0
    assert auc([1, 1, 1, 1], [True, False, True, False]) == 0.5
    assert auc([2, 1, 1, 0], [True, True, False, False]) == pytest.approx(0.875)
    assert auc([1, 2], [True, True]) is None


def _orders(*lines: str, start: int = 0) -> tuple[PastOrder, ...]:
    return tuple(
        PastOrder(f"o{start + k}", 60 * (start + k), tuple(line)) for k, line in enumerate(lines)
    )


def test_once_ordered_features_come_from_the_learning_orders():
    learn = _orders("ab", "ac", "a", "d")
    tell = _orders("b", "a", start=4)
    layout = WarehouseLayout.single_block(aisles=2, slots_per_side=4)
    problem = SlottingProblem(layout, tuple(SlotSku(s) for s in "abcd"), learn)
    feats = once_ordered_features(problem, learn, tell, {"b": 5}).set_index("sku")
    assert sorted(feats.index) == ["b", "c", "d"]  # a was ordered three times
    assert feats.loc["b", "partner_pull"] == 3 and feats.loc["c", "partner_pull"] == 3
    assert feats.loc["d", "partner_pull"] == 0 and feats.loc["d", "order_size"] == 1
    assert feats.loc["b", "fast_partners"] == 1 and feats.loc["d", "fast_partners"] == 0
    assert list(feats["order_index"]) == [0, 1, 3]
    assert list(feats["aisle_stock"]) == [5, 0, 0]
    assert list(feats["reordered"]) == [True, False, False]
    assert list(feats["line_units"]) == [1, 1, 1]  # no units given: one per line
    units = {("o0", "b"): 4, ("o1", "c"): 2}
    feats = once_ordered_features(problem, learn, tell, {}, units).set_index("sku")
    assert list(feats["line_units"]) == [4, 2, 1]  # d's line is missing: 1


def test_stock_leak_sees_stock_that_only_covers_the_past():
    history = _orders("ab", "b", "a")
    learn = history[:2]
    units = {("o0", "a"): 1, ("o0", "b"): 2, ("o1", "b"): 1, ("o2", "a"): 4}
    out = stock_leak(history, learn, units, {"a": 5, "b": 3})
    assert out["stock_covers_all_demand_%"] == 100.0
    # a: stock 5 > past 1 and reordered; b: stock 3 <= past 3 and never again
    assert out["reordered_if_stock_gt_past_%"] == 100.0
    assert out["reordered_if_stock_le_past_%"] == 0.0
    out = stock_leak(history, learn, units, {"a": 4, "b": 3})
    assert out["stock_covers_all_demand_%"] == 50.0


def test_one_sbpo_instance_gives_every_feature():
    name = "dataset_a/instance_0008.txt"
    rows = {r["solver"]: r for r in _run(BenchTask(name, "all", name))}
    assert set(rows) == set(FEATURES)
    for r in rows.values():
        assert 0 < r["auc"] < 1 and r["once_ordered"] > 1000
        assert 0 < r["new_item_lines_%"] < 100
    pull = rows["partner_pull"]
    assert pull["reordered_fast_partner_%"] > pull["reordered_slow_partners_%"]
    assert not math.isnan(rows["aisle_stock"]["stock_covers_all_demand_%"])
