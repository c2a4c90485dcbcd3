"""``logistics route solve FILE``: plan routes for a benchmark file or our JSON problem.

Contract (other tools rely on it): with ``--json`` it prints ONE JSON object with
``routes`` (a list of routes, each the list of the file's node ids in visiting
order, depot excluded), ``cost`` (in the set's convention), ``vehicles`` and
``feasible``; more keys may follow (``name``, ``backend``, ``seconds``, ``bks``,
``gap_percent``, ``unassigned``, ``stopped``; for our JSON format also ``plan``, the
full plan with RFC 3339 times from ``logistics.routing_json.plan_to_json``).

Ctrl-C ends the search (OR-Tools at its next solution): the best plan so far is printed
(and drawn, ``--map``) with ``"stopped": true``, then ``stopped by Ctrl-C: ...`` on stderr
and exit 130. A second Ctrl-C aborts at once (``interrupted``, exit 130).

Node ids: Solomon/Gehring-Homberger and Li & Lim customer numbers (depot 0);
VRPLIB customers numbered like CVRPLIB ``.sol`` files (file node id minus 1, so
the depot, node 1, is 0); our JSON format: the stop ids.

Cost: Solomon, Gehring-Homberger, Li & Lim: total Euclidean distance in full
precision (``--convention dimacs``: every arc truncated to one decimal);
VRPLIB: sum of arcs rounded to the nearest integer; JSON: the plan's objective
in cents.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from logistics.cli.input_files import check_input_file
from logistics.cli.interrupt import exit_stopped, sigint_stops
from logistics.cli.output_paths import check_output_file
from logistics.cli.seed_option import check_seed
from logistics.cli.time_limit import check_time_limit
from logistics.ctrl_c import raised_by_ctrl_c
from logistics.errors import InvalidValueError
from logistics.printable import printable

if TYPE_CHECKING:
    from logistics.datasets.routing_instance import RoutingInstance

__all__ = ["app", "FORMATS", "solve_file", "set_cost"]

app = typer.Typer(no_args_is_help=True)

FORMATS = ("solomon", "homberger", "vrplib", "lilim", "json")


def _read(path: Path, fmt: str, convention: str | None, objective: str | None):
    """``(problem, instance or None)`` for a file in ``fmt``."""
    if fmt in ("solomon", "homberger"):
        from logistics.datasets.vrptw import read_vrptw

        default_obj = "distance" if fmt == "solomon" else "hierarchical"
        inst = read_vrptw(
            path, convention=convention or "exact", objective=objective or default_obj
        )
        return inst.problem, inst
    if fmt == "lilim":
        from logistics.datasets.lilim import read_lilim

        inst = read_lilim(
            path, convention=convention or "exact", objective=objective or "hierarchical"
        )
        return inst.problem, inst
    if fmt == "vrplib":
        from logistics.datasets.cvrplib import read_cvrplib

        inst = read_cvrplib(path)
        return inst.problem, inst
    from logistics.routing_json import load_problem

    return load_problem(path), None


def set_cost(inst: RoutingInstance, routes: list[list[str]], fmt: str) -> float:
    """Cost of ``routes`` (stop ids) in the set's convention, from the coordinates."""
    import numpy as np

    p = inst.problem
    xy = np.array(
        [[d.location.x, d.location.y] for d in p.depots]
        + [[s.location.x, s.location.y] for s in p.stops]
    )
    pos = {s.id: len(p.depots) + i for i, s in enumerate(p.stops)}
    total = 0.0
    for r in routes:
        seq = np.array([0] + [pos[s] for s in r] + [0])
        arcs = np.sqrt(((xy[seq[:-1]] - xy[seq[1:]]) ** 2).sum(axis=1))
        if fmt == "vrplib":
            arcs = np.floor(arcs + 0.5)
        elif inst.convention == "dimacs":
            arcs = np.floor(arcs * 10 + 1e-9) / 10
        total += float(arcs.sum())
    return round(total, 2 if fmt != "vrplib" else 0)


def _node_id(stop_id: str, fmt: str):
    if fmt == "json":
        return stop_id
    return int(stop_id) - 1 if fmt == "vrplib" else int(stop_id)


def solve_file(
    path: Path,
    fmt: str,
    time_limit_s: float,
    backend: str = "auto",
    seed: int = 0,
    convention: str | None = None,
    objective: str | None = None,
    should_stop: Callable[[], bool] | None = None,
):
    """Read, solve and validate; returns ``(problem, plan, report, result dict)``; a true
    ``should_stop`` ends the search with the best plan so far (``"stopped": true``).

    ``path`` is checked by the command first (:func:`check_input_file`, before ``--map``)."""
    from logistics.datasets.cvrplib import MATRIX_NODE_LIMIT
    from solvers.routing import RoutingParams, solve, validate
    from solvers.routing.dispatched import check_dispatched
    from solvers.routing.large import validate_large

    if fmt not in FORMATS:
        raise InvalidValueError("format", fmt, f"one of {', '.join(FORMATS)}")
    if fmt in ("vrplib", "json"):  # their readers take neither: it would be ignored
        for name, value in (("convention", convention), ("objective", objective)):
            if value is not None:
                raise InvalidValueError(name, value, "only with --format solomon, homberger, lilim")
    problem, inst = _read(path, fmt, convention, objective)
    document = None
    if inst is None:  # our JSON format: a RoutingDocument (problem + time origin)
        document, problem = problem, problem.problem
        # dispatched stops that cannot be driven: an error with RFC 3339 times
        check_dispatched(problem, format_time=document.to_time)
    params = RoutingParams(time_limit_s=time_limit_s, backend=backend, seed=seed)
    plan = solve(problem, params, should_stop=should_stop)
    stopped = should_stop is not None and should_stop()
    if problem.distance is None and len(problem.stops) > MATRIX_NODE_LIMIT:
        report = validate_large(problem, plan)  # no full matrix for XXL instances
    else:
        report = validate(problem, plan)
    routes = [r.stop_ids for r in plan.routes]
    cost = set_cost(inst, routes, fmt) if inst is not None else plan.cost
    feasible = bool(report.feasible and plan.complete)
    out = {
        "routes": [[_node_id(s, fmt) for s in r] for r in routes],
        "cost": cost,
        "vehicles": len(routes),
        "feasible": feasible,
        "name": problem.name,
        "backend": plan.backend,
        "seconds": round(plan.seconds, 3),
        "unassigned": [
            {"id": u.stop_id, "reason": str(u.reason), "detail": u.detail} for u in plan.unassigned
        ],
        "stopped": stopped,
    }
    if document is not None:
        from logistics.routing_json import plan_to_json

        out["plan"] = plan_to_json(plan, problem, document.origin)
    if inst is not None and inst.bks is not None and inst.bks.value:
        out["bks"] = inst.bks.value
        out["bks_vehicles"] = inst.bks.vehicles
        if feasible:
            out["gap_percent"] = round(100 * (cost - inst.bks.value) / inst.bks.value, 3)
    return problem, plan, report, out


@app.command("solve")
def solve_cmd(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Instance or problem file.")],
    format: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")],
    time_limit: Annotated[float, typer.Option(help="Seconds of search.")] = 10.0,
    backend: Annotated[str, typer.Option(help="ortools, pyvrp or auto.")] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    map_file: Annotated[
        Path | None, typer.Option("--map", help="Write the routes on a map (HTML, folium).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    convention: Annotated[
        str | None,
        typer.Option(help="Benchmark distance convention: exact or dimacs (Solomon-format)."),
    ] = None,
    objective: Annotated[
        str | None, typer.Option(help="distance or hierarchical (vehicles first).")
    ] = None,
) -> None:
    """Plan delivery routes for FILE and print them (--json: the contract object)."""
    check_time_limit(time_limit)
    check_seed(seed)
    if backend not in ("ortools", "pyvrp", "auto"):
        raise InvalidValueError("backend", backend, "one of ortools, pyvrp, auto")
    check_input_file("FILE", file)
    if map_file is not None:
        _require_folium()
        map_file = check_output_file("map", map_file)
    # Ctrl-C: the search ends with its best plan so far, shown; a second one aborts
    with sigint_stops(keep_best=True) as ctrl_c:
        problem, plan, report, out = solve_file(
            file, format, time_limit, backend, seed, convention, objective, should_stop=ctrl_c
        )
    if map_file is not None:
        from logistics.cli.route_map import write_route_map

        origin = out["plan"]["time_origin"] if "plan" in out else None  # our JSON format
        write_route_map(problem, plan, map_file, origin and datetime.fromisoformat(origin))
    if as_json:
        typer.echo(json.dumps(out))
    else:
        _print_text(out, report, out["name"] or file.name)  # a JSON problem's name is optional
    if out["stopped"]:
        found = plan.status != "no_solution"
        exit_stopped("the best plan so far is shown" if found else "no plan found yet")


def _print_text(out: dict, report, label: str) -> None:
    """The plan as text: a summary line, the routes, what is unassigned or broken.

    Names, stop ids and messages are shown :func:`printable` (a control character in an
    id is written as its escape, not sent to the terminal)."""
    stopped = ", stopped early by Ctrl-C" if out["stopped"] else ""
    _echo(
        f"{label}: {out['vehicles']} routes, cost {out['cost']}, "
        f"feasible {out['feasible']}, {out['seconds']} s ({out['backend']}{stopped})"
        + (f", gap {out['gap_percent']}% to BKS {out['bks']}" if "gap_percent" in out else "")
    )
    for k, r in enumerate(out["routes"], start=1):
        _echo(f"Route #{k}: {' '.join(map(str, r))}")
    for u in out["unassigned"]:
        _echo(f"unassigned {u['id']}: {u['reason']} {u['detail']}")
    if not report.feasible:
        for v in report.violations[:5]:
            _echo(f"violation: {v}")  # kind: vehicle, stop: message


def _echo(line: str) -> None:
    """One line of the text output, control characters escaped (one line stays one)."""
    typer.echo(printable(line))


def _require_folium() -> None:
    try:
        import folium  # noqa: F401
    except ImportError as exc:
        if raised_by_ctrl_c(exc):  # Ctrl-C broke the import: not "not installed"
            raise
        raise InvalidValueError(
            "--map", "folium", "drawing maps needs folium: pip install 'logistics[viz]'"
        ) from None
