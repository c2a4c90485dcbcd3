"""Stops with several time windows: two checkouts of the code side by side.

Solves problems whose stops have gaps between their windows in each of two source trees
(``--before``, ``--after``: e.g. a ``git worktree`` of an older commit and this one), in
the same run, two solves at a time, each in its own process (:mod:`benchmarks.two_trees`).
Every plan is costed by that tree's ``validate()``; the OR-Tools objective is recorded.
Problems:

- Solomon R101/R105/RC101/RC105 with half of the customers' windows split (seeded,
  ``random.Random(7)``): a customer's window ``[a, b]`` becomes its first and last third,
  ``[a, a + w]`` and ``[b - w, b]`` with ``w = (b - a) // 3``, a gap between them.
  Variants: ``split`` (Solomon's distance objective) and ``split_duty`` (plus one cost
  unit per second on duty, so the schedule is charged).
- ``rio``: the example day ``examples/routing/rio_day.json`` (real Rio de Janeiro
  coordinates; two stops open 08:00-10:00 and 16:00-18:00; driver breaks; cost per hour).

    git worktree add /tmp/before <commit>
    python -m benchmarks.routing_window_gaps --before /tmp/before --after . --time-limit 5

Writes ``benchmarks/results/routing_window_gaps_<limit>s.csv`` and ``.md``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from benchmarks.runner import write_results
from benchmarks.two_trees import paired, run_in_trees

INSTANCES = ("R101", "R105", "RC101", "RC105")
RUNS = (
    ("ortools", (0,), "split"),
    ("ortools", (0,), "split_duty"),
    ("auto", (1, 2), "split_duty"),
)
"""(backend, seeds, variant) per Solomon instance; ``rio`` runs ortools and auto, seed 0."""

_ONE = r"""
import json, random, sys
from dataclasses import replace
from pathlib import Path
from logistics.datasets.vrptw import read_solomon
from logistics.domain import TimeWindow
from logistics.paths import datasets_root
from logistics.routing_json import problem_from_json
from solvers.routing import RoutingParams, solve, validate
inst, backend, seed, variant, limit = sys.argv[1:6]
if variant == "rio":
    p = problem_from_json(json.loads(Path("examples/routing/rio_day.json").read_text())).problem
else:
    path = datasets_root() / "solomon_vrptw_100" / "instances" / f"{inst}.txt"
    p = read_solomon(path).problem
    rnd = random.Random(7)
    stops = []
    for s in p.stops:
        (w,) = s.time_windows
        third = (w.end - w.start) // 3
        if rnd.random() < 0.5 and third >= 2:
            s = replace(s, time_windows=(
                TimeWindow(w.start, w.start + third), TimeWindow(w.end - third, w.end)))
        stops.append(s)
    p = replace(p, stops=tuple(stops))
    if variant == "split_duty":
        p = replace(p, objective=replace(p.objective, duration_per_s=1))
plan = solve(p, RoutingParams(backend=backend, time_limit=float(limit), seed=int(seed)))
rep = validate(p, plan)
k = plan.extras.get("cost_scale", 1)
print(json.dumps(dict(
    feasible=rep.feasible, unserved=len(plan.unassigned), cost=rep.cost, distance=rep.distance,
    vehicles=rep.vehicles, objective=None if plan.objective is None else plan.objective // k,
)))
"""


def _runs(limit: float) -> list[tuple[dict, tuple[str, ...]]]:
    jobs = [
        (inst, backend, seed, variant)
        for inst in INSTANCES
        for backend, seeds, variant in RUNS
        for seed in seeds
    ]
    jobs += [("rio", backend, 0, "rio") for backend in ("ortools", "auto")]
    return [
        (
            {"instance": i, "backend": b, "seed": s, "variant": v},
            (i, b, str(s), v, str(limit)),
        )
        for i, b, s, v in jobs
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, required=True, help="source tree of the old code")
    ap.add_argument("--after", type=Path, default=Path("."), help="source tree of the new code")
    ap.add_argument("--time-limit", type=float, default=5.0, help="seconds per solve")
    args = ap.parse_args()
    trees = {"before": args.before, "after": args.after}
    rows = run_in_trees(trees, _ONE, _runs(args.time_limit))
    table = paired(rows, ["instance", "backend", "variant", "seed"])
    ok = pd.DataFrame([r for r in rows if "error" not in r])
    infeasible = ok.groupby("tree")["feasible"].apply(lambda s: int((~s).sum())).to_dict()
    diff = table["after_minus_before"]
    errors = [r for r in rows if "error" in r]
    notes = (
        f"Cost by each tree's `validate()`, time limit {args.time_limit:g} s, two solves at "
        f"a time. After cheaper in {int((diff < 0).sum())} of {len(table)} runs, dearer in "
        f"{int((diff > 0).sum())}, equal in {int((diff == 0).sum())}; mean after/before "
        f"{(table['after'] / table['before']).mean():.4f}. Infeasible plans: "
        f"{infeasible}. Failed solves: {len(errors)}.\n\n"
        f"Command: `python -m benchmarks.routing_window_gaps --before <tree> --after <tree> "
        f"--time-limit {args.time_limit:g}`"
    )
    suite, limit = "routing_window_gaps", f"{args.time_limit:g}s"
    title = "Stops with gaps between their time windows, before and after"
    command = f"python -m benchmarks.routing_window_gaps --time-limit {args.time_limit:g}"
    _csv, md = write_results(suite, limit, rows, table, title=title, notes=notes)
    # not a `logistics bench` command: name the module that wrote the tables
    md.write_text(md.read_text().replace(f"`logistics bench {suite}`", f"`{command}`"))
    print(md.read_text())


if __name__ == "__main__":
    main()
