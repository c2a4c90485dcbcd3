"""PyVRP when a vehicle costs more than its largest penalty: two checkouts side by side.

Solves with ``backend="pyvrp"`` in each of two source trees (``--before``, ``--after``),
in the same run, interleaved, two solves at a time, each in its own process:

- ``rio``: a seeded Rio day (40 stops of 5-15 kg within ~5 km of the depot, 5 vans of
  100 kg, 45 cents per km and 2,500 an hour, shifts 07-17, no windows) with a fixed
  cost of 5,000 (a van's day), 10**6 and 10**9 cents a van (a planner making "fewest
  vans first" explicit); the same customers for every fixed cost. ``rio_parcels``: the
  same with 1-5 parcels a stop and 8 vans of 30 parcels (smaller stops: one stop's
  excess weighs less against a van).
- ``homberger``: Gehring-Homberger 200 instances under their hierarchical objective
  (10,000 distance units per vehicle, then distance: 10**6 engine units, ten times
  PyVRP's default largest penalty of 100,000 per unit of violation, but under it times
  a mean stop load of about 17), which should keep PyVRP's defaults.

Every plan is checked by that tree's ``validate()``.

    git worktree add /tmp/before <commit>
    python -m benchmarks.routing_pyvrp_vehicle_costs --before /tmp/before --after . --time-limit 10

Writes ``benchmarks/results/routing_pyvrp_vehicle_costs_<limit>s.csv`` and ``.md``.
"""

from __future__ import annotations

import pandas as pd

from benchmarks.two_trees import (
    SECONDS_KEYWORD,
    run_in_trees,
    tree_args,
    tree_command,
    write_module_results,
)

RIO_FIXED_COSTS = (5_000, 10**6, 10**9)
HOMBERGER = ("c1_2_1", "c2_2_1", "r1_2_1", "r2_2_1", "rc1_2_2", "rc2_2_1")
SEEDS = (1, 2)

_ONE = (
    SECONDS_KEYWORD
    + r"""
import json, sys
import numpy as np
from logistics.datasets.vrptw import read_homberger
from logistics.domain import Depot, LatLon, RoutingProblem, Stop, TimeWindow, Vehicle, VehicleType
from logistics.paths import datasets_root
from solvers.routing import RoutingParams, solve, validate
case, fixed, seed, limit = sys.argv[1:5]
if case.startswith("rio"):
    parcels = case == "rio_parcels"
    size, cap, fleet = ((1, 6), 30, 8) if parcels else ((5, 16), 100, 5)
    rng = np.random.default_rng(7)
    stops = tuple(
        Stop(
            f"s{i:02d}",
            LatLon(-22.9 + rng.uniform(-0.04, 0.04), -43.2 + rng.uniform(-0.04, 0.04)),
            delivery=(int(rng.integers(*size)),),
            service_s=240,
        )
        for i in range(40)
    )
    van = VehicleType("van", (cap,), fixed_cost=int(fixed), cost_per_km=45, cost_per_hour=2500)
    vans = tuple(
        Vehicle(f"van-{k}", van, "dc", "dc", shift=TimeWindow(7 * 3600, 17 * 3600))
        for k in range(fleet)
    )
    p = RoutingProblem((Depot("dc", LatLon(-22.887, -43.23)),), stops, vans)
else:
    path = datasets_root() / "gehring_homberger_200" / "instances" / f"{case}.txt"
    p = read_homberger(path).problem
params = RoutingParams(backend="pyvrp", seed=int(seed), **seconds(RoutingParams, float(limit)))
plan = solve(p, params)
rep = validate(p, plan)
print(json.dumps(dict(
    feasible=rep.feasible, served=len(p.stops) - len(plan.unassigned), stops=len(p.stops),
    vehicles=len(plan.routes), cost=rep.cost if rep.feasible and not plan.unassigned else None,
    status=plan.status,
)))
"""
)


def _table(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame([r for r in rows if "error" not in r])
    keys = ["case", "fixed_cost", "seed"]
    wide = df.set_index([*keys, "tree"])[["served", "vehicles", "cost"]].unstack("tree")
    wide.columns = [f"{value}_{tree}" for value, tree in wide.columns]
    wide = wide.reset_index()
    wide["cost_after_over_before"] = (wide["cost_after"] / wide["cost_before"]).round(4)
    return wide


def main() -> None:
    args = tree_args(__doc__, 10.0)
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    rio = [(r, f) for r in ("rio", "rio_parcels") for f in RIO_FIXED_COSTS]
    cases = rio + [(h, 0) for h in HOMBERGER]
    runs = [
        (
            {"case": case, "fixed_cost": fixed, "seed": seed},
            (case, str(fixed), str(seed), str(args.time_limit)),
        )
        for case, fixed in cases
        for seed in SEEDS
    ]
    rows = run_in_trees(trees, _ONE, runs)
    table = _table(rows)
    errors = [r for r in rows if "error" in r]
    complete = (
        pd.DataFrame([r for r in rows if "error" not in r])
        .assign(ok=lambda d: d["feasible"] & (d["served"] == d["stops"]))
        .groupby("tree")["ok"]
        .agg(["sum", "count"])
    )
    said = ", ".join(f"{t} {int(r['sum'])}/{int(r['count'])}" for t, r in complete.iterrows())
    notes = (
        f'`backend="pyvrp"`, time limit {args.time_limit:g} s, two solves at a time. '
        f"`cost` = the tree's `validate()` cost of a feasible plan serving every stop "
        f"(empty otherwise). Feasible plans serving every stop: {said}. "
        f"Failed solves: {len(errors)}.\n\n"
        f"Command: `{tree_command('routing_pyvrp_vehicle_costs', args)}`"
    )
    title = "PyVRP with vehicle costs above its largest penalty, before and after"
    md = write_module_results(
        "routing_pyvrp_vehicle_costs", args, rows, table, title=title, notes=notes
    )
    print(md.read_text())


if __name__ == "__main__":
    main()
