"""OR-Tools' LP scheduling on or off: two checkouts of the code side by side.

Solves problems with breaks, gaps between windows and soft windows in each of two source
trees (``--before``, ``--after``: e.g. a ``git worktree`` of an older commit and this
one), in the same run, two solves at a time, each in its own process
(:mod:`benchmarks.two_trees`). Every plan is costed by that tree's ``validate()``;
``lp_scheduling`` records what the tree's OR-Tools did. Problems, all seeded:

- Solomon R101/R105/RC101/RC105/C101/C105, varied (``random.Random(7)`` picks the split
  windows, ``random.Random(3)`` the soft ones):

  - ``split``: half of the customers' windows ``[a, b]`` become their first and last
    third, ``[a, a + w]`` and ``[b - w, b]`` with ``w = (b - a) // 3`` (a gap between
    them); Solomon's distance objective. ``split_duty``: the same plus one cost unit per
    second on duty, so the schedule is charged (every variant below has it too).
  - ``breaks``: every van takes a break of 1/20 of the horizon, starting between 1/3 and
    1/2 of it. ``breaks_soft05`` / ``breaks_soft50``: also 5% / 50% of the windows soft
    (their end halved, one cost unit per second late). ``soft``: every window soft that
    way, no breaks.
- ``rio``: the example day ``examples/routing/rio_day.json`` (real Rio de Janeiro
  coordinates; two stops open 08:00-10:00 and 16:00-18:00; lunch breaks; cost per hour).
- ``day``: the synthetic Rio days of ``logistics demo`` (``generate_day(seed=1..3,
  n_orders=200)``), each warehouse's deliveries (``delivery_problem``: 21-110 stops, vans
  with a lunch break); instance ``<warehouse>/<day seed>``.

    git worktree add /tmp/before <commit>
    python -m benchmarks.routing_lp_scheduling --before /tmp/before --after . --time-limit 2

Writes ``benchmarks/results/routing_lp_scheduling_<limit>s.csv`` and ``.md``.
"""

from __future__ import annotations

import pandas as pd

from benchmarks.two_trees import (
    SECONDS_KEYWORD,
    paired,
    run_in_trees,
    tree_args,
    tree_command,
    write_module_results,
)

INSTANCES = ("R101", "R105", "RC101", "RC105", "C101", "C105")
RUNS = (
    ("ortools", (0,), "split"),
    ("ortools", (0,), "split_duty"),
    ("auto", (1,), "split_duty"),
    ("ortools", (0,), "breaks"),
    ("ortools", (0,), "breaks_soft05"),
    ("ortools", (0,), "breaks_soft50"),
    ("ortools", (0,), "soft"),
)
"""(backend, seeds, variant) per Solomon instance; ``rio`` runs ortools and auto, seed 0."""
DAY_WAREHOUSES = ("FC-NORTE", "FC-OESTE", "FWD-MEIER", "FWD-BARRA")
DAY_SEEDS = (1, 2, 3)
"""``day``: every warehouse of every day, ortools, seed 0; auto too on the first day."""

_ONE = (
    SECONDS_KEYWORD
    + r"""
import json, random, sys
from dataclasses import replace
from pathlib import Path
from logistics.datasets.vrptw import read_solomon
from logistics.domain import Break, TimeWindow
from logistics.paths import datasets_root
from logistics.routing_json import problem_from_json
from solvers.routing import RoutingParams, solve, validate
inst, backend, seed, variant, limit = sys.argv[1:6]
if variant == "rio":
    p = problem_from_json(json.loads(Path("examples/routing/rio_day.json").read_text())).problem
elif variant == "day":
    from logistics.synthetic.day import generate_day
    from logistics.synthetic.routing import delivery_problem
    warehouse, day_seed = inst.split("/")
    p = delivery_problem(generate_day(seed=int(day_seed), n_orders=200), warehouse)
else:
    path = datasets_root() / "solomon_vrptw_100" / "instances" / f"{inst}.txt"
    p = read_solomon(path).problem
    h = p.vehicles[0].shift.end
    soft = {"breaks_soft05": 0.05, "breaks_soft50": 0.5, "soft": 1.0}.get(variant, 0.0)
    rnd_split, rnd_soft = random.Random(7), random.Random(3)
    stops = []
    for s in p.stops:
        (w,) = s.time_windows
        if variant.startswith("split"):
            third = (w.end - w.start) // 3
            if rnd_split.random() < 0.5 and third >= 2:
                s = replace(s, time_windows=(
                    TimeWindow(w.start, w.start + third), TimeWindow(w.end - third, w.end)))
        elif rnd_soft.random() < soft:
            w = TimeWindow(w.start, max(w.start, w.end - (w.end - w.start) // 2))
            s = replace(s, soft_windows=True, lateness_cost_per_s=1, time_windows=(w,))
        stops.append(s)
    p = replace(p, stops=tuple(stops))
    if variant.startswith("breaks"):
        brk = (Break(TimeWindow(h // 3, h // 2), h // 20),)
        p = replace(p, vehicles=tuple(replace(v, breaks=brk) for v in p.vehicles))
    if variant != "split":
        p = replace(p, objective=replace(p.objective, duration_per_s=1))
params = RoutingParams(backend=backend, seed=int(seed), **seconds(RoutingParams, float(limit)))
plan = solve(p, params)
rep = validate(p, plan)
print(json.dumps(dict(
    feasible=rep.feasible, unserved=len(plan.unassigned), cost=rep.cost,
    distance=rep.distance, vehicles=rep.vehicles,
    lp_scheduling=plan.extras.get("lp_scheduling", ""),
)))
"""
)


def _runs(limit: float) -> list[tuple[dict, tuple[str, ...]]]:
    jobs = [
        (inst, backend, seed, variant)
        for inst in INSTANCES
        for backend, seeds, variant in RUNS
        for seed in seeds
    ]
    jobs += [("rio", backend, 0, "rio") for backend in ("ortools", "auto")]
    for d in DAY_SEEDS:
        backends = ("ortools", "auto") if d == DAY_SEEDS[0] else ("ortools",)
        jobs += [(f"{w}/{d}", b, 0, "day") for w in DAY_WAREHOUSES for b in backends]
    return [
        ({"instance": i, "backend": b, "seed": s, "variant": v}, (i, b, str(s), v, str(limit)))
        for i, b, s, v in jobs
    ]


def _by_variant(table: pd.DataFrame) -> pd.DataFrame:
    t = table.assign(ratio=table["after"] / table["before"])
    g = t.groupby("variant")
    return pd.DataFrame(
        {
            "runs": g.size(),
            "cheaper": g["after_minus_before"].apply(lambda d: int((d < 0).sum())),
            "dearer": g["after_minus_before"].apply(lambda d: int((d > 0).sum())),
            "mean_after_over_before": g["ratio"].mean().round(4),
            "min_ratio": g["ratio"].min().round(4),
            "max_ratio": g["ratio"].max().round(4),
        }
    ).reset_index()


def main() -> None:
    args = tree_args(__doc__, 2.0)
    trees = {"before": args.before, "after": args.after}
    rows = run_in_trees(trees, _ONE, _runs(args.time_limit))
    table = paired(rows, ["instance", "backend", "variant", "seed"])
    lp = pd.DataFrame([r for r in rows if r.get("tree") == "after" and "error" not in r])
    table = table.merge(
        lp[["instance", "backend", "variant", "seed", "lp_scheduling", "unserved"]],
        on=["instance", "backend", "variant", "seed"],
    )
    ok = pd.DataFrame([r for r in rows if "error" not in r])
    infeasible = ok.groupby("tree")["feasible"].apply(lambda s: int((~s).sum())).to_dict()
    unserved = ok.groupby("tree")["unserved"].sum().to_dict()
    errors = [r for r in rows if "error" in r]
    summary = _by_variant(table)
    notes = (
        f"Cost by each tree's `validate()`, time limit {args.time_limit:g} s, two solves at "
        f"a time. Infeasible plans: {infeasible}; stops left unserved: {unserved}. Failed "
        f"solves: {len(errors)}.\n\n"
        f"Per run:\n\n{table.to_markdown(index=False)}\n\n"
        f"Command: `{tree_command('routing_lp_scheduling', args)}`"
    )
    title = "OR-Tools' LP scheduling: breaks, window gaps, soft windows, before and after"
    md = write_module_results(
        "routing_lp_scheduling", args, rows, summary, title=title, notes=notes
    )
    print(md.read_text())


if __name__ == "__main__":
    main()
