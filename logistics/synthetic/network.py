"""Synthetic warehouses and their stock.

Two fulfilment centres (FCs) on the outskirts and one or two forward
warehouses inside the demand area, placed at real Rio de Janeiro districts:

* ``FC-NORTE`` at the Loggi sample hub (Pavuna/Av. Brasil industrial belt),
* ``FC-OESTE`` in Campo Grande (West Zone),
* ``FWD-MEIER`` (Méier, North Zone) and ``FWD-BARRA`` (Barra da Tijuca).

Capacities scale with the day's orders (FCs 70% and 50% of them, forward
sites 25% each), so the network can ship the day with slack but not from any
single site. FCs cut off at 12:00 and 16:00, forward sites at 11:00, 15:00 and
19:00 local time; forward handling costs more per order (small sites, city
rents) than FC handling.

Stock: FCs carry 97% of the SKUs with days-of-cover drawn from U(5, 20) times
the SKU's expected daily demand (Poisson noise, at least 2 units); forward
warehouses carry only the fast movers that make up the first 60% of demand,
with 2 days of cover. About 3% of positions are out of stock. Safety stock is
10% of on-hand, rounded down.
"""

from __future__ import annotations

import math

import numpy as np

from logistics.domain.catalog import InventoryPosition, Sku
from logistics.domain.geo import LatLon
from logistics.domain.network import Warehouse, WarehouseKind

__all__ = ["make_warehouses", "make_inventory"]

H = 3600

_SITES = (
    ("FC-NORTE", "Fulfilment centre Norte (Pavuna)", LatLon(-22.8060, -43.3777),
     WarehouseKind.FULFILLMENT_CENTER, 0.70, (12 * H, 16 * H), 180, 25),
    ("FC-OESTE", "Fulfilment centre Oeste (Campo Grande)", LatLon(-22.9020, -43.5610),
     WarehouseKind.FULFILLMENT_CENTER, 0.50, (12 * H, 16 * H), 180, 25),
    ("FWD-MEIER", "Forward warehouse Méier", LatLon(-22.9020, -43.2800),
     WarehouseKind.FORWARD, 0.25, (11 * H, 15 * H, 19 * H), 320, 40),
    ("FWD-BARRA", "Forward warehouse Barra da Tijuca", LatLon(-22.9990, -43.3600),
     WarehouseKind.FORWARD, 0.25, (11 * H, 15 * H, 19 * H), 320, 40),
)  # fmt: skip


def make_warehouses(n_orders: int, n_forward: int, utc_offset_s: int) -> tuple[Warehouse, ...]:
    """The two FCs and ``n_forward`` (1 or 2) forward warehouses."""
    chosen = _SITES[: 2 + n_forward]
    return tuple(
        Warehouse(
            id=code,
            location=loc,
            capacity_per_day=max(20, math.ceil(share * n_orders)),
            cutoffs_s=cutoffs,
            handling_cost_per_order=per_order,
            handling_cost_per_unit=per_unit,
            kind=kind,
            utc_offset_s=utc_offset_s,
            name=name,
        )
        for code, name, loc, kind, share, cutoffs, per_order, per_unit in chosen
    )


def make_inventory(
    rng: np.random.Generator,
    warehouses: tuple[Warehouse, ...],
    skus: tuple[Sku, ...],
    popularity: tuple[float, ...],
    units_per_day: float,
) -> tuple[InventoryPosition, ...]:
    """Stock positions (warehouse, SKU); ``units_per_day`` is the day's expected units."""
    p = np.asarray(popularity)
    daily = p * units_per_day
    order = np.argsort(-p, kind="stable")
    fast = np.zeros(len(skus), dtype=bool)
    fast[order[: int(np.searchsorted(np.cumsum(p[order]), 0.60)) + 1]] = True
    n_fc = sum(1 for w in warehouses if w.kind == WarehouseKind.FULFILLMENT_CENTER)
    positions = []
    for w in warehouses:
        is_fc = w.kind == WarehouseKind.FULFILLMENT_CENTER
        carried = rng.uniform(size=len(skus)) < 0.97 if is_fc else fast
        cover = rng.uniform(5.0, 20.0, len(skus)) if is_fc else np.full(len(skus), 2.0)
        share = 1.0 / n_fc if is_fc else 0.5
        qty = rng.poisson(daily * share * cover) + (2 if is_fc else 1)
        stockout = rng.uniform(size=len(skus)) < 0.03
        for i, sku in enumerate(skus):
            if not carried[i]:
                continue
            on_hand = 0 if stockout[i] else int(qty[i])
            positions.append(InventoryPosition(w.id, sku.id, on_hand, 0, on_hand // 10))
    return tuple(positions)
