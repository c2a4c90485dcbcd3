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


def class_demand(n_orders: int = 300, seed: int = 1, **kw) -> SlottingProblem:
    """Henn-style class demand (10% of SKUs take 52% of the lines, the next 20% take 36%)
    on 6 long aisles (30 m), orders of 3-10 lines: the within-aisle case."""
    rng = random.Random(seed)
    layout = WarehouseLayout.single_block(aisles=6, slots_per_side=30, depot="left")
    n = 300
    skus = [SlotSku(f"S{i:03d}") for i in range(n)]
    na, nb = n // 10, 3 * n // 10
    w = [0.52 / na] * na + [0.36 / (nb - na)] * (nb - na) + [0.12 / (n - nb)] * (n - nb)
    history = []
    for t in range(n_orders):
        items = sorted(set(rng.choices(range(n), w, k=rng.randint(3, 10))))
        history.append(PastOrder(f"o{t}", 10 * t, tuple(f"S{i:03d}" for i in items)))
    return SlottingProblem(layout, tuple(skus), tuple(history), **kw)


def shifted_demand(seed: int = 1, swapped: int = 12):
    """Demand drift: :func:`class_demand`-like orders, then ``swapped`` fast SKUs trade
    popularity with slow ones. Returns (layout, skus, 300 earlier orders, 400 later)."""
    rng = random.Random(seed)
    layout = WarehouseLayout.single_block(aisles=6, slots_per_side=30, depot="left")
    n = 300
    skus = tuple(SlotSku(f"S{i:03d}") for i in range(n))
    na, nb = n // 10, 3 * n // 10
    w = [0.52 / na] * na + [0.36 / (nb - na)] * (nb - na) + [0.12 / (n - nb)] * (n - nb)
    w2 = list(w)
    fast, slow = rng.sample(range(na), swapped), rng.sample(range(nb, n), swapped)
    for a, c in zip(fast, slow, strict=True):
        w2[a], w2[c] = w2[c], w2[a]
    history = []
    for t in range(700):
        items = sorted(set(rng.choices(range(n), w if t < 300 else w2, k=rng.randint(3, 10))))
        history.append(PastOrder(f"o{t}", 10 * t, tuple(f"S{i:03d}" for i in items)))
    return layout, skus, tuple(history[:300]), tuple(history[300:])
