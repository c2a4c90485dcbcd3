"""The route-plan job's main search: warm-started from the first search, or afresh.

Runs the job's two searches (:func:`api.solves.route_plan_searches`: 10% of the
limit for a first search, the rest for the main search) on public instances,
once with the main search started afresh (``cold``) and once warm-started from
the first search's best routes (``warm``), side by side for each instance, time
limit and seed, one solve at a time. Writes
``benchmarks/results/routing_warm_job_<limits>.csv`` and ``.md``. Variants
(``routing_warm_job_<variant>_<limits>``): ``--variant soft-windows`` makes every
window soft (``auto``'s warm-start path: PyVRP on the tightened problem, then
OR-Tools), ``--variant skills`` gives every stop and vehicle one skill (OR-Tools
alone).

    python -m benchmarks.routing_warm_job --time-limits 10,20 --seeds 1,2,3
    python -m benchmarks.routing_warm_job --time-limits 10 --seeds 1,2 \
        --instances R105,RC105,r1_2_3 --variant soft-windows
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import pandas as pd

from api.solves import route_plan_searches
from benchmarks.runner import BenchTask, run_suite, write_results
from benchmarks.suites.routing import _row, soft_windows_variant
from logistics.datasets.cvrplib import read_cvrplib
from logistics.datasets.vrptw import read_homberger, read_solomon
from logistics.paths import datasets_root

INSTANCES = {
    "R105": ("solomon_vrptw_100", read_solomon, "txt"),
    "RC105": ("solomon_vrptw_100", read_solomon, "txt"),
    "r1_2_3": ("gehring_homberger_200", read_homberger, "txt"),
    "rc1_2_3": ("gehring_homberger_200", read_homberger, "txt"),
    "X-n143-k7": ("cvrplib_x", read_cvrplib, "vrp"),
    "X-n228-k23": ("cvrplib_x", read_cvrplib, "vrp"),
}
"""Solomon R1 and RC1, two Gehring-Homberger 200 (hierarchical: vehicles, then
distance), two CVRPLIB X (distance, nint)."""


def _skills_variant(inst):
    """Every stop needs skill ``a`` and every vehicle has it: the same problem, but one
    PyVRP does not model, so ``auto`` runs OR-Tools alone."""
    from dataclasses import replace

    p = inst.problem
    skill = frozenset({"a"})
    stops = tuple(replace(s, skills=skill) for s in p.stops)
    vehicles = tuple(replace(v, type=replace(v.type, skills=skill)) for v in p.vehicles)
    return replace(inst, problem=replace(p, stops=stops, vehicles=vehicles, name=p.name))


def _paired(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Per time limit: warm minus cold (same instance and seed), in gap points."""
    df = pd.DataFrame(rows)
    if df.empty or "gap" not in df:
        return pd.DataFrame()
    df = df.dropna(subset=["gap"])
    index = ["limit_s", "instance", "seed"]
    gap = df.pivot_table(index=index, columns="mode", values="gap", aggfunc="first").dropna()
    obj = df.pivot_table(index=index, columns="mode", values="objective", aggfunc="first")
    if not {"cold", "warm"} <= set(gap.columns):
        return pd.DataFrame()
    obj = obj.loc[gap.index]
    pairs = pd.DataFrame(
        {
            "delta_gap": gap["warm"] - gap["cold"],
            "delta_obj": 100.0 * (obj["warm"] - obj["cold"]) / obj["cold"],
        }
    )
    by = pairs.groupby(level="limit_s")
    out = pd.DataFrame(
        {
            "pairs": by.size(),
            "mean_delta_gap_pts": by["delta_gap"].mean(),
            "mean_delta_objective_%": by["delta_obj"].mean(),
            "warm_better": by["delta_obj"].apply(lambda d: int((d < -1e-9).sum())),
            "tie": by["delta_obj"].apply(lambda d: int((d.abs() <= 1e-9).sum())),
            "warm_worse": by["delta_obj"].apply(lambda d: int((d > 1e-9).sum())),
        }
    )
    return out.round(3).reset_index()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--time-limits", default="10,20", help="seconds, comma separated")
    ap.add_argument("--seeds", default="1,2,3", help="comma separated")
    ap.add_argument("--instances", default=",".join(INSTANCES), help="comma separated")
    ap.add_argument(
        "--variant",
        choices=["", "soft-windows", "skills"],
        default="",
        help="soft-windows: every window soft (1 per unit late), auto's warm-start path "
        "(PyVRP, then OR-Tools); skills: every stop and vehicle has one skill, OR-Tools alone",
    )
    args = ap.parse_args()
    limits = [float(x) for x in args.time_limits.split(",")]
    seeds = [int(x) for x in args.seeds.split(",")]
    names = args.instances.split(",")
    instances = {}
    for name in names:
        dataset, reader, ext = INSTANCES[name]
        path = datasets_root() / dataset / "instances" / f"{name}.{ext}"
        inst = reader(path)
        if args.variant == "soft-windows":
            inst = soft_windows_variant(inst)
        elif args.variant == "skills":
            inst = _skills_variant(inst)
        instances[name] = inst
    # cold and warm next to each other, for each (seed, limit, instance)
    tasks = [
        BenchTask(n, f"{mode} {limit:g}s", (mode, limit, seed))
        for seed in seeds
        for limit in limits
        for n in names
        for mode in ("cold", "warm")
    ]

    def run_one(task: BenchTask):
        mode, limit, seed = task.payload
        inst = instances[task.instance]
        first: dict[str, Any] = {}

        def report(progress: dict[str, Any], plan=None) -> None:
            if plan is not None and progress["phase"] == "first search":
                first["plan"] = plan

        t0 = time.monotonic()
        plan = route_plan_searches(
            inst.problem, limit, seed, report=report, warm_start=mode == "warm"
        )
        seconds = time.monotonic() - t0
        routes = [(r.vehicle_id, r.stop_ids) for r in plan.routes]
        row = _row(inst, task.solver, seconds, routes, plan)
        if plan.unassigned:
            row.update(feasible=False, gap=None)
        scale = inst.problem.distance_scale
        f = first.get("plan")
        row.update(
            mode=mode,
            limit_s=limit,
            seed=seed,
            first_cost=None if f is None else round(f.summary.distance / scale, 2),
            first_vehicles=None if f is None else f.summary.vehicles,
            warm_start=plan.extras.get("warm_start", ""),
        )
        yield row

    suite = "routing_warm_job" + ("_" + args.variant.replace("-", "_") if args.variant else "")
    budget = "_".join(f"{x:g}" for x in limits) + "s"
    title = "Route-plan job: main search warm-started from the first search vs afresh"
    command = (
        f"python -m benchmarks.routing_warm_job --time-limits {args.time_limits} "
        f"--seeds {args.seeds} --instances {','.join(names)}"
        + (f" --variant {args.variant}" if args.variant else "")
    )
    if args.variant:
        title += f" ({args.variant} variant)"
    result = run_suite(suite, budget, tasks, run_one, title=title, made_by=command)
    paired = _paired(result.rows)
    notes = (
        "The job's two searches (`api.solves.route_plan_searches`: 10% first search, "
        "the rest main search, `auto` backend), the main search afresh (`cold`, "
        "`warm_start=False`) or from the first search's best routes (`warm`, "
        "`warm_start=True`). Each (instance, limit, seed) ran cold "
        "then warm, one solve at a time, on a shared 2-core machine. Gap: distance vs BKS "
        "(Gehring-Homberger hierarchical: compare `vehicles` with `bks_vehicles` in the "
        "CSV).\n\nPaired, warm minus cold, same instance, limit and seed: gap points and "
        "objective % (the job's objective; Gehring-Homberger's counts vehicles first); "
        "better/tie/worse by objective; negative: warm better.\n\n"
        + paired.to_markdown(index=False)
    )
    write_results(
        suite, budget, result.rows, result.summary, title=title, notes=notes, made_by=command
    )
    print(result.summary.to_string(index=False))
    print(paired.to_string(index=False))


if __name__ == "__main__":
    main()
