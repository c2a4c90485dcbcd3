"""Run one scenario (against its base) or a sweep over a grid of changes."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from logistics.errors import InvalidValueError
from logistics.whatif.loader import parse_scenario
from logistics.whatif.network import build_network
from logistics.whatif.report import ScenarioReport, compare, measure
from logistics.whatif.schema import Changes, Scenario

__all__ = [
    "run_scenario",
    "run_sweep",
    "solve_changes",
    "sweep_points",
    "SweepPoint",
    "SweepReport",
    "pareto_front",
]


def solve_changes(scenario: Scenario, changes: Changes, name: str) -> ScenarioReport:
    """Build and solve the network of ``scenario`` with ``changes``; report it (no base delta)."""
    from solvers.network import NetworkParams, solve

    net = build_network(scenario, changes)
    params = NetworkParams(
        time_limit=scenario.solver.time_limit, single_source=scenario.solver.single_source
    )
    start = time.perf_counter()
    result = solve(net.problem, params)
    frac = result.fractions(net.problem.num_sites, net.problem.num_customers)
    return measure(
        net,
        frac,
        name=name,
        status=str(result.status),
        gap=result.gap,
        seconds=time.perf_counter() - start,
    )


def run_scenario(scenario: Scenario | dict) -> ScenarioReport:
    """Solve the scenario and its base network and report the scenario against the base.

    This is the function the API's ``/v1/scenarios`` job calls.

    Parameters
    ----------
    scenario
        A :class:`Scenario` or its mapping (parsed YAML/JSON).

    Returns
    -------
    ScenarioReport
        Sites open, total cost (fixed + transport + penalties), utilisation per
        site, same-day and next-day shares, and ``vs_base``.
        ``report.model_dump(mode="json")`` is JSON-ready.

    Raises
    ------
    InvalidValueError
        Bad input, naming the field.
    """
    scenario = parse_scenario(scenario)
    base = solve_changes(scenario, Changes(), f"{scenario.name} (base)")
    report = solve_changes(scenario, scenario.changes, scenario.name)
    return compare(report.model_copy(update={"changes": _changes_summary(scenario.changes)}), base)


def _changes_summary(changes: Changes) -> dict:
    return changes.model_dump(mode="json", exclude_defaults=True)


# -- sweeps ------------------------------------------------------------------------------------


def _set_path(data: dict, path: str, value: Any, field: str) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        nxt = node.get(part)
        if nxt is None:
            nxt = {}
            node[part] = nxt
        if not isinstance(nxt, dict):
            raise InvalidValueError(field, path, f"{part!r} is not a group of settings")
        node = nxt
    node[parts[-1]] = value


def sweep_points(scenario: Scenario) -> list[tuple[dict[str, Any], Changes]]:
    """The grid: ``(values by sweep key, changes)`` for every combination.

    Raises
    ------
    InvalidValueError
        A sweep key that is not a setting of ``changes``, an empty value list,
        or a value the setting does not accept (naming ``sweep.<key>``).
    """
    keys = list(scenario.sweep)
    for key in keys:
        if not scenario.sweep[key]:
            raise InvalidValueError(f"sweep.{key}", [], "at least one value")
    base = scenario.changes.model_dump(mode="python")
    out = []
    for combo in itertools.product(*(scenario.sweep[k] for k in keys)):
        data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
        data["service"] = _deep_copy(base["service"])
        data["cost_rates"] = dict(base["cost_rates"])
        for key, value in zip(keys, combo, strict=True):
            _set_path(data, key, value, f"sweep.{key}")
        try:
            changes = Changes.model_validate(_drop_none(data))
        except Exception as exc:  # pydantic ValidationError
            from pydantic import ValidationError

            if not isinstance(exc, ValidationError):
                raise
            err = exc.errors()[0]
            raise InvalidValueError(
                f"sweep.{'.'.join(str(p) for p in err['loc'])}", err.get("input"), err["msg"]
            ) from None
        out.append((dict(zip(keys, combo, strict=True)), changes))
    return out


def _deep_copy(d: Any) -> Any:
    if isinstance(d, dict):
        return {k: _deep_copy(v) for k, v in d.items()}
    if isinstance(d, list):
        return [_deep_copy(v) for v in d]
    return d


def _drop_none(d: Any) -> Any:
    if isinstance(d, dict):
        return {k: _drop_none(v) for k, v in d.items() if v is not None}
    return d


class SweepPoint(BaseModel):
    """One grid point: its sweep values and the headline numbers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    index: int
    values: dict[str, Any]
    total_cost: float
    network_cost: float
    same_day_share: float
    next_day_share: float
    open_sites: list[str]
    status: str
    gap: float
    on_frontier_same_day: bool = False
    on_frontier_next_day: bool = False


class SweepReport(BaseModel):
    """Base, every grid point (full reports too) and the cost-vs-coverage frontier.

    The frontier compares ``network_cost`` (fixed + transport, without the
    promise penalties used as levers) against the share of demand served
    within the promise.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    executor: str
    base: ScenarioReport
    points: list[SweepPoint]
    reports: list[ScenarioReport]

    def table(self) -> list[dict[str, Any]]:
        """Rows for CSV/Markdown: sweep values, cost, shares, frontier flags."""
        rows = []
        for p in self.points:
            row = {f"{k}": _cell(v) for k, v in p.values.items()}
            row.update(
                network_cost=p.network_cost,
                cost_vs_base_pct=round(
                    100 * (p.network_cost - self.base.network_cost) / self.base.network_cost, 3
                )
                if self.base.network_cost
                else None,
                objective=p.total_cost,
                same_day_share=p.same_day_share,
                next_day_share=p.next_day_share,
                open_sites=len(p.open_sites),
                frontier_same_day=p.on_frontier_same_day,
                frontier_next_day=p.on_frontier_next_day,
                status=p.status,
            )
            rows.append(row)
        return rows


def _cell(v: Any) -> Any:
    if isinstance(v, list | tuple):
        return "+".join(map(str, v)) if v else "-"
    return v


def pareto_front(costs: np.ndarray, coverage: np.ndarray) -> np.ndarray:
    """Mask of points not dominated (lower cost and higher coverage, one strictly)."""
    n = len(costs)
    keep = np.ones(n, dtype=bool)
    for i in range(n):
        dominated = (
            (costs <= costs[i] + 1e-9)
            & (coverage >= coverage[i] - 1e-12)
            & ((costs < costs[i] - 1e-9) | (coverage > coverage[i] + 1e-12))
        )
        if dominated.any():
            keep[i] = False
    return keep


def _solve_point(task: tuple[dict, dict, str]) -> dict:
    """Worker side of a sweep: JSON-able in, JSON-able out (works on Dask and process pools)."""
    scenario_data, changes_data, name = task
    scenario = Scenario.model_validate(scenario_data)
    changes = Changes.model_validate(changes_data)
    return solve_changes(scenario, changes, name).model_dump(mode="json")


def run_sweep(
    scenario: Scenario | dict,
    *,
    executor: Any = None,
    show_progress: bool = False,
    on_point: Callable[[int, int], None] | None = None,
) -> SweepReport:
    """Solve every grid point of ``scenario.sweep`` (and the base) through an executor.

    Parameters
    ----------
    scenario
        A scenario with a non-empty ``sweep``.
    executor
        A :class:`logistics.jobs.Executor`; default a local process pool
        (``LOGISTICS_DASK`` switches to Dask), closed afterwards.
    show_progress
        Draw a progress bar on stderr.
    on_point
        Called with ``(done, total)`` as points finish (for API job progress).

    Returns
    -------
    SweepReport
        Every point, the base, and which points are on the cost-vs-coverage
        frontier (same-day and next-day).
    """
    from logistics.jobs import get_executor, run_all

    scenario = parse_scenario(scenario)
    if not scenario.sweep:
        raise InvalidValueError("sweep", {}, "a sweep needs at least one key with values")
    grid = sweep_points(scenario)
    for _, changes in grid:  # fail fast, in this process, on a bad point
        build_network(scenario, changes)
    sdata = scenario.model_dump(mode="json")
    tasks = [(sdata, Changes().model_dump(mode="json"), f"{scenario.name} (base)")]
    tasks += [
        (sdata, ch.model_dump(mode="json"), f"{scenario.name} #{k}")
        for k, (_, ch) in enumerate(grid)
    ]
    own = executor is None
    ex = get_executor() if own else executor
    done = [0]

    def progress(_i: int, _v: Any) -> None:
        done[0] += 1
        if on_point is not None:
            on_point(done[0], len(tasks))

    try:
        raw = run_all(
            ex,
            _solve_point,
            tasks,
            description=f"whatif {scenario.name}",
            show_progress=show_progress,
            label=lambda t: t[2],
            on_result=progress,
        )
        backend = ex.describe()
    finally:
        if own:
            ex.shutdown()
    base = ScenarioReport.model_validate(raw[0])
    reports = [compare(ScenarioReport.model_validate(r), base) for r in raw[1:]]
    costs = np.array([r.network_cost for r in reports])  # money spent, not penalties
    front_same = pareto_front(costs, np.array([r.same_day_share for r in reports]))
    front_next = pareto_front(costs, np.array([r.next_day_share for r in reports]))
    points = [
        SweepPoint(
            index=k,
            values=values,
            total_cost=r.total_cost,
            network_cost=r.network_cost,
            same_day_share=r.same_day_share,
            next_day_share=r.next_day_share,
            open_sites=r.open_sites,
            status=r.status,
            gap=r.gap,
            on_frontier_same_day=bool(front_same[k]),
            on_frontier_next_day=bool(front_next[k]),
        )
        for k, ((values, _), r) in enumerate(zip(grid, reports, strict=True))
    ]
    return SweepReport(
        name=scenario.name, executor=backend, base=base, points=points, reports=reports
    )
