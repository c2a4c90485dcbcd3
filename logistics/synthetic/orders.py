"""Synthetic orders over one day, with delivery promises.

* **When.** The number of orders is fixed; each order's local hour is drawn
  from an hourly intensity typical of B2C web shops (quiet 01-06, rising from
  07, a plateau 10-18, the evening peak 19-22) and its minute and second
  uniformly inside the hour: a non-homogeneous Poisson stream conditioned on
  its count.
* **Where.** Ship-to addresses come from the city's demand anchors
  (:meth:`~logistics.synthetic.city.City.sample_addresses`).
* **What.** ``1 + Poisson(0.6)`` lines (at most 6; mean about 1.6 lines per
  order), SKUs drawn without replacement by Zipf popularity, quantity 1 with
  probability 0.8, else ``2 + Geometric(0.6) - 1`` (capped at 5).
* **Promise.** Drawn from the configured mix (default: 12% same-city, 23%
  same-day, 40% next-day, 25% standard). Same-city promises are 2 h (40%) or
  4 h (60%) and are only offered for orders placed 08:00-19:59 local;
  same-day only before 13:00 local. Orders outside those hours get next-day
  instead, as a shop's checkout would offer. Standard means 5 days.
* **Channel.** 80% ``web``, 20% ``app``.

Order ids are ``ORD-00001``.. in order of creation time.
"""

from __future__ import annotations

import numpy as np

from logistics.domain.geo import LatLon
from logistics.domain.orders import Order, OrderLine, Promise, PromiseKind
from logistics.synthetic.city import City

__all__ = ["HOURLY_ORDER_SHARE", "make_orders"]

HOURLY_ORDER_SHARE = (
    2.0, 1.2, 0.7, 0.5, 0.4, 0.5, 1.0, 2.0, 3.5, 5.0, 6.0, 6.3,
    6.0, 5.8, 5.9, 5.8, 5.6, 5.3, 5.3, 6.0, 6.5, 6.4, 5.0, 3.3,
)  # fmt: skip
"""Relative order intake per local hour 00..23 (assumed shape, not measured)."""

_KINDS = (PromiseKind.SAME_CITY, PromiseKind.SAME_DAY, PromiseKind.NEXT_DAY, PromiseKind.STANDARD)


def make_orders(
    rng: np.random.Generator,
    n: int,
    city: City,
    sku_ids: tuple[str, ...],
    popularity: tuple[float, ...],
    promise_mix: tuple[float, float, float, float],
    day_start_utc: int,
) -> tuple[Order, ...]:
    """``n`` orders created during the local day starting at ``day_start_utc``."""
    share = np.asarray(HOURLY_ORDER_SHARE)
    hours = rng.choice(24, size=n, p=share / share.sum())
    local_s = np.sort(hours * 3600 + rng.integers(0, 3600, size=n))
    addresses = city.sample_addresses(rng, n)
    n_lines = np.minimum(1 + rng.poisson(0.6, n), 6)
    mix = np.asarray(promise_mix, dtype=np.float64)
    kinds = rng.choice(4, size=n, p=mix / mix.sum())
    hours_2 = rng.uniform(size=n) < 0.4
    channel_app = rng.uniform(size=n) < 0.2
    cdf = np.cumsum(np.asarray(popularity, dtype=np.float64))
    cdf /= cdf[-1]
    orders = []
    for k in range(n):
        picks = _distinct_by_popularity(rng, cdf, int(n_lines[k]))
        qty = np.where(
            rng.uniform(size=len(picks)) < 0.8,
            1,
            np.minimum(1 + rng.geometric(0.6, size=len(picks)), 5),
        )
        lines = tuple(OrderLine(sku_ids[int(s)], int(q)) for s, q in zip(picks, qty, strict=True))
        t = int(local_s[k])
        kind = _KINDS[int(kinds[k])]
        if kind == PromiseKind.SAME_CITY and not 8 * 3600 <= t < 20 * 3600:
            kind = PromiseKind.NEXT_DAY
        if kind == PromiseKind.SAME_DAY and t >= 13 * 3600:
            kind = PromiseKind.NEXT_DAY
        promise = (
            Promise(kind, hours=2 if hours_2[k] else 4)
            if kind == PromiseKind.SAME_CITY
            else Promise(kind)
        )
        orders.append(
            Order(
                id=f"ORD-{k + 1:05d}",
                lines=lines,
                ship_to=LatLon(round(float(addresses[k, 0]), 6), round(float(addresses[k, 1]), 6)),
                promise=promise,
                created_at=day_start_utc + t,
                channel="app" if channel_app[k] else "web",
            )
        )
    return tuple(orders)


def _distinct_by_popularity(rng: np.random.Generator, cdf: np.ndarray, k: int) -> list[int]:
    """``k`` distinct indices drawn by popularity without replacement.

    Successive sampling (draw by weight, redraw a repeat) has the same law as
    ``rng.choice(n, k, replace=False, p=p)`` but costs ``O(k log n)`` per order
    instead of ``O(n)``.
    """
    picks: list[int] = []
    k = min(k, cdf.shape[0])
    while len(picks) < k:
        i = min(int(np.searchsorted(cdf, rng.random(), side="right")), cdf.shape[0] - 1)
        if i not in picks:
            picks.append(i)
    return picks
