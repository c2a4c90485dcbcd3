"""Small seeded slotting instances shared by the slotting tests."""

from __future__ import annotations

import random

from logistics.domain.layout import WarehouseLayout
from logistics.domain.slotting import PastOrder, SlotSku, SlottingProblem


def correlated(n_skus: int = 120, n_orders: int = 600, seed: int = 1, **kw) -> SlottingProblem:
    """Bundles of 4 SKUs bought together (Zipf popularity) on a 6-aisle single block."""
    rng = random.Random(seed)
    layout = kw.pop("layout", None) or WarehouseLayout.single_block(aisles=6, slots_per_side=12)
    skus = [SlotSku(f"S{i:03d}") for i in range(n_skus)]
    bundles = [list(range(k, min(k + 4, n_skus))) for k in range(0, n_skus, 4)]
    rng.shuffle(bundles)
    w = [1 / (r + 1) for r in range(len(bundles))]
    history = []
    for t in range(n_orders):
        b = rng.choices(bundles, w)[0]
        items = rng.sample(b, rng.randint(1, len(b)))
        history.append(PastOrder(f"o{t}", 10 * t, tuple(f"S{i:03d}" for i in items)))
    return SlottingProblem(layout, tuple(skus), tuple(history), **kw)
