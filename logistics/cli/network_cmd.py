"""``logistics network solve FILE``: capacitated facility location on a benchmark file.

Contract (other tools rely on it): with ``--json`` it prints ONE JSON object with
``open`` (0-based site indices), ``flows`` (a list of ``[customer, site,
fraction of that customer's demand]``, 0-based), ``cost`` (fixed + assignment,
OR-Library convention) and ``gap`` (proven relative gap ``(cost - bound) /
cost``); more keys follow (``bound``, ``status``, ``seconds``, ``method``,
``name``, ``bks``, ``gap_to_bks_percent``, ``stopped``, ...).

Ctrl-C ends the search: the best design so far is printed (``"stopped": true``; its
``gap`` says how far from proven it is), ``stopped by Ctrl-C: ...`` on stderr, exit 130. A
second Ctrl-C aborts at once (``interrupted``, exit 130).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from logistics.cli.input_files import check_input_file
from logistics.cli.interrupt import exit_stopped, sigint_stops
from logistics.cli.seed_option import check_seed
from logistics.cli.time_limit import check_time_limit
from logistics.errors import InfeasibleError, InvalidValueError, LogisticsError

if TYPE_CHECKING:
    from logistics.domain.facility import FacilityLocationProblem

__all__ = ["app", "FORMATS", "solve_file"]

app = typer.Typer(no_args_is_help=True)

FORMATS = ("orlib-cap",)


def solve_file(
    path: Path,
    fmt: str = "orlib-cap",
    *,
    capacity: float | None = None,
    single_source: bool = False,
    time_limit_s: float = 30.0,
    method: str = "auto",
    backend: str = "scip",
    seed: int = 0,
    should_stop: Callable[[], bool] | None = None,
) -> dict:
    """Read ``path``, solve it and return the contract's JSON object (a dict); a true
    ``should_stop`` ends the search with the best design so far (``"stopped": true``)."""
    from logistics.datasets.orlib_cap import read_orlib_cap
    from solvers.network import NetworkParams, solve, validate

    if fmt not in FORMATS:
        raise InvalidValueError("format", fmt, f"one of {', '.join(FORMATS)}")
    inst = read_orlib_cap(path, capacity)
    params = NetworkParams(
        time_limit_s=time_limit_s,
        single_source=single_source,
        method=method,
        backend=backend,
        seed=seed,
    )
    try:
        result = solve(inst.problem, params, should_stop=should_stop)
    except InfeasibleError as exc:
        raise _infeasible_input(inst.problem, path, capacity, single_source, exc) from None
    check = validate(inst.problem, result)
    out = result.to_dict()
    out["name"] = inst.name
    out["stopped"] = should_stop is not None and should_stop()
    out["feasible"] = check.feasible
    out["bks"] = inst.bks if not single_source else None
    out["gap_to_bks_percent"] = (
        None if out["bks"] is None else 100.0 * (result.cost - inst.bks) / inst.bks
    )
    return out


def _infeasible_input(
    problem: FacilityLocationProblem,
    path: Path,
    capacity: float | None,
    single_source: bool,
    exc: InfeasibleError,
) -> LogisticsError:
    """The input that makes ``problem`` unservable, as an ``InvalidValueError`` naming it
    (``capacity``, ``single-source`` or the file); ``exc`` itself when no input is to blame
    (the solver found no design)."""
    import numpy as np

    if float(problem.capacities[problem.may_open].sum()) < problem.total_demand - 1e-9:
        if capacity is not None:
            return InvalidValueError("capacity", capacity, exc.reason)
        return InvalidValueError("FILE", str(path), exc.reason)
    if single_source:
        best = np.where(problem.reach, problem.capacities[:, None], -1.0).max(axis=0)
        if bool((problem.demands > best + 1e-9).any()):
            return InvalidValueError("single-source", True, exc.reason)
    return exc


@app.command("solve")
def solve_cmd(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Instance file.")],
    fmt: Annotated[
        str, typer.Option("--format", help=f"File format: {', '.join(FORMATS)}.")
    ] = "orlib-cap",
    capacity: Annotated[
        float | None,
        typer.Option(help="Capacity of every site (required for capa/capb/capc)."),
    ] = None,
    single_source: Annotated[
        bool, typer.Option("--single-source", help="Each customer served by one site.")
    ] = False,
    time_limit: Annotated[float, typer.Option(help="Seconds for the solve.")] = 30.0,
    method: Annotated[str, typer.Option(help="auto, mip or lagrangian.")] = "auto",
    backend: Annotated[str, typer.Option(help="OR-Tools MIP backend: scip, cbc, highs.")] = "scip",
    seed: Annotated[int, typer.Option(help="Random seed of the MIP backend.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Open sites and assign customers at least cost; prints the design and its proven gap."""
    check_time_limit(time_limit)
    check_seed(seed)
    check_input_file("FILE", file)
    # Ctrl-C: the search ends with its best design so far, printed; a second one aborts
    with sigint_stops(keep_best=True) as ctrl_c:
        try:
            out = solve_file(
                file,
                fmt,
                capacity=capacity,
                single_source=single_source,
                time_limit_s=time_limit,
                method=method,
                backend=backend,
                seed=seed,
                should_stop=ctrl_c,
            )
        except LogisticsError as exc:
            if not ctrl_c():
                raise
            exit_stopped(f"no design yet ({exc})")
    if as_json:
        typer.echo(json.dumps(out))
    else:
        status = f"stopped early by Ctrl-C, {out['status']}" if out["stopped"] else out["status"]
        gap = f"gap {100 * out['gap']:.4f}%"
        typer.echo(f"{out['name']}: cost {out['cost']:.3f}  {gap}  ({status})")
        typer.echo(f"open sites ({len(out['open'])}): {' '.join(map(str, out['open']))}")
        if out["bks"] is not None:
            typer.echo(f"optimum {out['bks']}  ({out['gap_to_bks_percent']:+.4f}%)")
        typer.echo(f"{out['seconds']:.2f} s, method {out['method']}, feasible {out['feasible']}")
    if out["stopped"]:
        exit_stopped(f"the best design so far is shown (gap {100 * out['gap']:.4f}%)")
