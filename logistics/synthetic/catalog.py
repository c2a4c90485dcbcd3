"""Synthetic SKUs: skewed popularity and plausible weights, volumes and sizes.

* Popularity follows a Zipf law over the popularity rank ``r`` (1 = best
  seller): ``p(r) ~ 1 / r**s`` with ``s = 1.0`` by default. E-commerce sales are
  long-tailed; exponents near 1 are the usual fit, and with 300 SKUs the top 20%
  take about 75% of the picks (the ABC "80/20" shape warehouse slotting relies on).
* Unit weight is log-normal with a 350 g median and log-sd 1.1 (most parcels
  are light; a few heavy items up to the 25 kg clip).
* Density (g/cm3) is log-normal with a 0.2 median (a cardboard-packed consumer
  item; carriers bill volumetric weight at about 1 kg per 5 litres, i.e.
  0.2 g/cm3), so volume = weight / density, clipped to 10 cm3..120 litres.
* Dimensions split the volume into a box with sides in ratios
  ``1 : U(1, 2) : U(1, 2) * U(1, 3)`` (a flat-ish, elongated carton).
* Item classes: 4% hazardous (aerosols, batteries), 6% fragile, the rest general;
  a few SKU pairs (about 1 in 50 SKUs) form kits that ship together.

SKU codes are ``SKU-0001``..; the code order is random with respect to
popularity, as in a real catalogue.
"""

from __future__ import annotations

import numpy as np

from logistics.domain.catalog import Sku

__all__ = ["make_skus", "zipf_weights"]


def zipf_weights(n: int, exponent: float) -> np.ndarray:
    """Probabilities ``p(r) ~ r**-exponent`` for ranks 1..n (sums to 1)."""
    w = 1.0 / np.arange(1, n + 1, dtype=np.float64) ** exponent
    return w / w.sum()


def make_skus(
    rng: np.random.Generator, n: int, zipf_exponent: float
) -> tuple[tuple[Sku, ...], tuple[float, ...]]:
    """``n`` SKUs (in code order) and each one's share of demand."""
    weight_g = np.clip(np.round(rng.lognormal(np.log(350.0), 1.1, n)), 20, 25_000).astype(int)
    density = np.clip(rng.lognormal(np.log(0.2), 0.5, n), 0.03, 1.5)
    volume = np.clip(np.round(weight_g / density), 10, 120_000).astype(int)
    r1 = rng.uniform(1.0, 2.0, n)
    r2 = rng.uniform(1.0, 2.0, n) * rng.uniform(1.0, 3.0, n)
    h_mm = np.cbrt(volume * 1000.0 / (r1 * r2))
    dims = np.column_stack([h_mm * r2, h_mm * r1, h_mm])
    dims = np.maximum(1, np.round(np.sort(dims, axis=1)[:, ::-1])).astype(int)
    u = rng.uniform(size=n)
    classes = np.where(u < 0.04, "hazardous", np.where(u < 0.10, "fragile", "general"))
    kit_of = [None] * n
    n_kits = n // 100
    members = rng.choice(n, size=2 * n_kits, replace=False) if n_kits else []
    for k in range(n_kits):
        for m in members[2 * k : 2 * k + 2]:
            kit_of[int(m)] = f"KIT-{k + 1:03d}"
    skus = tuple(
        Sku(
            id=f"SKU-{i + 1:04d}",
            weight_g=int(weight_g[i]),
            volume_cm3=int(volume[i]),
            dims_mm=(int(dims[i, 0]), int(dims[i, 1]), int(dims[i, 2])),
            item_class=str(classes[i]),
            kit_id=kit_of[i],
        )
        for i in range(n)
    )
    # popularity rank -> SKU: a random permutation
    rank_of = rng.permutation(n)
    p = zipf_weights(n, zipf_exponent)[rank_of]
    return skus, tuple(float(x) for x in p)
