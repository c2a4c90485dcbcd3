"""The one loop every benchmark suite uses.

A suite is a list of :class:`BenchTask` (an instance and what to run on it) and
a function that runs one task and returns result rows. :func:`run_suite` runs the
tasks one at a time (so each solver gets the same core budget), shows progress,
and writes ``<suite>_<budget>.csv`` plus a Markdown summary under
``benchmarks/results/``.
"""

from __future__ import annotations

import math
import os
import platform
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from benchmarks.command_line import invoked_bench_command
from logistics.errors import InvalidValueError, one_of
from logistics.paths import results_root

__all__ = [
    "BenchTask",
    "SuiteResult",
    "run_suite",
    "summarize",
    "write_results",
    "gap_percent",
    "without_negative_zero",
    "check_name_part",
    "check_choice",
    "machine_line",
]

_NAME_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def check_name_part(option: str, value: str) -> str:
    """``value`` if it can be a part of a result file's name (letters, digits, ``. - _``,
    not starting with a dot or dash).

    Raises
    ------
    InvalidValueError
        Naming ``option``: ``../x`` or ``a/b`` would write outside ``benchmarks/results``
        (or fail after the whole run).
    """
    if not _NAME_PART.fullmatch(value):
        raise InvalidValueError(
            option, value, "a name part of the result files: letters, digits, . - _"
        )
    return value


@dataclass(frozen=True)
class BenchTask:
    """One unit of work: ``instance`` for ``solver`` with ``payload`` (suite specific)."""

    instance: str
    solver: str
    payload: Any = None


@dataclass
class SuiteResult:
    """Rows of one run, and where they were written."""

    rows: list[dict[str, Any]]
    csv_path: Path
    md_path: Path
    summary: pd.DataFrame = field(default_factory=pd.DataFrame)


def check_choice(option: str, value: str, choices: Sequence[str]) -> str:
    """``value`` if it is one of ``choices``.

    Raises
    ------
    InvalidValueError
        Naming ``option`` and ``value`` (``error: budget='fast': one of 'quick', 'full'``).
    """
    if value not in choices:
        raise InvalidValueError(option, value, one_of(choices))
    return value


def gap_percent(cost: float | None, best_known: float | None) -> float | None:
    """``100 * (cost - bks) / bks``; ``None`` when either is unknown."""
    if cost is None or best_known is None or best_known == 0 or math.isnan(best_known):
        return None
    return 100.0 * (cost - best_known) / best_known


def without_negative_zero(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every ``-0.0`` shown as ``0.0``: a mean of tiny negative gaps rounds
    to ``-0.0``, which a printed table should not show. Apply it to a table to be printed."""
    floats = table.select_dtypes("float").columns
    if len(floats) == 0:
        return table
    out = table.copy()
    out[floats] = out[floats] + 0.0  # -0.0 + 0.0 == +0.0; NaN stays NaN
    return out


def summarize(
    rows: Sequence[dict[str, Any]],
    by: str = "solver",
    gap: str = "gap",
    seconds: str = "seconds",
    feasible: str = "feasible",
) -> pd.DataFrame:
    """Per ``by`` group: instances, failed runs (``errors``, when a row has an ``error``),
    feasible count, mean and worst gap (over the rows that have one), mean seconds."""
    df = pd.DataFrame(list(rows))
    if df.empty:
        return df
    out = pd.DataFrame({"instances": df.groupby(by).size()})
    if "error" in df:  # a crashed run has no gap: say so, not a mean over fewer instances
        out["errors"] = df["error"].notna().groupby(df[by]).sum().astype(int)
    if feasible in df:
        out["feasible"] = df.groupby(by)[feasible].sum().astype(int)
    if gap in df:
        g = pd.to_numeric(df[gap], errors="coerce")
        out["mean_gap_%"] = g.groupby(df[by]).mean().round(3)
        out["worst_gap_%"] = g.groupby(df[by]).max().round(3)
    if seconds in df:
        out["mean_seconds"] = df.groupby(by)[seconds].mean().round(3)
    return out.reset_index()


def machine_line() -> str:
    """The machine a table was made on, as measured now: CPUs this process may use, the
    load average (other work shares them), Python and the platform."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return (
        f"{cpus} CPUs{load}; Python {platform.python_version()} on "
        f"{platform.system()} {platform.machine()}"
    )


def write_results(
    suite: str,
    budget: str,
    rows: Sequence[dict[str, Any]],
    summary: pd.DataFrame,
    *,
    title: str = "",
    notes: str = "",
    directory: Path | None = None,
    command: str = "",
    made_by: str | None = None,
) -> tuple[Path, Path]:
    """Write ``<suite>_<budget>.csv`` (all rows) and ``.md`` (summary + notes).

    The header names the command line that made the files: the ``logistics bench ...``
    line this process was started with (:func:`~benchmarks.command_line.invoked_bench_command`),
    else ``made_by`` (a bench module's own command line), else ``logistics bench <command>``
    (default ``suite``)."""
    directory = directory or results_root()
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"{suite}_{budget}"
    csv_path = directory / f"{stem}.csv"
    md_path = directory / f"{stem}.md"
    csv_text = pd.DataFrame(list(rows)).to_csv(index=False)
    lines = [f"# {title or suite} ({budget})", ""]
    made_by = invoked_bench_command() or made_by or f"logistics bench {command or suite}"
    lines.append(f"Written {time.strftime('%Y-%m-%dT%H:%M:%S%z')} by `{made_by}`.")
    lines.append(f"Machine: {machine_line()}.")
    lines.append("")
    if not summary.empty:
        lines.append(without_negative_zero(summary).to_markdown(index=False))
        lines.append("")
    if notes:
        lines.append(notes.strip())
        lines.append("")
    lines.append(f"All rows: `{csv_path.name}`.")
    _replace_together({csv_path: csv_text, md_path: "\n".join(lines) + "\n"})
    return csv_path, md_path


def _replace_together(texts: dict[Path, str]) -> None:
    """Write every file beside its target first, then put them in place: an error or a
    Ctrl-C while writing leaves the previous tables whole (never a new CSV beside the old
    summary, or a half-written file)."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in texts.items():
            tmp = path.with_name(f".{path.name}.writing")
            staged.append((tmp, path))
            tmp.write_text(text)
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _path in staged:
            tmp.unlink(missing_ok=True)


def run_suite(
    suite: str,
    budget: str,
    tasks: Iterable[BenchTask],
    run_one: Callable[[BenchTask], Iterable[dict[str, Any]]],
    *,
    title: str = "",
    notes: str | Callable[[pd.DataFrame], str] = "",
    summarize_by: Callable[[list[dict[str, Any]]], pd.DataFrame] = summarize,
    directory: Path | None = None,
    show_progress: bool = True,
    command: str = "",
    made_by: str | None = None,
) -> SuiteResult:
    """Run every task one after another and write the suite's tables.

    Parameters
    ----------
    suite, budget
        Name parts of the result files, e.g. ``"routing_solomon"``, ``"5s"``.
    tasks
        Work items; each is run once, in order.
    run_one
        Runs one task and returns its rows (dicts with at least ``instance``
        and ``solver``). An exception is recorded as a row with ``error``.
    notes
        Markdown appended under the summary (or a function of the summary).
    command
        The ``logistics bench`` command line named in the results header, when it is
        not ``suite`` itself.
    made_by
        The whole command line named in the header of a table a bench module writes
        (:func:`~benchmarks.command_line.module_command`).
    """
    directory = directory or results_root()  # a file in the way is an error before the run
    tasks = list(tasks)
    rows: list[dict[str, Any]] = []
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        disable=not show_progress,
    ) as progress:
        bar = progress.add_task(suite, total=len(tasks), current="")
        for task in tasks:
            progress.update(bar, current=f"{task.instance} / {task.solver}")
            try:
                rows.extend(run_one(task))
            except Exception as exc:  # a failing instance is a result, not a crash
                rows.append(
                    {"instance": task.instance, "solver": task.solver, "error": repr(exc)[:300]}
                )
            progress.advance(bar)
    summary = without_negative_zero(summarize_by(rows))
    note_text = notes(summary) if callable(notes) else notes
    csv_path, md_path = write_results(
        suite,
        budget,
        rows,
        summary,
        title=title,
        notes=note_text,
        directory=directory,
        command=command,
        made_by=made_by,
    )
    return SuiteResult(rows=rows, csv_path=csv_path, md_path=md_path, summary=summary)
