"""Capacitated facility location: candidate sites, customers and assignment costs.

The one problem object behind network design (``solvers.network``), the
OR-Library benchmark reader and the what-if scenarios.

Cost convention (OR-Library's): ``assignment_costs[i, j]`` is the cost of
serving **all** of customer ``j``'s demand from site ``i``; serving a
fraction ``x`` of it costs ``x * assignment_costs[i, j]``. An entry of
``+inf`` means site ``i`` cannot serve customer ``j`` at all (out of reach).
Money is a float in the problem's own unit (OR-Library values have decimals;
the what-if layer uses currency units, cents at the edges of its reports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from logistics.errors import InvalidValueError

__all__ = ["FacilityLocationProblem", "SOLVER_INFINITY"]

#: Costs, capacities and demands (and the total demand) must stay below this: SCIP, the MIP
#: backend, reads 1e20 and above as infinite and then refuses the model ("objective value is
#: infinite", "coefficient ... is infinite"), which surfaced as "no feasible design found".
#: Give ``inf`` for a pair that may not be used.
SOLVER_INFINITY = 1e20


def _vector(name: str, values: Any, length: int | None, limit: float | None = None) -> np.ndarray:
    try:
        arr = np.array(values, dtype=float)
    except (TypeError, ValueError):
        raise InvalidValueError(name, values, "expected a list of numbers") from None
    if arr.ndim != 1:
        raise InvalidValueError(name, values, "expected a one-dimensional list of numbers")
    if length is not None and arr.shape[0] != length:
        raise InvalidValueError(name, arr.shape[0], f"expected {length} values")
    bad = np.flatnonzero(~np.isfinite(arr) | (arr < 0))
    if bad.size:
        i = int(bad[0])
        raise InvalidValueError(f"{name}[{i}]", float(arr[i]), "must be a finite number >= 0")
    if limit is not None and (arr >= limit).any():
        i = int(np.flatnonzero(arr >= limit)[0])
        raise InvalidValueError(f"{name}[{i}]", float(arr[i]), f"must be below {limit:g}")
    arr.setflags(write=False)
    return arr


def _names(name: str, values: Any, length: int, prefix: str) -> tuple[str, ...]:
    if values is not None and not isinstance(values, list | tuple | np.ndarray):
        raise InvalidValueError(name, values, "expected a list of names")  # was a TypeError
    if values is None or len(values) == 0:
        return tuple(f"{prefix}{k}" for k in range(length))
    out = tuple(values)
    if len(out) != length:
        raise InvalidValueError(name, len(out), f"expected {length} names")
    seen: set[str] = set()
    for k, v in enumerate(out):
        if not isinstance(v, str) or not v.strip():
            raise InvalidValueError(f"{name}[{k}]", v, "expected a non-empty string")
        if v in seen:
            raise InvalidValueError(f"{name}[{k}]", v, "duplicate name")
        seen.add(v)
    return out


def _index_set(name: str, values: Any, m: int) -> frozenset[int]:
    if values is not None and not isinstance(values, list | tuple | set | frozenset | np.ndarray):
        raise InvalidValueError(name, values, "expected a list of site indices")  # a TypeError
    out = set()
    for k, v in enumerate(values or ()):
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or not 0 <= v < m:
            raise InvalidValueError(f"{name}[{k}]", v, f"expected a site index in 0..{m - 1}")
        out.add(int(v))
    return frozenset(out)


@dataclass(frozen=True, eq=False)
class FacilityLocationProblem:
    """Which sites to open and which site serves which customer.

    Parameters
    ----------
    capacities
        ``(m,)`` demand units each site can serve, >= 0 and below ``SOLVER_INFINITY``.
    fixed_costs
        ``(m,)`` cost of opening each site, >= 0 and below ``SOLVER_INFINITY``.
    demands
        ``(n,)`` demand of each customer in units, >= 0, totalling below ``SOLVER_INFINITY``.
    assignment_costs
        ``(m, n)`` cost of serving **all** of customer ``j``'s demand from
        site ``i`` (>= 0 and below ``SOLVER_INFINITY``, ``inf`` = not allowed).
    site_names, customer_names
        Labels for reports; default ``"0"``, ``"1"``, ...
    must_open, must_close
        Site indices forced open or closed.
    name
        Instance name (file stem, scenario name).

    Raises
    ------
    InvalidValueError
        A negative or non-finite capacity, cost or demand, one of ``SOLVER_INFINITY`` or
        more, or demands totalling that much (naming the entry),
        mismatched sizes, a site both forced open and closed, or a customer with
        positive demand that no site may serve.

    Notes
    -----
    Arrays are stored read-only, so the object is immutable and can be sent to
    worker processes as it is. Equality is identity (arrays are not hashable).
    """

    capacities: np.ndarray
    fixed_costs: np.ndarray
    demands: np.ndarray
    assignment_costs: np.ndarray
    site_names: tuple[str, ...] = ()
    customer_names: tuple[str, ...] = ()
    must_open: frozenset[int] = field(default_factory=frozenset)
    must_close: frozenset[int] = field(default_factory=frozenset)
    name: str = ""

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        caps = _vector("capacities", self.capacities, None, SOLVER_INFINITY)
        m = caps.shape[0]
        if m == 0:
            raise InvalidValueError("capacities", [], "at least one site")
        set_(self, "capacities", caps)
        set_(self, "fixed_costs", _vector("fixed_costs", self.fixed_costs, m, SOLVER_INFINITY))
        dem = _vector("demands", self.demands, None, SOLVER_INFINITY)
        n = dem.shape[0]
        if n == 0:
            raise InvalidValueError("demands", [], "at least one customer")
        if dem.sum() >= SOLVER_INFINITY:
            raise InvalidValueError(
                "demands", f"{dem.sum():g} in total", f"must total below {SOLVER_INFINITY:g}"
            )
        set_(self, "demands", dem)
        try:
            cost = np.array(self.assignment_costs, dtype=float)
        except (TypeError, ValueError):
            raise InvalidValueError(
                "assignment_costs", "...", "expected a sites x customers matrix of numbers"
            ) from None
        if cost.shape != (m, n):
            raise InvalidValueError(
                "assignment_costs", cost.shape, f"expected shape ({m}, {n}) (sites x customers)"
            )
        bad = np.argwhere(np.isnan(cost) | (cost < 0) | np.isneginf(cost))
        if bad.size:
            i, j = (int(v) for v in bad[0])
            raise InvalidValueError(
                f"assignment_costs[{i}][{j}]", float(cost[i, j]), "must be >= 0 (or inf)"
            )
        big = np.argwhere(np.isfinite(cost) & (cost >= SOLVER_INFINITY))
        if big.size:
            i, j = (int(v) for v in big[0])
            raise InvalidValueError(
                f"assignment_costs[{i}][{j}]",
                float(cost[i, j]),
                f"must be below {SOLVER_INFINITY:g} (or inf: this site may not serve this "
                "customer)",
            )
        cost.setflags(write=False)
        set_(self, "assignment_costs", cost)
        set_(self, "site_names", _names("site_names", self.site_names, m, ""))
        set_(self, "customer_names", _names("customer_names", self.customer_names, n, ""))
        must_open = _index_set("must_open", self.must_open, m)
        must_close = _index_set("must_close", self.must_close, m)
        both = sorted(must_open & must_close)
        if both:
            raise InvalidValueError(
                f"must_close[{both[0]}]", both[0], "a site cannot be both must-open and must-close"
            )
        set_(self, "must_open", must_open)
        set_(self, "must_close", must_close)
        orphan = np.flatnonzero((dem > 0) & ~self.reach.any(axis=0))
        if orphan.size:
            j = int(orphan[0])
            raise InvalidValueError(
                f"customers[{j}]",
                self.customer_names[j],
                "no site may serve this customer (every cost is inf or its sites are closed)",
            )

    @property
    def num_sites(self) -> int:
        """``m``, the number of candidate sites."""
        return int(self.capacities.shape[0])

    @property
    def num_customers(self) -> int:
        """``n``, the number of customers."""
        return int(self.demands.shape[0])

    @property
    def total_demand(self) -> float:
        """Sum of all demands, in units."""
        return float(self.demands.sum())

    @property
    def may_open(self) -> np.ndarray:
        """``(m,)`` bool: the sites not in ``must_close``."""
        allowed = np.ones(self.num_sites, dtype=bool)
        allowed[list(self.must_close)] = False
        return allowed

    @property
    def reach(self) -> np.ndarray:
        """``(m, n)`` bool: site ``i`` may serve customer ``j`` (may open, finite cost)."""
        return np.isfinite(self.assignment_costs) & self.may_open[:, None]

    @property
    def idle_customers(self) -> np.ndarray:
        """``(n,)`` bool: customers with no demand that no site may serve (they need no
        service and get none)."""
        return (self.demands == 0) & ~self.reach.any(axis=0)

    def with_changes(self, **changes: Any) -> FacilityLocationProblem:
        """A copy with some fields replaced (validated again)."""
        data = {
            "capacities": self.capacities,
            "fixed_costs": self.fixed_costs,
            "demands": self.demands,
            "assignment_costs": self.assignment_costs,
            "site_names": self.site_names,
            "customer_names": self.customer_names,
            "must_open": self.must_open,
            "must_close": self.must_close,
            "name": self.name,
        }
        unknown = set(changes) - set(data)
        if unknown:
            raise InvalidValueError(sorted(unknown)[0], None, "not a field of the problem")
        data.update(changes)
        return FacilityLocationProblem(**data)

    def __repr__(self) -> str:
        return (
            f"FacilityLocationProblem(name={self.name!r}, sites={self.num_sites}, "
            f"customers={self.num_customers})"
        )
