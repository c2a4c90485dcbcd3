"""Run one scenario (against its base) or a sweep over a grid of changes."""

from __future__ import annotations

import functools
import itertools
import math
import time
import types
import typing
from collections.abc import Callable
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from logistics.errors import (
    DatasetFormatError,
    InfeasibleError,
    InvalidValueError,
    LogisticsError,
    member,
    quoted,
)
from logistics.whatif.loader import parse_scenario
from logistics.whatif.network import NetworkInfeasibleError, build_network
from logistics.whatif.report import ScenarioReport, compare, measure
from logistics.whatif.schema import Changes, Scenario

__all__ = [
    "check_scenario",
    "run_scenario",
    "run_sweep",
    "run_sweep_sequential",
    "solve_changes",
    "sweep_points",
    "SweepPoint",
    "SweepReport",
    "pareto_front",
    "MAX_SWEEP_POINTS",
]

STOPPED_TIME_LIMIT_S = 1.0
"""Time limit (s) of the scenario's solve when :func:`run_scenario` was stopped during the
base's: a design of its own to compare, within about a second."""

MAX_SWEEP_POINTS = 10_000
"""Most grid points one sweep may have. Each point is a network solve (seconds to
minutes): 10,000 is a day or more even on a cluster, and a grid is built in full in
memory before the first solve (three lists of 1,000 values made 10^9 points)."""


def solve_changes(
    scenario: Scenario,
    changes: Changes,
    name: str,
    should_stop: Callable[[], bool] | None = None,
    time_limit_s: float | None = None,
) -> ScenarioReport:
    """Build and solve the network of ``scenario`` with ``changes``; report it (no base delta).

    A true ``should_stop`` ends the solve with its best design so far
    (:func:`solvers.network.solve`); ``time_limit_s`` replaces the scenario's."""
    from solvers.network import NetworkParams, solve

    net = build_network(scenario, changes)
    params = NetworkParams(
        time_limit_s=time_limit_s or scenario.solver.time_limit_s,
        single_source=scenario.solver.single_source,
    )
    start = time.perf_counter()
    result = solve(net.problem, params, should_stop=should_stop)
    frac = result.fractions(net.problem.num_sites, net.problem.num_customers)
    return measure(
        net,
        frac,
        name=name,
        status=str(result.status),
        gap=result.gap,
        seconds=time.perf_counter() - start,
    )


def run_scenario(
    scenario: Scenario | dict, should_stop: Callable[[], bool] | None = None
) -> ScenarioReport:
    """Solve the scenario and its base network and report the scenario against the base.

    This is the function the API's ``/v1/scenarios`` job calls.

    Parameters
    ----------
    scenario
        A :class:`Scenario` or its mapping (parsed YAML/JSON).
    should_stop
        Polled while solving: once true the solve running ends with its best design so
        far (the API job's cancel; within about a second, SCIP's root node can take
        longer), and a scenario solve not begun yet runs :data:`STOPPED_TIME_LIMIT_S`
        unstopped, so the report compares two designs; ``LogisticsError`` when a solve
        had found none.

    Returns
    -------
    ScenarioReport
        Sites open, total cost (fixed + transport + penalties), utilisation per
        site, same-day and next-day shares, and ``vs_base``; ``stopped`` when
        ``should_stop`` turned true.
        ``report.model_dump(mode="json")`` is JSON-ready.

    Raises
    ------
    InvalidValueError
        Bad input, naming the field.
    """
    scenario = parse_scenario(scenario)
    build_network(scenario)  # bad changes fail here, before the base is solved
    reports = []
    for changes, name, which in (
        (Changes(), f"{scenario.name} (base)", "the base network"),
        (scenario.changes, scenario.name, "the scenario's network"),
    ):
        stop, limit = should_stop, None
        if reports and should_stop is not None and should_stop():  # stopped during the base
            stop, limit = None, min(scenario.solver.time_limit_s, STOPPED_TIME_LIMIT_S)
        try:
            reports.append(solve_changes(scenario, changes, name, stop, limit))
        except InfeasibleError as exc:  # proven so by the solver, not by the build's checks
            raise _unservable(scenario, which, exc) from None
        except LogisticsError:
            if stop is not None and stop():
                raise LogisticsError(
                    f"scenario {quoted(scenario.name)}: "
                    f"stopped before a design of {which} was found"
                ) from None
            raise
    base, report = reports
    stopped = should_stop is not None and should_stop()
    update = {"changes": _changes_summary(scenario.changes), "stopped": stopped}
    return compare(report.model_copy(update=update), base)


def _unservable(scenario: Scenario, which: str, exc: InfeasibleError) -> LogisticsError:
    """The solver's proof that ``which`` network cannot be served, naming what to change:
    ``solver.single_source`` when single source (whole points do not pack into the sites:
    split deliveries or more capacity would serve them), else ``exc`` with the network named
    (the capacity within reach of some points is too small)."""
    if scenario.solver.single_source:
        return NetworkInfeasibleError(
            "solver.single_source",
            True,
            f"{which} has no single-source assignment: {exc.reason}; allow split deliveries "
            "or add capacity",
        )
    return InfeasibleError(f"{which}: {exc.reason}")


def _changes_summary(changes: Changes) -> dict:
    return changes.model_dump(mode="json", exclude_defaults=True)


# -- sweeps ------------------------------------------------------------------------------------


def _split_key(key: str) -> list[str]:
    """A sweep key's parts: split at dots down to a map of ``changes`` (``capacity_factor``,
    ``demand_growth``), whose one key is the rest, dots and all: ``capacity_factor.DC.1``
    is site ``DC.1``."""
    parts = key.split(".")
    model: Any = Changes
    for i, part in enumerate(parts):
        info = model.model_fields.get(part) if model is not None else None
        kind = _model_of(info.annotation) if info is not None else None
        if typing.get_origin(kind) is dict and i + 2 < len(parts):
            return [*parts[: i + 1], ".".join(parts[i + 1 :])]
        model = kind if isinstance(kind, type) and issubclass(kind, BaseModel) else None
    return parts


def _set_path(data: dict, path: str, value: Any, field: str) -> None:
    parts = _split_key(path)
    node = data
    for part in parts[:-1]:
        nxt = node.get(part)
        if nxt is None:
            nxt = {}
            node[part] = nxt
        if not isinstance(nxt, dict):
            raise InvalidValueError(field, path, f"{quoted(part)} is not a group of settings")
        node = nxt
    node[parts[-1]] = value


def _model_of(annotation: Any) -> Any:
    """``annotation`` without ``| None``: a model class, ``dict[...]``, or a plain type."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return annotation


def _sweep_settings(model: type[BaseModel] = Changes, prefix: str = "") -> list[str]:
    """The settings of ``changes`` a sweep key may name (``capacity_factor.SITE``, ...)."""
    out = []
    for name, info in model.model_fields.items():
        kind = _model_of(info.annotation)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            out += _sweep_settings(kind, f"{prefix}{name}.")
        elif typing.get_origin(kind) is dict:
            out.append(f"{prefix}{name}.{'SITE' if name == 'capacity_factor' else 'REGION'}")
        else:
            out.append(f"{prefix}{name}")
    return out


def _is_setting(key: str) -> bool:
    """Whether the sweep key ``key`` names a setting (or a group of them) of ``changes``."""
    parts = _split_key(key)
    model: Any = Changes
    for i, part in enumerate(parts):
        info = model.model_fields.get(part)
        if info is None:
            return False
        kind = _model_of(info.annotation)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            model = kind
        elif typing.get_origin(kind) is dict:
            return all(parts[i + 1 :])  # the group, or its one key (_split_key): a site, a region
        else:
            return i == len(parts) - 1
    return True


def _check_sweep_keys(scenario: Scenario) -> None:
    for key, values in scenario.sweep.items():
        if not _is_setting(key):
            raise InvalidValueError(
                member("sweep", key),
                values,
                "not a setting of changes; a sweep key is one of "
                + ", ".join(_sweep_settings())
                + " (SITE a site id or *, REGION a region or *)",
            )
    # a key inside another's group (capacity_factor.* and capacity_factor): whichever was set
    # last replaced or edited the other's value, and the point was reported with both
    parts = {key: _split_key(key) for key in scenario.sweep}
    for key, values in scenario.sweep.items():
        for group, group_parts in parts.items():
            if len(group_parts) < len(parts[key]) and parts[key][: len(group_parts)] == group_parts:
                raise InvalidValueError(
                    member("sweep", key),
                    values,
                    f"inside the sweep key {quoted(group)}, which sets all of it: "
                    "give one of the two",
                )


def _sweep_field(path: str, positions: dict[str, int]) -> str | None:
    """``path`` inside ``changes`` as the sweep entry it came from: with the sweep
    ``{"open": [[], ["Z"]]}``, ``open[0]`` of the second point is ``sweep.open[1][0]``.
    ``None`` when no sweep key sets ``path``."""
    for key in sorted(positions, key=len, reverse=True):
        at = functools.reduce(member, _split_key(key), "")  # capacity_factor["DC.1"]
        if path == at or path.startswith((f"{at}.", f"{at}[")):
            return f"{member('sweep', key)}[{positions[key]}]{path[len(at) :]}"
    return None


def _at_point(exc: InvalidValueError, positions: dict[str, int], values: dict) -> InvalidValueError:
    """An error found at one grid point, naming the sweep value that caused it (or the point)."""
    if exc.field.startswith("changes."):
        field = _sweep_field(exc.field.removeprefix("changes."), positions)
        if field is not None:
            return type(exc)(field, exc.value, exc.reason)
    return type(exc)(exc.field, exc.value, f"{exc.reason} (at the sweep point {_show(values)})")


def _show(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}={quoted(v)}" for k, v in values.items())


def _grid(scenario: Scenario) -> list[tuple[dict[str, Any], dict[str, int], Changes]]:
    """``(values by sweep key, their positions in the sweep lists, changes)`` per point."""
    _check_sweep_keys(scenario)
    keys = list(scenario.sweep)
    for key in keys:
        if not scenario.sweep[key]:
            raise InvalidValueError(member("sweep", key), [], "at least one value")
    sizes = [len(scenario.sweep[k]) for k in keys]
    if math.prod(sizes) > MAX_SWEEP_POINTS:
        shape = " x ".join(f"{n} {k}" for n, k in zip(sizes, keys, strict=True))
        raise InvalidValueError(
            "sweep",
            f"{shape} = {math.prod(sizes)} points",
            f"at most {MAX_SWEEP_POINTS} points in one sweep; split it into several",
        )
    base = scenario.changes.model_dump(mode="python")
    out = []
    for combo in itertools.product(*(range(len(scenario.sweep[k])) for k in keys)):
        positions = dict(zip(keys, combo, strict=True))
        values = {k: scenario.sweep[k][i] for k, i in positions.items()}
        data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
        data["service"] = _deep_copy(base["service"])
        data["cost_rates"] = dict(base["cost_rates"])
        for key, value in values.items():
            _set_path(data, key, value, member("sweep", key))
        try:
            changes = Changes.model_validate(_drop_none(data))
        except Exception as exc:  # pydantic ValidationError
            from pydantic import ValidationError

            from logistics.whatif.loader import field_of, invalid_from

            if not isinstance(exc, ValidationError):
                raise
            err = exc.errors()[0]
            path = field_of(tuple(err["loc"]))
            field = _sweep_field(path, positions) or f"sweep.{path}"
            raise invalid_from(err, field) from None
        out.append((values, positions, changes))
    return out


def sweep_points(scenario: Scenario) -> list[tuple[dict[str, Any], Changes]]:
    """The grid: ``(values by sweep key, changes)`` for every combination.

    Raises
    ------
    InvalidValueError
        A sweep key that is not a setting of ``changes``, an empty value list, more
        than :data:`MAX_SWEEP_POINTS` points (naming ``sweep``), or a value the setting
        does not accept (naming ``sweep.<key>[<i>]``).
    """
    return [(values, changes) for values, _, changes in _grid(scenario)]


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
    """One grid point: its sweep values and the headline numbers.

    A point whose network cannot serve its demand (too little capacity, a demand
    point out of reach, no single-source assignment) has ``status`` ``infeasible``,
    the ``reason`` and no numbers; the other points are solved as usual.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    index: int
    values: dict[str, Any]
    total_cost: float | None
    network_cost: float | None
    same_day_share: float | None
    next_day_share: float | None
    open_sites: list[str]
    status: str
    gap: float | None
    reason: str | None = None
    on_frontier_same_day: bool = False
    on_frontier_next_day: bool = False


class SweepReport(BaseModel):
    """Base, every grid point (full reports too) and the cost-vs-coverage frontier.

    The frontier compares ``network_cost`` (fixed + transport, without the
    promise penalties used as levers) against the share of demand served
    within the promise, over the feasible points. ``reports[k]`` is the full
    report of ``points[k]`` (``None`` for an infeasible point).

    ``complete`` is false when the sweep was stopped early (``should_stop``):
    ``points`` then holds the points finished, of ``grid_size``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    executor: str
    base: ScenarioReport
    points: list[SweepPoint]
    reports: list[ScenarioReport | None]
    grid_size: int
    complete: bool = True

    def table(self) -> list[dict[str, Any]]:
        """Rows for CSV/Markdown: sweep values, cost, shares, frontier flags."""
        rows = []
        base_cost = self.base.network_cost
        for p in self.points:
            row = {f"{k}": _cell(v) for k, v in p.values.items()}
            row.update(
                network_cost=p.network_cost,
                cost_vs_base_pct=round(100 * (p.network_cost - base_cost) / base_cost, 3)
                if base_cost and p.network_cost is not None
                else None,
                objective=p.total_cost,
                same_day_share=p.same_day_share,
                next_day_share=p.next_day_share,
                open_sites=len(p.open_sites) if p.status != "infeasible" else None,
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
    """Worker side of a sweep: JSON-able in, JSON-able out (works on Dask and process pools).

    A network the solver finds infeasible (or finds no design for in time) comes back
    as ``{"infeasible": reason}`` or ``{"unsolved": reason}``, not as an exception, so the
    other points keep running.
    """
    scenario_data, changes_data, name = task
    scenario = Scenario.model_validate(scenario_data)
    changes = Changes.model_validate(changes_data)
    try:
        return solve_changes(scenario, changes, name).model_dump(mode="json")
    except (InvalidValueError, DatasetFormatError):  # bad input (or a missing dataset)
        raise
    except InfeasibleError as exc:
        return {"infeasible": str(exc)}
    except LogisticsError as exc:
        return {"unsolved": str(exc)}


_Planned = tuple[dict[str, Any], Changes, str | None]  # values, changes, infeasible reason


def _plan(scenario: Scenario) -> list[_Planned]:
    """Check the base and every grid point without solving.

    Bad input raises :class:`InvalidValueError` naming the sweep value (or the
    point); a point whose network cannot serve its demand is kept with its reason.
    """
    if not scenario.sweep:
        raise InvalidValueError("sweep", {}, "a sweep needs at least one key with values")
    grid = _grid(scenario)
    build_network(scenario, Changes())  # the base must be a network that can be solved
    out: list[_Planned] = []
    for values, positions, changes in grid:
        try:
            build_network(scenario, changes)
        except NetworkInfeasibleError as exc:
            out.append((values, changes, str(_at_point(exc, positions, values))))
            continue
        except InvalidValueError as exc:
            raise _at_point(exc, positions, values) from None
        out.append((values, changes, None))
    return out


def check_scenario(scenario: Scenario | dict) -> dict[str, Any]:
    """Build (never solve) every network a run would solve: the base, the scenario or
    every sweep point. Cheap: it is what the API's ``?validate_only=true`` does.

    Returns
    -------
    dict
        ``{"valid": True, "name", "sites", "demand_points"}``, plus for a sweep
        ``sweep_points`` and ``infeasible_points`` (``{"index", "values", "reason"}``:
        points reported as infeasible when the sweep runs).

    Raises
    ------
    InvalidValueError
        Naming the scenario's field (``changes.close[0]``, ``base.demand_points[2].id``,
        ``sweep.open[1][0]``...).
    """
    scenario = parse_scenario(scenario)
    base = build_network(scenario, Changes())
    out: dict[str, Any] = {
        "valid": True,
        "name": scenario.name,
        "sites": base.problem.num_sites,
        "demand_points": base.problem.num_customers,
    }
    if not scenario.sweep:
        build_network(scenario)
        return out
    planned = _plan(scenario)
    out["sweep_points"] = len(planned)
    out["infeasible_points"] = [
        {"index": k, "values": values, "reason": reason}
        for k, (values, _, reason) in enumerate(planned)
        if reason is not None
    ]
    return out


def _tasks(scenario: Scenario, planned: list[_Planned]) -> list[tuple[int, tuple]]:
    """``(point index, task)``; index -1 is the base; infeasible points get no task."""
    sdata = scenario.model_dump(mode="json")
    tasks = [(-1, (sdata, Changes().model_dump(mode="json"), f"{scenario.name} (base)"))]
    tasks += [
        (k, (sdata, ch.model_dump(mode="json"), f"{scenario.name} #{k}"))
        for k, (_, ch, reason) in enumerate(planned)
        if reason is None
    ]
    return tasks


def _assemble(
    scenario: Scenario,
    planned: list[_Planned],
    base_raw: dict,
    raw: dict[int, dict],
    executor: str,
    complete: bool = True,
) -> SweepReport:
    """The report from the base and the points' worker results (``raw`` by point index;
    infeasible points are added from the plan)."""
    for status in ("infeasible", "unsolved"):
        if status in base_raw:
            raise InfeasibleError(f"the base network: {base_raw[status]}")
    base = ScenarioReport.model_validate(base_raw)
    # a stopped sweep (``complete=False``) has the points solved so far, and the
    # infeasible ones: their outcome is known without a solve
    indices = sorted(set(raw) | {k for k, p in enumerate(planned) if p[2] is not None})
    reports: list[ScenarioReport | None] = []
    reasons: list[tuple[str, str] | None] = []
    for k in indices:
        got = raw.get(k)
        if got is None or "infeasible" in got or "unsolved" in got:
            if got is None:
                reasons.append(("infeasible", planned[k][2] or ""))
            else:
                status = "infeasible" if "infeasible" in got else "unsolved"
                reasons.append((status, got[status]))
            reports.append(None)
        else:
            reports.append(compare(ScenarioReport.model_validate(got), base))
            reasons.append(None)
    solved = [i for i, r in enumerate(reports) if r is not None]
    costs = np.array([reports[i].network_cost for i in solved])  # money spent, not penalties
    front_same = pareto_front(costs, np.array([reports[i].same_day_share for i in solved]))
    front_next = pareto_front(costs, np.array([reports[i].next_day_share for i in solved]))
    flags = {i: (bool(front_same[n]), bool(front_next[n])) for n, i in enumerate(solved)}
    points = []
    for i, (k, r) in enumerate(zip(indices, reports, strict=True)):
        values = planned[k][0]
        if r is None:
            status, reason = reasons[i] or ("infeasible", "")
            points.append(
                SweepPoint(
                    index=k,
                    values=values,
                    total_cost=None,
                    network_cost=None,
                    same_day_share=None,
                    next_day_share=None,
                    open_sites=[],
                    status=status,
                    gap=None,
                    reason=reason,
                )
            )
            continue
        points.append(
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
                on_frontier_same_day=flags[i][0],
                on_frontier_next_day=flags[i][1],
            )
        )
    return SweepReport(
        name=scenario.name,
        executor=executor,
        base=base,
        points=points,
        reports=reports,
        grid_size=len(planned),
        complete=complete,
    )


def run_sweep(
    scenario: Scenario | dict,
    *,
    executor: Any = None,
    show_progress: bool = False,
    on_point: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
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
        Called with ``(done, total)`` as solves finish (the base counts as one).
    should_stop
        Polled while the points run: once true the sweep ends with the points finished
        so far (``complete=False``; the points still running are given up: an executor of
        its own is shut down at once, a given one by the caller). ``LogisticsError`` if
        the base was not finished yet.

    Returns
    -------
    SweepReport
        Every point, the base, and which points are on the cost-vs-coverage
        frontier (same-day and next-day). A point whose network cannot serve
        its demand is reported ``infeasible`` with the reason.

    Raises
    ------
    InvalidValueError
        Bad input, naming the scenario's field or the sweep value
        (``sweep.open[1][0]``); checked in this process before anything is solved.
    InfeasibleError
        The base network cannot serve its demand.
    """
    from logistics.jobs import get_executor, run_all

    scenario = parse_scenario(scenario)
    planned = _plan(scenario)  # fail fast, in this process, on bad input
    tasks = _tasks(scenario, planned)
    own = executor is None
    ex = get_executor() if own else executor
    got: dict[int, Any] = {}  # by position in ``tasks``: the calls finished

    def progress(i: int, v: Any) -> None:
        got[i] = v
        if on_point is not None:
            on_point(len(got), len(tasks))

    stopped = False
    try:
        run_all(
            ex,
            _solve_point,
            [task for _, task in tasks],
            description=f"whatif {scenario.name}",
            show_progress=show_progress,
            label=lambda t: t[2],
            on_result=progress,
            should_stop=should_stop,
        )
        stopped = len(got) < len(tasks)
        backend = ex.describe()
    finally:
        if own:
            ex.shutdown(wait=not stopped)
    if 0 not in got:
        raise LogisticsError(f"sweep {quoted(scenario.name)}: stopped before the base was solved")
    by_point = {k: got[n] for n, (k, _) in enumerate(tasks) if n and n in got}
    return _assemble(scenario, planned, got[0], by_point, backend, complete=not stopped)


def run_sweep_sequential(
    scenario: Scenario | dict,
    *,
    on_point: Callable[[int, int, SweepReport], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> SweepReport:
    """:func:`run_sweep` in this process, one solve after another (the API's job worker:
    it may not start processes of its own), stopping between points when asked.

    Parameters
    ----------
    scenario
        A scenario with a non-empty ``sweep``.
    on_point
        Called with ``(done, total, report so far)`` after the base and after every
        point (the base counts as one).
    should_stop
        Checked before each point: once true, the sweep ends and reports the points
        solved so far (``complete=False``).

    Returns
    -------
    SweepReport
        As :func:`run_sweep`; ``executor`` is ``"sequential"``.
    """
    scenario = parse_scenario(scenario)
    planned = _plan(scenario)
    tasks = _tasks(scenario, planned)
    base_raw = _solve_point(tasks[0][1])
    raw: dict[int, dict] = {}
    total = len(tasks)

    def so_far(complete: bool) -> SweepReport:
        return _assemble(scenario, planned, base_raw, raw, "sequential", complete)

    if on_point is not None:
        on_point(1, total, so_far(False))
    for n, (k, task) in enumerate(tasks[1:], start=2):
        if should_stop is not None and should_stop():
            return so_far(False)
        raw[k] = _solve_point(task)
        if on_point is not None:
            on_point(n, total, so_far(n == total))
    return so_far(True)
