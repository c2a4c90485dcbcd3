"""GLS lambda when fixed vehicle costs dominate: Li & Lim, hierarchical objective.

Runs OR-Tools with guided local search's default lambda coefficient (0.1) and with
the value used when fixed costs dominate (``GLS_LAMBDA_FIXED_DOMINANT``), side by
side on a spread of Li & Lim instances (vehicles first, then distance); writes
``benchmarks/results/routing_gls_lambda_<S>s.csv`` and ``.md``.

    python -m benchmarks.routing_gls_lambda --time-limit 10
"""

from __future__ import annotations

import argparse
import time

from benchmarks.runner import BenchTask, gap_percent, run_suite
from logistics.datasets.lilim import read_lilim
from logistics.paths import datasets_root
from solvers.routing import RoutingParams, validate
from solvers.routing import ortools_backend as engine

INSTANCES = ["lc101", "lc204", "lr102", "lr110", "lr205", "lrc103", "lrc202", "lrc206"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--time-limit", type=float, default=10.0)
    args = ap.parse_args()
    root = datasets_root() / "li_lim_pdptw_100" / "instances"
    instances = {n: read_lilim(root / f"{n}.txt") for n in INSTANCES}
    chosen = engine.GLS_LAMBDA_FIXED_DOMINANT
    tasks = [BenchTask(n, f"lambda={lam}", lam) for n in instances for lam in (0.1, chosen)]

    def run_one(task: BenchTask):
        inst = instances[task.instance]
        engine.GLS_LAMBDA_FIXED_DOMINANT = task.payload
        try:
            t0 = time.monotonic()
            plan = engine.solve_ortools(inst.problem, RoutingParams(time_limit_s=args.time_limit))
            seconds = time.monotonic() - t0
        finally:
            engine.GLS_LAMBDA_FIXED_DOMINANT = chosen
        distance = inst.cost_in_set_units(plan.summary.distance)
        yield {
            "instance": task.instance,
            "solver": task.solver,
            "seconds": round(seconds, 2),
            "vehicles": plan.summary.vehicles,
            "bks_vehicles": inst.bks.vehicles,
            "cost": distance,
            "bks": inst.bks.value,
            "feasible": validate(inst.problem, plan).feasible,
            "gap": gap_percent(distance, inst.bks.value),
        }

    result = run_suite(
        "routing_gls_lambda",
        f"{args.time_limit:g}s",
        tasks,
        run_one,
        title="OR-Tools GLS lambda, Li & Lim hierarchical (vehicles, then distance)",
        notes=(
            "Gap: distance against the BKS distance (hierarchical BKS; compare vehicles "
            "with `bks_vehicles` in the CSV). Same time limit, one instance at a time."
        ),
        made_by=f"python -m benchmarks.routing_gls_lambda --time-limit {args.time_limit:g}",
    )
    print(result.summary.to_string(index=False))


if __name__ == "__main__":
    main()
