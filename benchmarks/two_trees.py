"""Two checkouts of the code side by side: the same solves in each tree, in one run.

Each solve runs a script in its own process with ``PYTHONPATH`` set to one tree; the
script prints one JSON object as its last line. Jobs run two at a time, interleaved
between the trees, so both see the same machine load (2 noisy cores: compare the
trees' results within a run, not across runs).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.runner import write_results

__all__ = ["SECONDS_KEYWORD", "paired", "run_in_trees", "tree_args", "write_module_results"]

SECONDS_KEYWORD = r'''
from dataclasses import fields as _fields
def seconds(params_class, value):
    """``{keyword: value}``: ``time_limit_s``, or ``time_limit`` in a tree before the rename."""
    names = {f.name for f in _fields(params_class)}
    return {"time_limit_s" if "time_limit_s" in names else "time_limit": value}
'''
"""Prepended to a script that builds params: ``RoutingParams(**seconds(RoutingParams, 5))``
runs in both trees when only one has the renamed keyword."""


def tree_args(
    doc: str,
    default_limit: float,
    configure: Callable[[argparse.ArgumentParser], None] | None = None,
) -> argparse.Namespace:
    """The command line of a side-by-side bench: ``--before`` (required) and ``--after``
    source trees, ``--time-limit`` (s per solve; ``default_limit``) and ``--label`` (a
    name part for the result files, so a second comparison keeps the first's table);
    ``doc``'s first line is the description; ``configure`` adds a bench's own options."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    if configure is not None:
        configure(ap)
    ap.add_argument("--before", type=Path, required=True, help="source tree of the old code")
    ap.add_argument("--after", type=Path, default=Path("."), help="source tree of the new code")
    ap.add_argument("--time-limit", type=float, default=default_limit, help="seconds per solve")
    ap.add_argument("--label", help="name part of the result files (letters, digits, _)")
    args = ap.parse_args()
    if args.label is not None and not re.fullmatch(r"[A-Za-z0-9_]+", args.label):
        ap.error(f"--label {args.label!r}: use letters, digits and _ only")
    return args


def tree_command(module: str, args: argparse.Namespace) -> str:
    """The command line that made a side-by-side table (for its notes)."""
    label = "" if args.label is None else f" --label {args.label}"
    return (
        f"python -m benchmarks.{module} --before <tree> --after <tree> "
        f"--time-limit {args.time_limit:g}{label}"
    )


def _run(job: tuple[str, Path, str, dict[str, Any], tuple[str, ...]]) -> dict[str, Any]:
    tree, root, script, row, args = job
    env = {"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, cwd=root
    )
    row = {"tree": tree, **row}
    if out.returncode != 0:
        return {**row, "error": (out.stderr.strip().splitlines() or ["?"])[-1][:300]}
    return {**row, **json.loads(out.stdout.strip().splitlines()[-1])}


def run_in_trees(
    trees: dict[str, Path], script: str, runs: Sequence[tuple[dict[str, Any], tuple[str, ...]]]
) -> list[dict[str, Any]]:
    """``script`` once per run and tree: ``runs`` = (row keys, script arguments) pairs;
    each result row = ``tree``, the row keys and the script's JSON (or ``error``)."""
    jobs = [
        (tree, root.resolve(), script, row, args)
        for row, args in runs
        for tree, root in trees.items()
    ]
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(_run, jobs))


def paired(rows: Sequence[dict[str, Any]], keys: list[str], value: str = "cost") -> pd.DataFrame:
    """One row per run: ``value`` in each tree and ``after_minus_before``."""
    df = pd.DataFrame([r for r in rows if "error" not in r])
    wide = df.pivot_table(index=keys, columns="tree", values=value, aggfunc="first")
    wide = wide.reset_index()
    wide["after_minus_before"] = wide["after"] - wide["before"]
    return wide


def write_module_results(
    module: str,
    args: argparse.Namespace,
    rows: Sequence[dict[str, Any]],
    summary: pd.DataFrame,
    *,
    title: str,
    notes: str,
) -> Path:
    """``benchmarks/results/<module>[_<label>]_<limit>s.csv`` and ``.md`` (``args`` from
    :func:`tree_args`), the header naming the command ``python -m benchmarks.<module>``
    (not a ``logistics bench`` suite)."""
    limit, label = args.time_limit, args.label
    suite, budget = module if label is None else f"{module}_{label}", f"{limit:g}s"
    command = f"python -m benchmarks.{module} --time-limit {limit:g}" + (
        "" if label is None else f" --label {label}"
    )
    _csv, md = write_results(
        suite, budget, rows, summary, title=title, notes=notes, made_by=command
    )
    return md
