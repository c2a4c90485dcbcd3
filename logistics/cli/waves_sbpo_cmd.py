"""``logistics waves sbpo FILE``: one wave of an SBPO 2025 instance, units per aisle maximised.

With ``--json`` prints exactly one JSON object::

    {"orders": [...], "aisles": [...], "objective": 15.0, ...}

``orders`` and ``aisles`` are 0-based indices in file order; ``objective`` is
units per aisle visited. Extra keys (``units``, ``upper_bound``, ``optimal``,
``seconds``, ``feasible``, ``stopped``) may be added, never removed.

Ctrl-C ends the search: the best wave so far is printed (``"stopped": true``), then
``stopped by Ctrl-C: ...`` on stderr and exit 130. A second Ctrl-C aborts at once
(``interrupted``, exit 130).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from logistics.cli.input_files import check_input_file
from logistics.cli.interrupt import exit_stopped, sigint_stops
from logistics.cli.seed_option import check_seed
from logistics.cli.time_limit import check_time_limit
from logistics.errors import InfeasibleError
from solvers.wave_selection_methods import METHODS

if TYPE_CHECKING:
    from solvers.progress import Progress


def sbpo(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="Instance file in the SBPO 2025 text format.")
    ],
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds to search (challenge: 600).")
    ] = 60.0,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    method: Annotated[str, typer.Option(help=f"One of {', '.join(METHODS)}.")] = "auto",
    workers: Annotated[int, typer.Option(help="CP-SAT worker threads.")] = 8,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
) -> None:
    """Choose the orders and aisles of one wave within [LB, UB] units, maximising units/aisle."""
    from logistics.datasets.sbpo import read_sbpo
    from solvers.wave_selection import WaveSelectionParams, solve, validate

    check_time_limit(time_limit, zero_ok=True)  # as WaveSelectionParams
    check_seed(seed)
    problem = read_sbpo(check_input_file("FILE", file))
    params = WaveSelectionParams(time_limit_s=time_limit, seed=seed, method=method, workers=workers)

    last = [-1.0, None]

    def progress(p: Progress) -> None:
        # at most one line a second, plus every change of the bound
        if quiet or (p.elapsed_s - last[0] < 1.0 and p.bound == last[1]):
            return
        last[0], last[1] = p.elapsed_s, p.bound
        obj = "-" if p.best is None else f"{p.best:.4f}"
        bound = "" if p.bound is None else f"  bound {p.bound:.4f}"
        print(f"{p.elapsed_s:7.1f}s  best {obj}{bound}", file=sys.stderr)

    # Ctrl-C: the search ends (CP-SAT at once) with its best wave, shown; a second aborts
    with sigint_stops(keep_best=True) as ctrl_c:
        result = solve(problem, params, on_progress=progress, should_stop=ctrl_c)
        stopped = ctrl_c()
    if not result.found:
        if stopped and not result.optimal:
            exit_stopped("no wave found yet")
        raise InfeasibleError(
            "no wave within the unit bounds can be covered by the aisles"
            if result.optimal
            else f"no feasible wave found in {time_limit:g} s"
        )
    check = validate(problem, result)
    payload = {
        "orders": list(result.orders),
        "aisles": list(result.aisles),
        "objective": result.objective,
        "units": result.units,
        "upper_bound": result.upper_bound,
        "optimal": result.optimal,
        "feasible": check.feasible,
        "seconds": round(result.elapsed, 3),
        "stopped": stopped,
    }
    if as_json:
        print(json.dumps(payload))
    else:
        _print_text(problem, result, check.feasible, stopped)
    if stopped:
        exit_stopped("the best wave so far is shown")


def _print_text(problem, result, feasible: bool, stopped: bool) -> None:
    """The wave as text: objective, units, aisles, orders, bound."""
    print(f"instance   {problem.name}  ({problem.n_orders} orders, {problem.n_aisles} aisles)")
    print(f"objective  {result.objective:.4f} units per aisle")
    print(f"units      {result.units}  (bounds {problem.lb}..{problem.ub})")
    print(f"aisles     {len(result.aisles)}: {list(result.aisles)}")
    print(f"orders     {len(result.orders)}")
    bound = "-" if result.upper_bound is None else f"{result.upper_bound:.4f}"
    print(f"bound      {bound}  ({'optimal' if result.optimal else 'not proven optimal'})")
    early = ", stopped early by Ctrl-C" if stopped else ""
    print(f"feasible   {feasible}  ({result.elapsed:.1f} s{early})")
