"""Workload balance (``span_cost_per_s``): two checkouts of the code side by side.

Solves Solomon R1/RC1 instances with ``span_cost_per_s = 1`` in each of two source
trees (``--before``, ``--after``: e.g. a ``git worktree`` of an older commit and this
one), in the same run, interleaved, two solves at a time, each in its own process.
Every plan is costed by that tree's ``validate()`` (the documented measure: distance
cost plus ``span_cost_per_s`` x the longest route) and its OR-Tools objective is
recorded, to tell whether the search optimised the cost it reports. Variants:
``solomon`` (every van from time 0) and ``staggered`` (vans ``k = 0, 1, 2 mod 3``
start at 0, 1/6 and 1/3 of the horizon: the case where OR-Tools' global span on the
time dimension, latest end minus earliest start, is not the longest route).

    git worktree add /tmp/before 143e045
    python -m benchmarks.routing_span_cost --before /tmp/before --after . --time-limit 10

Writes ``benchmarks/results/routing_span_cost_<limit>s.csv`` and ``.md``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from benchmarks.two_trees import (
    SECONDS_KEYWORD,
    paired,
    run_in_trees,
    tree_args,
    tree_command,
    write_module_results,
)

INSTANCES = ("R101", "R105", "RC101", "RC105")
RUNS = (
    ("ortools", (0,), "solomon"),
    ("ortools", (0,), "staggered"),
    ("auto", (1, 2, 3), "solomon"),
)
"""(backend, seeds, variant) per instance."""

_ONE = (
    SECONDS_KEYWORD
    + r"""
import json, sys
from dataclasses import replace
from logistics.datasets.vrptw import read_solomon
from logistics.domain import TimeWindow
from logistics.paths import datasets_root
from solvers.routing import RoutingParams, solve, validate
inst, backend, seed, variant, limit = sys.argv[1:6]
path = datasets_root() / "solomon_vrptw_100" / "instances" / f"{inst}.txt"
p = read_solomon(path).problem
if variant == "staggered":
    h = p.vehicles[0].shift.end
    vans = tuple(
        replace(v, shift=TimeWindow((k % 3) * h // 6, h)) for k, v in enumerate(p.vehicles)
    )
    p = replace(p, vehicles=vans)
p = replace(p, objective=replace(p.objective, span_cost_per_s=1))
params = RoutingParams(backend=backend, seed=int(seed), **seconds(RoutingParams, float(limit)))
plan = solve(p, params)
rep = validate(p, plan)
k = plan.extras.get("cost_scale", 1)
print(json.dumps(dict(
    feasible=rep.feasible, unserved=len(plan.unassigned), cost=rep.cost, distance=rep.distance,
    longest_route_s=max((r.duration for r in plan.routes), default=0), vehicles=rep.vehicles,
    objective=None if plan.objective is None else plan.objective // k,
)))
"""
)


def _paired(rows: list[dict[str, Any]]) -> pd.DataFrame:
    for r in rows:
        if "error" not in r:
            r["objective_is_cost"] = r["objective"] == r["cost"]
    wide = paired(rows, ["instance", "backend", "variant", "seed"])
    ok = pd.DataFrame([r for r in rows if "error" not in r])
    same = ok.groupby("tree")["objective_is_cost"].mean().mul(100).round(0)
    wide.attrs["objective_is_cost_%"] = same.to_dict()
    return wide


def main() -> None:
    args = tree_args(__doc__, 10.0)
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    runs = [
        (
            {"instance": inst, "backend": backend, "seed": seed, "variant": variant},
            (inst, backend, str(seed), variant, str(args.time_limit)),
        )
        for inst in INSTANCES
        for backend, seeds, variant in RUNS
        for seed in seeds
    ]
    rows = run_in_trees(trees, _ONE, runs)
    table = _paired(rows)
    same = table.attrs["objective_is_cost_%"]
    errors = [r for r in rows if "error" in r]
    notes = (
        f"Cost by each tree's `validate()` (distance + span_cost_per_s x longest route), "
        f"time limit {args.time_limit:g} s, two solves at a time. OR-Tools objective equal "
        f"to that cost: before {same.get('before', 0):.0f}% of runs, after "
        f"{same.get('after', 0):.0f}%. Failed solves: {len(errors)}.\n\n"
        f"Command: `{tree_command('routing_span_cost', args)}`"
    )
    title = "Workload balance: longest-route span cost, before and after"
    md = write_module_results("routing_span_cost", args, rows, table, title=title, notes=notes)
    print(md.read_text())


if __name__ == "__main__":
    main()
