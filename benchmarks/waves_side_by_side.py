"""Wave selection (SBPO 2025, dataset A): two checkouts of the code side by side.

Solves every dataset A instance with the default ``method="auto"`` in each of two source
trees (``--before``, ``--after``: e.g. a ``git worktree`` of an older commit and this
one), in the same run, interleaved, two solves at a time, each in its own process.
Every wave is checked by that tree's ``validate()``; the table pairs objective
(units per aisle, maximised), proof and seconds per instance.

    git worktree add /tmp/before <commit>
    python -m benchmarks.waves_side_by_side --before /tmp/before --after . --time-limit 30

Writes ``benchmarks/results/waves_side_by_side_<limit>s.csv`` and ``.md``.
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
from logistics.paths import datasets_root

_ONE = (
    SECONDS_KEYWORD
    + r"""
import json, sys
from logistics.datasets.sbpo import load_sbpo_instance
from solvers.wave_selection import WaveSelectionParams, solve, validate
path, limit = sys.argv[1:3]
problem, reference = load_sbpo_instance(path)
result = solve(problem, WaveSelectionParams(**seconds(WaveSelectionParams, float(limit))))
check = validate(problem, result)
print(json.dumps(dict(
    feasible=check.feasible, objective=result.objective if check.feasible else None,
    optimal=result.optimal, seconds=round(result.elapsed, 2),
)))
"""
)


def _table(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame([r for r in rows if "error" not in r])
    wide = df.set_index(["instance", "tree"])[["objective", "optimal", "seconds"]]
    wide = wide.unstack("tree")
    wide.columns = [f"{value}_{tree}" for value, tree in wide.columns]
    wide = wide.reset_index()
    wide["objective_after_over_before"] = (
        wide["objective_after"] / wide["objective_before"]
    ).round(4)
    return wide


def main() -> None:
    args = tree_args(__doc__, 30.0)
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    folder = datasets_root() / "wave_picking_sbpo2025" / "instances" / "dataset_a"
    runs = [
        ({"instance": p.stem}, (str(p), str(args.time_limit)))
        for p in sorted(folder.glob("instance_*.txt"))
    ]
    rows = run_in_trees(trees, _ONE, runs)
    table = _table(rows)
    errors = [r for r in rows if "error" in r]
    ok = pd.DataFrame([r for r in rows if "error" not in r])
    per_tree = ok.groupby("tree").agg(
        proven=("optimal", "sum"), seconds=("seconds", "sum"), feasible=("feasible", "sum")
    )
    said = "; ".join(
        f"{t}: {int(r['feasible'])} feasible, {int(r['proven'])} proven optimal, "
        f"{r['seconds']:.0f} s in all"
        for t, r in per_tree.iterrows()
    )
    ratio = table["objective_after_over_before"]
    notes = (
        f'`method="auto"` (defaults), time limit {args.time_limit:g} s, two solves at a '
        f"time (CP-SAT 8 workers each on a shared 2-core machine). {said}. Objective "
        f"after / before: mean {ratio.mean():.4f}, min {ratio.min():.4f}, max "
        f"{ratio.max():.4f}. Failed solves: {len(errors)}.\n\n"
        f"Command: `{tree_command('waves_side_by_side', args)}`"
    )
    title = "Wave selection (SBPO dataset A), before and after"
    md = write_module_results("waves_side_by_side", args, rows, table, title=title, notes=notes)
    print(md.read_text())


if __name__ == "__main__":
    main()
