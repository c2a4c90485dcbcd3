"""Order-aware demand signals: partner pull breaks COI ties, pick weights keep velocity order."""

from __future__ import annotations

from logistics.domain.layout import WarehouseLayout
from logistics.domain.slotting import PastOrder, SlotSku, SlottingProblem
from solvers.slotting.construct import coi_order
from solvers.slotting.search import partner_pull, pick_weights


def _problem() -> SlottingProblem:
    # A is ordered 3 times, with B, C and D; E and F once, together; G alone; H never
    orders = [("A", "B"), ("A", "C"), ("A", "D"), ("E", "F"), ("G",)]
    history = tuple(PastOrder(f"o{k}", 60 * k, skus) for k, skus in enumerate(orders))
    layout = WarehouseLayout.single_block(aisles=2, slots_per_side=4)
    return SlottingProblem(layout, tuple(SlotSku(s) for s in "ABCDEFGH"), history)


def test_partner_pull_is_the_fastest_co_ordered_velocity():
    p = _problem()
    pull = dict(zip("ABCDEFGH", partner_pull(p, p.history), strict=True))
    assert pull == {"A": 1, "B": 3, "C": 3, "D": 3, "E": 1, "F": 1, "G": 0, "H": 0}


def test_coi_ties_go_to_skus_ordered_with_fast_movers_first():
    p = _problem()
    for seed in range(5):
        order = ["ABCDEFGH"[i] for i in coi_order(p, p.history, seed, partner_pull(p, p.history))]
        assert order[0] == "A" and set(order[1:4]) == {"B", "C", "D"}
        assert set(order[4:6]) == {"E", "F"} and order[6:] == ["G", "H"]
    # without the tie-break, ties fall in a seeded random order (some seed mixes them)
    plain = [["ABCDEFGH"[i] for i in coi_order(p, p.history, s)] for s in range(20)]
    assert any(set(o[1:4]) != {"B", "C", "D"} for o in plain)


def test_pick_weights_keep_the_velocity_order_and_break_its_ties():
    p = _problem()
    w = dict(zip("ABCDEFGH", pick_weights(p, p.history), strict=True))
    assert w["H"] == 0.0
    assert 3 <= w["A"] < 3.5
    assert all(1 <= w[s] < 1.5 for s in "BCDEFG")
    assert w["B"] == w["C"] == w["D"] > w["E"] == w["F"] > w["G"] == 1.0
    assert w["A"] > max(w[s] for s in "BCDEFG")
