"""Exact split search: the cheapest partition of an order's units into at most K shipments.

Dynamic programming over subsets. With ``best[S]`` the cheapest single shipment of
subset ``S`` (any site) plus the per-shipment surcharge,
``f_k(U) = min over S subset of U containing U's lowest unit of best[S] + f_{k-1}(U \\ S)``
is the cheapest way to ship ``U`` in exactly ``k`` shipments. Fixing the lowest
unit enumerates each partition once: ``(3^G + 1) / 2`` (U, S) pairs in all, 29,525
for 10 units, vectorised with numpy per level. The result is optimal (not a
heuristic) for the whole split space of the order.

``best[S]`` takes the best site per subset independently, so a plan could use one
site for two shipments; the caller detects that (it only pays off when weight
limits bind) and re-solves with one shipment per site.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from solvers.sourcing.subsets import INF

__all__ = ["Partition", "best_partitions", "pair_index"]


@lru_cache(maxsize=16)
def pair_index(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(S, U ^ S, segment starts)`` for every U in ``1..2^n-1`` and S as in the DP."""
    subs: list[int] = []
    starts: list[int] = []
    for u in range(1, 1 << n):
        starts.append(len(subs))
        low = u & -u
        rest = u ^ low
        t = rest
        while True:
            subs.append(t | low)
            if t == 0:
                break
            t = (t - 1) & rest
    s = np.array(subs, dtype=np.int64)
    u_of = np.repeat(np.arange(1, 1 << n, dtype=np.int64), np.diff(starts + [len(subs)]))
    r = u_of ^ s
    st = np.array(starts, dtype=np.int64)
    for a in (s, r, st):
        a.setflags(write=False)
    return s, r, st


@dataclass(frozen=True, slots=True)
class Partition:
    """A partition of the units into shipments: subsets (bitmasks) and their key sum."""

    subsets: tuple[int, ...]
    key: int


def best_partitions(
    best: np.ndarray, n: int, max_parts: int, inf: int = int(INF)
) -> list[Partition | None]:
    """The best partition of all ``n`` units into exactly ``k`` parts, for ``k = 1..max_parts``.

    Parameters
    ----------
    best
        ``(2^n,)`` key of the best single shipment per subset (``inf`` if none): int64,
        or Python ints (``dtype=object``) when int64 cannot hold the sums.
    n
        Number of units.
    max_parts
        Largest number of shipments allowed.
    inf
        The "impossible" key (:attr:`SubsetTable.inf <.subsets.SubsetTable>`): the sum
        of any ``max_parts`` possible keys must stay below it.

    Returns
    -------
    list
        Entry ``k - 1`` is the best ``k``-part partition, or ``None`` when none exists.
    """
    full = (1 << n) - 1
    s, r, starts = pair_index(n)
    best_s = best[s]
    f_prev = np.full(1 << n, inf, dtype=best.dtype)
    f_prev[0] = 0
    levels = [f_prev]
    out: list[Partition | None] = []
    for _k in range(1, min(max_parts, n) + 1):
        vals = np.minimum(best_s + f_prev[r], inf)
        f = np.empty(1 << n, dtype=best.dtype)
        f[0] = inf
        f[1:] = np.minimum.reduceat(vals, starts)
        levels.append(f)
        f_prev = f
    for k in range(1, len(levels)):
        if levels[k][full] >= inf:
            out.append(None)
            continue
        parts: list[int] = []
        u = full
        for level in range(k, 0, -1):
            target = levels[level][u]
            lo = starts[u - 1]
            hi = starts[u] if u < full else len(s)
            seg = np.minimum(best_s[lo:hi] + levels[level - 1][r[lo:hi]], inf)
            pick = int(np.flatnonzero(seg == target)[0]) + lo
            parts.append(int(s[pick]))
            u = int(r[pick])
        out.append(Partition(tuple(parts), int(levels[k][full])))
    return out
