"""``logistics bench network``: capacitated facility location on all of OR-Library.

Every case of ``datasets/orlib_cap_warehouse_location`` (37 small files and the
12 capacity settings of capa/capb/capc) is solved by

- ``ours``: :func:`solvers.network.solve` with ``method=auto`` (strong MIP for
  the small cases; Lagrangian bound + site fixing + open-set search + core MIP
  for the large ones), and
- ``mip-direct``: the same strong formulation handed whole to SCIP (the
  textbook approach, what one writes first with any MIP library),

each with the same time limit, one case at a time per worker. Every design is
re-checked by :func:`solvers.network.validate`. ``gap`` is
``100 (cost - optimum) / optimum`` against OR-Library's ``capopt.txt``;
``proven_gap_%`` is the solver's own certificate ``100 (cost - bound) / cost``.
Cases run through :mod:`logistics.jobs` (``--workers``, ``--dask``).
"""

from __future__ import annotations

import os
import time
from typing import Annotated, Any

import pandas as pd
import typer

from benchmarks.runner import (
    check_name_part,
    gap_percent,
    summarize,
    without_negative_zero,
    write_results,
)
from logistics.datasets.catalog import require_datasets
from logistics.paths import results_root

__all__ = ["register", "run_case", "network_tasks"]

SOLVERS = ("ours", "mip-direct")


#: What ``--budget`` may be: a part of a file name under ``benchmarks/results/``.
def network_tasks(
    only: str = "all", solvers: tuple[str, ...] = SOLVERS, time_limit_s: float = 30.0
) -> list[dict[str, Any]]:
    """One payload per (case, solver); ``only``: ``all``, ``small``, ``large`` or case names."""
    from logistics.datasets.orlib_cap import orlib_cap_cases

    cases = orlib_cap_cases()
    if only == "small":
        cases = [c for c in cases if c.capacity is None]
    elif only == "large":
        cases = [c for c in cases if c.capacity is not None]
    elif only != "all":
        from logistics.errors import InvalidValueError

        wanted = {s.strip() for s in only.split(",") if s.strip()}
        if not wanted:  # would run nothing and write an empty table
            raise InvalidValueError("only", only, "all, small, large or case names")
        known = {c.name for c in cases}
        unknown = sorted(wanted - known)
        if unknown:  # the names, so that a typo can be put right without reading the code
            reason = "no such case; all, small, large or case names: " + ", ".join(sorted(known))
            raise InvalidValueError("only", unknown[0], reason)
        cases = [c for c in cases if c.name in wanted]
    return [
        {
            "case": c.name,
            "path": str(c.path),
            "capacity": c.capacity,
            "bks": c.bks,
            "solver": s,
            "time_limit_s": time_limit_s,
        }
        for c in cases
        for s in solvers
    ]


def run_case(task: dict[str, Any]) -> dict[str, Any]:
    """Solve one case with one solver and return its result row (runs in a worker)."""
    import ortools.graph.python.min_cost_flow  # noqa: F401  (imports are not solve time)
    import ortools.linear_solver.pywraplp  # noqa: F401

    from logistics.datasets.orlib_cap import read_orlib_cap
    from solvers.network import NetworkParams, solve, validate

    inst = read_orlib_cap(task["path"], task["capacity"])
    p = inst.problem
    method = "auto" if task["solver"] == "ours" else "mip"
    row: dict[str, Any] = {
        "instance": task["case"],
        "solver": task["solver"],
        "sites": p.num_sites,
        "customers": p.num_customers,
        "bks": task["bks"],
    }
    start = time.perf_counter()
    cpu = time.process_time()
    try:
        r = solve(p, NetworkParams(time_limit_s=task["time_limit_s"], method=method))
    except Exception as exc:  # no design within the limit is a result
        row.update(
            seconds=round(time.perf_counter() - start, 3),
            feasible=False,
            error=repr(exc)[:200],
        )
        return row
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    check = validate(p, r)
    gap = gap_percent(r.cost, task["bks"]) if check.feasible else None
    row.update(
        cost=round(r.cost, 3),
        # rounded as the proven gap: the optimum read 1.1e-14 (float noise) in the CSV
        gap=None if gap is None else round(gap, 4) + 0.0,
        proven_gap_pct=round(100 * r.gap, 4),
        bound=round(r.bound, 3),
        seconds=round(seconds, 3),
        cpu_seconds=round(cpu_seconds, 3),
        feasible=check.feasible,
        status=str(r.status),
        method=r.method,
        open_sites=len(r.open),
    )
    return row


def _slug(only: str) -> str:
    """``small``, ``large`` or ``partial`` (a list of case names): the file-name part."""
    return only if only in ("small", "large") else "partial"


def _summary(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    df["group"] = (
        df["solver"]
        + " / "
        + df["sites"].map(lambda m: "capa-c (100x1000)" if m == 100 else "cap41-134 (<=50x50)")
    )
    out = summarize(df.to_dict("records"), by="group")
    if "gap" not in df:  # every solve failed (e.g. no design within the limit)
        df["gap"] = float("nan")
    g = pd.to_numeric(df["gap"], errors="coerce")
    out["within_0.1%"] = (
        (g <= 0.1).groupby(df["group"]).sum().reindex(out["group"]).astype(int).values
    )
    out["max_seconds"] = df.groupby("group")["seconds"].max().reindex(out["group"]).values
    if "cpu_seconds" in df:
        cpu = df.groupby("group")["cpu_seconds"]
        out["mean_cpu_s"] = cpu.mean().round(3).reindex(out["group"]).values
        out["max_cpu_s"] = cpu.max().reindex(out["group"]).values
    return out


def register(app: typer.Typer) -> None:
    """Add ``logistics bench network``."""

    @app.command("network")
    def network(
        time_limit: Annotated[float, typer.Option(help="Seconds per case and solver.")] = 30.0,
        only: Annotated[
            str, typer.Option(help="all, small (cap41-134), large (capa-c) or case names.")
        ] = "all",
        solvers: Annotated[
            str, typer.Option(help="Comma-separated: ours, mip-direct.")
        ] = "ours,mip-direct",
        workers: Annotated[
            int | None,
            typer.Option(
                help="Cases run at the same time (local process pool; default 1); "
                "not with a Dask scheduler."
            ),
        ] = None,
        dask: Annotated[
            str | None, typer.Option(help="Dask scheduler address (else LOGISTICS_DASK).")
        ] = None,
        budget: Annotated[
            str | None, typer.Option(help="Name part of the result files (default e.g. 30s).")
        ] = None,
        progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    ) -> None:
        """OR-Library capacitated facility location: cost vs optimum, proven gap, time."""
        from logistics.cli.time_limit import check_time_limit
        from logistics.errors import InvalidValueError
        from logistics.jobs import get_executor, run_all
        from logistics.jobs.factory import DASK_ENV

        check_time_limit(time_limit)  # inf wrote a table of error rows
        chosen = tuple(s.strip() for s in solvers.split(",") if s.strip())
        for s in chosen:
            if s not in SOLVERS:
                raise InvalidValueError("solvers", s, f"one of {', '.join(SOLVERS)}")
        if not chosen:  # '' ran nothing and wrote an empty table over the suite's
            raise InvalidValueError("solvers", solvers, f"one or more of {', '.join(SOLVERS)}")
        if budget is not None:
            check_name_part("budget", budget)
        if workers is not None and (dask or os.environ.get(DASK_ENV, "").strip()):
            # the cluster's workers run the cases: --workers would do nothing
            raise InvalidValueError(
                "workers",
                workers,
                f"local worker processes; not with a Dask scheduler (--dask, {DASK_ENV})",
            )
        results_root()  # a file in the way is an error before the run, not after it
        require_datasets("orlib_cap_warehouse_location")
        tasks = network_tasks(only, chosen, time_limit)
        with get_executor(
            dask, workers=1 if workers is None else workers, max_tasks_per_child=10
        ) as ex:
            rows = run_all(
                ex,
                run_case,
                tasks,
                description="bench network",
                show_progress=progress,
                label=lambda t: f"{t['case']} / {t['solver']}",
            )
            backend = ex.describe()
        summary = without_negative_zero(_summary(rows))  # printed: no -0.0 mean gap
        # a subset of the cases never replaces the whole table
        name = (budget or f"{time_limit:g}s") + ("" if only == "all" else f"_{_slug(only)}")
        notes = (
            f"Time limit {time_limit:g} s per case and solver; {backend}; machine shared "
            "with other jobs: `seconds` is wall clock, `cpu_seconds` the worker's CPU time "
            "(the solvers are single-threaded, so on an idle core the two agree). "
            "`gap` = 100 (cost - optimum) / optimum "
            "against OR-Library capopt.txt (split-demand optima); `proven_gap_%` = the "
            "solver's certificate 100 (cost - bound) / cost. `ours` = solvers.network.solve "
            "(method auto); `mip-direct` = the whole strong formulation given to SCIP. "
            "Every design re-checked by solvers.network.validate."
        )
        csv_path, md_path = write_results(
            "network", name, rows, summary, title="Network design: OR-Library CFLP", notes=notes
        )
        typer.echo(summary.to_string(index=False))
        typer.echo(f"wrote {csv_path} and {md_path}")
