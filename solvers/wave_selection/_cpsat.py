"""Dinkelbach's parametric method with CP-SAT for the units-per-aisle ratio.

For a guess ``lambda = N*/D*`` (the incumbent's units over aisles) the
subproblem ``max D*·units - N*·aisles`` is an integer program CP-SAT solves
(integers only, so the guess is kept as an exact fraction). A positive optimum
gives a wave with a better ratio and the next guess; an optimum of zero proves
the incumbent optimal. A proven bound ``B`` on the subproblem bounds the ratio
by ``N*/D* + B/(D*·d_min)`` for every wave, which is reported as the upper bound.
Any better wave needs fewer than ``ub / lambda`` aisles, which is added as a cut.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from fractions import Fraction

import numpy as np
from ortools.sat.python import cp_model

from solvers.cp_sat import new_cp_solver, stop_search_on
from solvers.progress import StopCheck
from solvers.wave_selection._arrays import Arrays
from solvers.wave_selection._heuristic import Incumbent


class _Model:
    """The CP-SAT model, built once; the objective and the cut change per guess."""

    def __init__(self, arr: Arrays, cover_cuts: bool = True) -> None:
        self.arr = arr
        self.orders = np.flatnonzero(arr.usable).tolist()
        demanded = np.zeros(arr.n_items, dtype=bool)
        for o in self.orders:
            s, e = arr.order_ptr[o], arr.order_ptr[o + 1]
            demanded[arr.order_item[s:e]] = True
        # aisles that stock nothing demanded never help
        self.aisles = [
            a
            for a in range(arr.n_aisles)
            if demanded[arr.aisle_item[arr.aisle_ptr[a] : arr.aisle_ptr[a + 1]]].any()
        ]
        m = cp_model.CpModel()
        self.x = {o: m.new_bool_var(f"x{o}") for o in self.orders}
        self.y = {a: m.new_bool_var(f"y{a}") for a in self.aisles}
        by_item_orders: dict[int, list[tuple[int, int]]] = {}
        for o in self.orders:
            for i, q in arr.order_lists[o]:
                by_item_orders.setdefault(i, []).append((o, q))
        by_item_aisles: dict[int, list[tuple[int, int]]] = {}
        for a in self.aisles:
            s, e = arr.aisle_ptr[a], arr.aisle_ptr[a + 1]
            for i, q in zip(arr.aisle_item[s:e].tolist(), arr.aisle_qty[s:e].tolist(), strict=True):
                if i in by_item_orders:
                    by_item_aisles.setdefault(i, []).append((a, q))
        for i, olist in by_item_orders.items():
            alist = by_item_aisles.get(i, [])
            m.add(sum(q * self.x[o] for o, q in olist) <= sum(q * self.y[a] for a, q in alist))
        if cover_cuts:
            # an order needs, for each of its items, at least one chosen aisle stocking it;
            # implied by the capacity rows but much stronger in the LP relaxation
            holders = {i: [a for a, _ in alist] for i, alist in by_item_aisles.items()}
            for o in self.orders:
                for i, _q in arr.order_lists[o]:
                    m.add_bool_or([self.y[a] for a in holders[i]]).only_enforce_if(self.x[o])
        units = arr.order_units.tolist()
        self.units_expr = sum(units[o] * self.x[o] for o in self.orders)
        self.aisles_expr = sum(self.y.values())
        m.add(self.units_expr >= max(arr.lb, 1))
        m.add(self.units_expr <= arr.ub)
        m.add(self.aisles_expr >= 1)
        self.model = m


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, mdl: _Model, best: Incumbent, lb: int, report: Callable[[], None]):
        super().__init__()
        self.mdl, self.best, self.lb, self.report = mdl, best, lb, report

    def on_solution_callback(self) -> None:
        mdl = self.mdl
        aisles = frozenset(a for a, v in mdl.y.items() if self.boolean_value(v))
        orders = tuple(o for o, v in mdl.x.items() if self.boolean_value(v))
        units = int(mdl.arr.order_units[list(orders)].sum()) if orders else 0
        if self.best.offer(units, aisles, orders, self.lb):
            self.report()


def dinkelbach(
    arr: Arrays,
    best: Incumbent,
    deadline: float,
    *,
    workers: int,
    seed: int,
    report: Callable[[], None],
    on_bound: Callable[[float], None],
    log: bool = False,
    cover_cuts: bool = True,
    should_stop: StopCheck | None = None,
) -> bool:
    """Improve ``best`` until ``deadline`` (``time.monotonic()``) or ``should_stop()``
    (polled between CP-SAT solves and every 0.1 s during one, which it then stops); returns
    ``True`` when it is proven optimal, or, with no wave in ``best``, proven that no
    feasible wave exists."""

    def stopped() -> bool:
        return should_stop is not None and should_stop()

    if not any(arr.usable):
        return not best.found  # no order fits the unit bounds and the aisles' stock
    if stopped():  # before building the model
        return False
    mdl = _Model(arr, cover_cuts)
    if not mdl.aisles:
        return not best.found
    m = mdl.model
    cut = None
    while time.monotonic() < deadline - 0.05 and not stopped():
        if best.found:
            n_star, d_star = best.units, len(best.aisles)
            m.maximize(d_star * mdl.units_expr - n_star * mdl.aisles_expr)
            # a better wave has units/aisles > n*/d*, units <= ub => aisles < ub*d*/n*
            max_aisles = (arr.ub * d_star - 1) // n_star
            if max_aisles < 1:
                on_bound(best.objective)
                return True
            new_cut = min(max_aisles, len(mdl.aisles))
            if cut is None or new_cut < cut:
                cut = new_cut
                m.add(mdl.aisles_expr <= cut)
            chosen = set(best.orders)
            m.clear_hints()
            for o, v in mdl.x.items():
                m.add_hint(v, o in chosen)
            for a, v in mdl.y.items():
                m.add_hint(v, a in best.aisles)
        else:
            n_star, d_star = 0, 1
            m.maximize(mdl.units_expr)
        solver = new_cp_solver()
        solver.parameters.max_time_in_seconds = max(0.05, deadline - time.monotonic())
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        solver.parameters.log_search_progress = log
        before = (best.units, len(best.aisles))
        with stop_search_on(solver, should_stop):  # stopped: its best so far, or UNKNOWN
            status = solver.solve(m, _Callback(mdl, best, arr.lb, report))
        if status == cp_model.INFEASIBLE:
            if best.found:  # no wave with fewer than ub/lambda aisles and a better ratio
                on_bound(best.objective)
            return True  # else: no wave meets the unit bounds at all
        if status == cp_model.MODEL_INVALID:  # pragma: no cover - a bug in the model
            raise RuntimeError(solver.response_proto.solution_info)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # UNKNOWN (stopped before a solution, e.g. in presolve): its bound means nothing
            continue
        if not best.found:
            continue
        bound = solver.best_objective_bound
        improved = (best.units, len(best.aisles)) != before
        if not improved and bound <= 0:
            on_bound(best.objective)
            return True
        if not improved and d_star:
            # every wave: d*·N - n*·D <= bound  =>  N/D <= n*/d* + bound/(d*·D), D >= 1
            on_bound(float(Fraction(n_star, d_star) + Fraction(max(int(bound), 0), d_star)))
        if not improved and status == cp_model.OPTIMAL:  # pragma: no cover - bound <= 0 above
            on_bound(best.objective)
            return True
    return False
