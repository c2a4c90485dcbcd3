"""Route planning at short time limits: two checkouts of ``backend="auto"`` side by side.

Solves every instance of a routing suite (default Solomon, 56) with
``solvers.routing.solve`` (``auto``, seed 1) in each of two source trees (``--before``,
``--after``), in the same run, two solves at a time, each in its own process
(:mod:`benchmarks.two_trees`); each plan is re-checked and costed as
``logistics bench routing`` does (``benchmarks.suites.routing``). ``cpu_s`` is the CPU
the solve got: on a loaded machine a 1 s limit buys a fraction of a CPU second.

    git worktree add /tmp/before <commit>
    python -m benchmarks.routing_short_limits --before /tmp/before --after . --time-limit 1

Writes ``benchmarks/results/routing_short_limits[_<label>]_<limit>s.csv`` and ``.md``.
"""

from __future__ import annotations

import pandas as pd

from benchmarks.two_trees import paired, run_in_trees, tree_args, write_module_results

_ONE = r"""
import json, sys, time
from benchmarks.suites.routing import _run_ours, _suites
suite, path, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
inst = _suites()[suite].reader(__import__("pathlib").Path(path))
cpu0 = time.process_time()
row = _run_ours(inst, "auto", limit, 1)
print(json.dumps(dict(
    cost=row["cost"], gap=row["gap"], feasible=row["feasible"], vehicles=row["vehicles"],
    bks_vehicles=row["bks_vehicles"], seconds=row["seconds"],
    cpu_s=round(time.process_time() - cpu0, 2),
)))
"""


def _options(ap) -> None:
    ap.add_argument("--suite", default="solomon", help="a `logistics bench routing` suite")
    ap.add_argument("--count", type=int, default=0, help="instances spread over the set (0: all)")


def main() -> None:
    from benchmarks.suites.routing import _suites, subset

    args = tree_args(__doc__, 1.0, _options)
    files = subset(_suites()[args.suite].files(), args.count or None)
    runs = [({"instance": f.stem}, (args.suite, str(f), str(args.time_limit))) for f in files]
    rows = run_in_trees({"before": args.before, "after": args.after}, _ONE, runs)
    ok = [r for r in rows if "error" not in r]
    table = paired(ok, ["instance"], "gap")  # instances without a BKS (no gap) drop out
    for col in ("vehicles", "cpu_s"):
        for tree in ("before", "after"):
            by_instance = {r["instance"]: r[col] for r in ok if r["tree"] == tree}
            table[f"{col}_{tree}"] = table["instance"].map(by_instance)
    summary = pd.DataFrame(
        [
            {
                "tree": tree,
                "instances": sum(r["tree"] == tree for r in rows),
                "feasible": sum(bool(r["tree"] == tree and r.get("feasible")) for r in rows),
                "mean_gap_%": table[tree].mean(),
                "worst_gap_%": table[tree].max(),
                "mean_cpu_s": table[f"cpu_s_{tree}"].mean(),
                "mean_vehicles": table[f"vehicles_{tree}"].mean(),
            }
            for tree in ("before", "after")
        ]
    ).round(3)
    diff = table["after_minus_before"]
    errors = [(r["tree"], r["instance"], r["error"]) for r in rows if "error" in r]
    command = (
        f"python -m benchmarks.routing_short_limits --before <tree> --after <tree> "
        f"--suite {args.suite} --time-limit {args.time_limit:g}"
        + (f" --count {args.count}" if args.count else "")
        + (f" --label {args.label}" if args.label else "")
    )
    notes = (
        f"Suite `{args.suite}`, {len(files)} instances, `auto` with seed 1, "
        f"{args.time_limit:g} s per solve, two solves at a time (before and after of one "
        f"instance together) on a shared 2-core machine. Gap after minus before (points): "
        f"mean {diff.mean():.3f}, {int((diff < 0).sum())} better, {int((diff > 0).sum())} "
        f"worse, {int((diff == 0).sum())} equal of {int(diff.notna().sum())} with a BKS. "
        f"Failed solves: {errors or 'none'}.\n\nPer instance (gap %):\n\n"
        f"{table.round(3).to_markdown(index=False)}\n\nCommand: `{command}`"
    )
    md = write_module_results(
        "routing_short_limits",
        args,
        rows,
        summary,
        title=f"Routing at short limits ({args.suite}), auto before and after",
        notes=notes,
    )
    print(md.read_text())


if __name__ == "__main__":
    main()
