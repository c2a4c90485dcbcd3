"""Pick OR-Tools' first-solution strategy and metaheuristic by measurement.

Runs each (first solution, metaheuristic) pair on a fixed spread of Solomon
(distance only, DIMACS truncation), CVRPLIB X and Li & Lim instances at the same time limit,
one at a time, every plan checked by ``validate``; writes
``benchmarks/results/routing_strategies_<S>s.csv`` and ``.md``.

    python -m benchmarks.routing_strategies --time-limit 5
"""

from __future__ import annotations

import argparse
import time

from benchmarks.runner import BenchTask, gap_percent, run_suite
from logistics.datasets.cvrplib import read_cvrplib
from logistics.datasets.lilim import read_lilim
from logistics.datasets.vrptw import read_solomon
from logistics.paths import datasets_root
from solvers.routing import RoutingParams, validate
from solvers.routing.ortools_backend import solve_ortools

SOLOMON = ["C101", "C201", "R101", "R205", "RC103", "RC207"]
CVRP = ["X-n101-k25", "X-n204-k19", "X-n303-k21"]
LILIM = ["lr101", "lrc204", "lc205"]
PAIRS = [
    ("parallel_cheapest_insertion", "guided_local_search"),
    ("path_cheapest_arc", "guided_local_search"),
    ("savings", "guided_local_search"),
    ("local_cheapest_insertion", "guided_local_search"),
    ("parallel_cheapest_insertion", "simulated_annealing"),
    ("parallel_cheapest_insertion", "tabu_search"),
]


def _load(name: str):
    root = datasets_root()
    if name.startswith("l"):
        return read_lilim(
            root / "li_lim_pdptw_100" / "instances" / f"{name}.txt", objective="distance"
        )
    if name.startswith("X-"):
        return read_cvrplib(root / "cvrplib_x" / "instances" / f"{name}.vrp", matrices=True)
    return read_solomon(root / "solomon_vrptw_100" / "instances" / f"{name}.txt")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--time-limit", type=float, default=5.0)
    args = ap.parse_args()
    instances = {name: _load(name) for name in SOLOMON + CVRP + LILIM}
    tasks = [BenchTask(name, f"{fs}+{mh}", (fs, mh)) for name in instances for fs, mh in PAIRS]

    def run_one(task: BenchTask):
        inst = instances[task.instance]
        fs, mh = task.payload
        params = RoutingParams(time_limit_s=args.time_limit, first_solution=fs, metaheuristic=mh)
        t0 = time.monotonic()
        plan = solve_ortools(inst.problem, params)
        seconds = time.monotonic() - t0
        report = validate(inst.problem, plan)
        cost = inst.cost_in_set_units(plan.summary.distance)
        bks = inst.bks.value if inst.bks else None
        yield {
            "instance": task.instance,
            "solver": task.solver,
            "seconds": round(seconds, 2),
            "vehicles": plan.summary.vehicles,
            "cost": cost,
            "bks": bks,
            "feasible": report.feasible,
            "gap": gap_percent(cost, bks),
        }

    budget = f"{args.time_limit:g}s"
    result = run_suite(
        "routing_strategies",
        budget,
        tasks,
        run_one,
        title="OR-Tools search settings (Solomon, CVRPLIB X, Li & Lim)",
        notes=(
            f"Instances: {', '.join(SOLOMON + CVRP + LILIM)}; {budget} each, one at a time, "
            "matrices registered in C++; gap to the BKS in each set's convention "
            "(Solomon: distance only, DIMACS truncation; X: nint; Li & Lim: distance of a "
            "plan against the hierarchical BKS, so its gaps can be negative)."
        ),
        made_by=f"python -m benchmarks.routing_strategies --time-limit {args.time_limit:g}",
    )
    append_family_table(result.csv_path, result.md_path)
    print(result.summary.to_string(index=False))


def append_family_table(csv_path, md_path) -> None:
    """Add the mean gap per family (Solomon, CVRPLIB X, Li & Lim) to the summary."""
    import pandas as pd

    rows = pd.read_csv(csv_path)
    rows["family"] = rows["instance"].map(
        lambda n: "X" if n.startswith("X-") else "Li & Lim" if n.startswith("l") else "Solomon"
    )
    table = rows.pivot_table(index="solver", columns="family", values="gap", aggfunc="mean")
    text = "\n## Mean gap % per family\n\n" + table.round(2).to_markdown() + "\n"
    with open(md_path, "a") as f:
        f.write(text)


if __name__ == "__main__":
    main()
