"""``logistics bench waves``: SBPO 2025 wave selection against participant reference values.

Runs :func:`solvers.wave_selection.solve` on every instance of dataset A (and
B with ``--subset all``) within a per-instance budget, checks each answer with
the independent checker, and compares the objective (units per aisle) with the
values a participating team published. Those reference values are NOT official
challenge results and were not verified here.
"""

from __future__ import annotations

from typing import Annotated

import pandas as pd
import typer

from benchmarks.runner import BenchTask, run_suite
from logistics.datasets.sbpo import load_sbpo_instance, sbpo_files
from solvers.wave_selection import WaveSelectionParams, solve, validate

SUITE = "waves"


def _summary(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    # a crashed run's row has only instance (subset/name), solver and error: count it
    subset_of = df["instance"].str.split("/").str[0]
    df["subset"] = df["subset"].fillna(subset_of) if "subset" in df else subset_of
    for col in ("pct_of_reference", "feasible", "optimal", "seconds", "error"):
        if col not in df:
            df[col] = None
    out = []
    for subset, g in df.groupby("subset"):
        pct = pd.to_numeric(g["pct_of_reference"], errors="coerce")
        out.append(
            {
                "subset": subset,
                "instances": len(g),
                "errors": int(g["error"].notna().sum()),
                "feasible": int(g["feasible"].fillna(False).astype(bool).sum()),
                "proven_optimal": int(g["optimal"].fillna(False).astype(bool).sum()),
                "mean_%_of_reference": round(pct.mean(), 2),
                "worst_%_of_reference": round(pct.min(), 2),
                "at_least_95%": int((pct >= 95).sum()),
                "at_least_100%": int((pct >= 99.995).sum()),
                "mean_seconds": round(pd.to_numeric(g["seconds"]).mean(), 1),
            }
        )
    return pd.DataFrame(out)


def _table(rows: list[dict]) -> str:
    df = pd.DataFrame(rows)
    if df.empty:
        return ""
    cols = [
        "instance",
        "objective",
        "reference",
        "pct_of_reference",
        "units",
        "aisles",
        "upper_bound",
        "optimal",
        "feasible",
        "seconds",
    ]
    return df[[c for c in cols if c in df]].to_markdown(index=False, floatfmt=".2f")


def register(app: typer.Typer) -> None:
    @app.command(SUITE)
    def waves(
        time_limit: Annotated[
            float, typer.Option("--time-limit", help="Seconds per instance (challenge: 600).")
        ] = 30.0,
        subset: Annotated[str, typer.Option(help="a, b or all.")] = "a",
        workers: Annotated[int, typer.Option(help="CP-SAT worker threads.")] = 8,
        seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
        only: Annotated[
            str, typer.Option(help="Comma-separated instance names to run (e.g. instance_0010).")
        ] = "",
    ) -> None:
        """SBPO 2025 objective per instance vs participant reference values (unofficial).

        Writes benchmarks/results/waves_<limit>s[_<subset>].*; a run of --only some
        instances writes ..._partial.* so it never replaces a whole table."""
        from logistics.cli.time_limit import check_time_limit
        from logistics.errors import InvalidValueError
        from logistics.paths import datasets_root

        check_time_limit(time_limit)
        if subset.lower() not in ("a", "b", "all"):
            raise InvalidValueError("subset", subset, "one of 'a', 'b', 'all'")
        files = sbpo_files(None if subset.lower() == "all" else subset)
        if not files:
            root = datasets_root() / "wave_picking_sbpo2025"
            raise InvalidValueError("subset", subset, f"no SBPO instance files under {root}")
        if only:
            wanted = {w.strip() for w in only.split(",") if w.strip()}
            if not wanted:  # ',' ran nothing and wrote an empty table
                raise InvalidValueError("only", only, "comma-separated instance names")
            known = {f.stem for f in files} | {f.name for f in files}
            unknown = sorted(wanted - known)
            if unknown:
                names = ", ".join(sorted({f.stem for f in files}))
                reason = f"no such instance in subset {subset}; its instances: {names}"
                raise InvalidValueError("only", unknown[0], reason)
            files = [f for f in files if f.stem in wanted or f.name in wanted]
        tasks = [BenchTask(f"{f.parent.name}/{f.stem}", "logistics", f) for f in files]
        params = WaveSelectionParams(time_limit_s=time_limit, seed=seed, workers=workers)
        collected: list[dict] = []

        def run_one(task: BenchTask) -> list[dict]:
            problem, ref = load_sbpo_instance(task.payload)
            result = solve(problem, params)
            check = validate(problem, result)
            reference = ref.objective if ref else None
            row = {
                "instance": task.instance,
                "subset": task.payload.parent.name,
                "solver": task.solver,
                "orders": problem.n_orders,
                "n_aisles": problem.n_aisles,
                "objective": round(check.objective, 4),
                "reference": reference,
                "pct_of_reference": (
                    round(100 * check.objective / reference, 2)
                    if reference and check.feasible
                    else None
                ),
                "units": check.units,
                "aisles": check.n_aisles,
                "upper_bound": (
                    round(result.upper_bound, 4) if result.upper_bound is not None else None
                ),
                "optimal": result.optimal,
                "feasible": check.feasible,
                "seconds": round(result.elapsed, 2),
            }
            collected.append(row)
            return [row]

        budget = f"{time_limit:g}s" + ("" if subset.lower() == "a" else f"_{subset.lower()}")
        if only:
            budget += "_partial"
        result = run_suite(
            SUITE,
            budget,
            tasks,
            run_one,
            title="Wave selection, Mercado Libre SBPO 2025",
            summarize_by=_summary,
            notes=lambda _s: (
                "Objective: units picked per aisle visited (maximise), recomputed by the "
                "independent checker `solvers.wave_selection.validate`. `reference` is the "
                "value a participating team published in its fork "
                "(IgnaOromendia/challenge-sbpo-2025, results/ground_truth_set_*.csv): "
                "**unofficial, not verified here**, used only as a yardstick; "
                "`pct_of_reference` = 100 * objective / reference. "
                f"Budget {time_limit:g} s per instance (the challenge allows 600 s), "
                f"CP-SAT workers {workers}, seed {seed}, on a shared machine (above). "
                "`upper_bound` is the proven bound when the solver has one; `optimal` "
                "means proven.\n\n" + _table(collected)
            ),
        )
        typer.echo(result.summary.to_string(index=False))
        typer.echo(f"wrote {result.csv_path} and {result.md_path}")
