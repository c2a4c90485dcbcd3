"""Single-source network design on the large OR-Library cases: two checkouts side by side.

Solves the 12 capacity cases of capa/capb/capc (100 sites x 1000 customers) with
``single_source=True`` in each of two source trees (``--before``, ``--after``: e.g. a
``git worktree`` of an older commit and this one), in the same run, two solves at a
time, each in its own process (:mod:`benchmarks.two_trees`). Every design is re-checked
by that tree's ``validate()``; ``gap`` is the solver's proven gap. OR-Library publishes
optima of the split model only (``bks``, a lower bound for single source).

    git worktree add /tmp/before <commit>
    python -m benchmarks.network_single_source --before /tmp/before --after . --time-limit 10

Writes ``benchmarks/results/network_single_source_<limit>s.csv`` and ``.md``.
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

_ONE = (
    SECONDS_KEYWORD
    + r"""
import json, sys
from logistics.datasets.orlib_cap import read_orlib_cap
from solvers.network import NetworkParams, solve, validate
path, capacity, limit = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
p = read_orlib_cap(path, capacity).problem
try:
    r = solve(p, NetworkParams(**seconds(NetworkParams, limit), single_source=True))
except Exception as exc:  # no design in time: a row, not a crash
    print(json.dumps(dict(cost=None, error_kind=type(exc).__name__)))
    raise SystemExit(0)
v = validate(p, r)
print(json.dumps(dict(
    cost=r.cost, bound=r.bound, gap_percent=round(100 * r.gap, 3), feasible=v.feasible,
    single=all(f == 1.0 for _j, _i, f in r.flows), open=len(r.open), method=r.method,
    seconds=round(r.seconds, 2),
)))
"""
)


def _runs(limit: float) -> list[tuple[dict, tuple[str, ...]]]:
    from logistics.datasets.orlib_cap import orlib_cap_cases

    return [
        (
            {"case": c.name, "bks_split": c.bks},
            (str(c.path), str(c.capacity), str(limit)),
        )
        for c in orlib_cap_cases()
        if c.capacity is not None
    ]


def main() -> None:
    args = tree_args(__doc__, 10.0)
    trees = {"before": args.before, "after": args.after}
    rows = run_in_trees(trees, _ONE, _runs(args.time_limit))
    solved = [r for r in rows if r.get("cost") is not None]
    table = paired(solved, ["case", "bks_split"])
    for tree in ("before", "after"):
        gaps = {r["case"]: r["gap_percent"] for r in solved if r["tree"] == tree}
        table[f"gap_{tree}_%"] = table["case"].map(gaps)
        table[f"over_split_opt_{tree}_%"] = (100 * (table[tree] / table["bks_split"] - 1)).round(3)
    ratio = table["after"] / table["before"]
    summary = pd.DataFrame(
        {
            "tree": ["before", "after"],
            "designs": [sum(r["tree"] == t for r in solved) for t in ("before", "after")],
            "feasible_single_source": [
                sum(bool(r["tree"] == t and r["feasible"] and r["single"]) for r in solved)
                for t in ("before", "after")
            ],
            "mean_gap_%": [table["gap_before_%"].mean(), table["gap_after_%"].mean()],
            "worst_gap_%": [table["gap_before_%"].max(), table["gap_after_%"].max()],
            "mean_over_split_opt_%": [
                table["over_split_opt_before_%"].mean(),
                table["over_split_opt_after_%"].mean(),
            ],
        }
    ).round(3)
    failed = [
        (r["tree"], r["case"], r.get("error_kind", r.get("error")))
        for r in rows
        if r.get("cost") is None
    ]
    notes = (
        f"Time limit {args.time_limit:g} s per solve, two solves at a time on a 2-core "
        f"machine. Cost after / before: mean {ratio.mean():.4f}, {int((ratio < 1).sum())} "
        f"cheaper, {int((ratio > 1).sum())} dearer of {len(table)}. Solves without a design "
        f"(or failed): {failed}."
        f" `over_split_opt` = cost over OR-Library's split optimum (a lower bound here); "
        f"`gap` = the solver's proven gap.\n\nPer case:\n\n{table.to_markdown(index=False)}\n\n"
        f"Command: `{tree_command('network_single_source', args)}`"
    )
    title = "Single-source network design (capa/capb/capc), before and after"
    md = write_module_results(
        "network_single_source", args, rows, summary, title=title, notes=notes
    )
    print(md.read_text())


if __name__ == "__main__":
    main()
