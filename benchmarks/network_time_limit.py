"""Network design beyond OR-Library's size: is the time limit kept? Two checkouts side by side.

Seeded synthetic capacitated facility location problems larger than capa/capb/capc
(``random.default_rng(seed)``: sites and customers uniform on a 1,000 x 1,000 square,
demand 5-49, every site's capacity 3x its share of the total demand, fixed cost
5,000-15,000, assignment cost = distance x demand), split and single source, solved in
each of two source trees (``--before``, ``--after``) in the same run, two solves at a
time, each in its own process (:mod:`benchmarks.two_trees`). Reports wall seconds
against the limit, cost, proven gap and the path taken.

    git worktree add /tmp/before <commit>
    python -m benchmarks.network_time_limit --before /tmp/before --after . --time-limit 30

Writes ``benchmarks/results/network_time_limit_<limit>s.csv`` and ``.md``.
"""

from __future__ import annotations

import pandas as pd

from benchmarks.two_trees import SECONDS_KEYWORD, run_in_trees, tree_args, write_module_results

SIZES = ((200, 2000), (300, 3000))
"""(sites, customers) of the generated problems."""

_ONE = (
    SECONDS_KEYWORD
    + r"""
import json, math, sys, time
import numpy as np
from logistics.domain.facility import FacilityLocationProblem
from solvers.network import NetworkParams, solve, validate
m, n, limit = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[4])
single = sys.argv[3] == "single"
rng = np.random.default_rng(1)
d = rng.integers(5, 50, n).astype(float)
sites, custs = rng.uniform(0, 1000, (m, 2)), rng.uniform(0, 1000, (n, 2))
dist = np.linalg.norm(sites[:, None] - custs[None], axis=2)
p = FacilityLocationProblem(
    capacities=np.full(m, math.ceil(3.0 * d.sum() / m)),
    fixed_costs=rng.uniform(5000, 15000, m).round(),
    demands=d,
    assignment_costs=(dist * d[None]).round(2),
)
t = time.perf_counter()
r = solve(p, NetworkParams(**seconds(NetworkParams, limit), single_source=single))
wall = time.perf_counter() - t
print(json.dumps(dict(
    wall_s=round(wall, 2), over_limit_s=round(max(0.0, wall - limit), 2), cost=r.cost,
    gap_percent=round(100 * r.gap, 3), method=r.method, open=len(r.open),
    feasible=validate(p, r).feasible,
)))
"""
)


def _runs(limit: float) -> list[tuple[dict, tuple[str, ...]]]:
    return [
        (
            {"sites": m, "customers": n, "mode": mode},
            (str(m), str(n), mode, str(limit)),
        )
        for m, n in SIZES
        for mode in ("split", "single")
    ]


def main() -> None:
    args = tree_args(__doc__, 30.0)
    trees = {"before": args.before, "after": args.after}
    rows = run_in_trees(trees, _ONE, _runs(args.time_limit))
    ok = pd.DataFrame([r for r in rows if "error" not in r])
    keys = ["sites", "customers", "mode"]
    wide = ok.pivot_table(
        index=keys, columns="tree", values=["wall_s", "cost", "gap_percent"], aggfunc="first"
    )
    wide.columns = [f"{v}_{t}" for v, t in wide.columns]
    wide = wide.reset_index()
    methods = ok.pivot_table(index=keys, columns="tree", values="method", aggfunc="first")
    methods.columns = [f"method_{t}" for t in methods.columns]
    table = wide.merge(methods.reset_index(), on=keys)
    errors = [(r["tree"], r["sites"], r["mode"], r["error"]) for r in rows if "error" in r]
    notes = (
        f"Time limit {args.time_limit:g} s per solve, two solves at a time on a 2-core "
        f"machine; `wall_s` = solve wall time in its own process. Infeasible designs: "
        f"{int((~ok['feasible'].astype(bool)).sum())}. Failed solves: {errors}.\n\n"
        f"Per problem:\n\n{table.to_markdown(index=False)}"
    )
    title = "Network design on 200-300 sites x 2,000-3,000 customers: the time limit"
    summary = ok.groupby("tree")[["wall_s", "gap_percent"]].agg(["mean", "max"]).round(3)
    summary.columns = [f"{v}_{a}" for v, a in summary.columns]
    md = write_module_results(
        "network_time_limit", args, rows, summary.reset_index(), title=title, notes=notes
    )
    print(md.read_text())


if __name__ == "__main__":
    main()
