"""Independent checker for a wave: recomputes feasibility and units per aisle.

Works straight from the problem's sparse tuples, sharing no code with the
solvers, so a solver bug cannot hide itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from logistics.domain.wave_selection import WaveSelectionProblem

__all__ = ["WaveCheck", "validate", "check_wave"]


@dataclass(frozen=True, slots=True)
class WaveCheck:
    """What :func:`validate` found.

    Parameters
    ----------
    feasible
        ``True`` when no rule is broken.
    units
        Total units of the chosen orders.
    n_aisles
        Number of distinct chosen aisles.
    objective
        ``units / n_aisles`` (0 when no aisle is chosen).
    violations
        One sentence per broken rule.
    """

    feasible: bool
    units: int
    n_aisles: int
    objective: float
    violations: tuple[str, ...]


def check_wave(
    problem: WaveSelectionProblem, orders: Sequence[int], aisles: Sequence[int]
) -> WaveCheck:
    """Check the wave made of ``orders`` and ``aisles`` (0-based indices)."""
    bad: list[str] = []
    for name, idx, n in (("order", orders, problem.n_orders), ("aisle", aisles, problem.n_aisles)):
        dup = [k for k, c in Counter(idx).items() if c > 1]
        if dup:
            bad.append(f"{name}s listed twice: {sorted(dup)[:10]}")
        out = [k for k in idx if not (isinstance(k, int) and 0 <= k < n)]
        if out:
            bad.append(f"{name} indices out of range [0, {n}): {out[:10]}")
    orders_ok = sorted({k for k in orders if isinstance(k, int) and 0 <= k < problem.n_orders})
    aisles_ok = sorted({k for k in aisles if isinstance(k, int) and 0 <= k < problem.n_aisles})
    need: Counter[int] = Counter()
    for k in orders_ok:
        for item, q in problem.orders[k]:
            need[item] += q
    have: Counter[int] = Counter()
    for k in aisles_ok:
        for item, q in problem.aisles[k]:
            have[item] += q
    units = sum(need.values())
    if not orders_ok:
        bad.append("no order chosen")
    if not aisles_ok:
        bad.append("no aisle chosen")
    if units < problem.lb:
        bad.append(f"wave has {units} units, below lb={problem.lb}")
    if units > problem.ub:
        bad.append(f"wave has {units} units, above ub={problem.ub}")
    short = [(item, q, have[item]) for item, q in sorted(need.items()) if have[item] < q]
    if short:
        item, q, h = short[0]
        bad.append(
            f"{len(short)} item(s) short in the chosen aisles, e.g. item {item}: "
            f"{q} units needed, {h} available"
        )
    n = len(aisles_ok)
    return WaveCheck(
        feasible=not bad,
        units=units,
        n_aisles=n,
        objective=units / n if n else 0.0,
        violations=tuple(bad),
    )


def validate(problem: WaveSelectionProblem, result) -> WaveCheck:
    """Check a :class:`WaveSelectionResult` (anything with ``orders`` and ``aisles``)."""
    return check_wave(problem, list(result.orders), list(result.aisles))
