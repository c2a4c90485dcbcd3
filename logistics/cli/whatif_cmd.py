"""``logistics whatif SCENARIO.yaml``: a network what-if, or a sweep over a grid of changes.

Ctrl-C ends the search: a scenario reports the best designs so far (``stopped``), a sweep
the points finished so far (``complete: false``), printed and written as usual; then
``stopped by Ctrl-C: ...`` on stderr and exit 130. A second Ctrl-C aborts at once
(``interrupted``, exit 130).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from logistics.cli.input_files import check_input_file
from logistics.cli.interrupt import exit_stopped, sigint_stops
from logistics.cli.output_paths import check_output_dir
from logistics.cli.time_limit import check_time_limit
from logistics.errors import InvalidValueError, LogisticsError
from logistics.printable import printable

__all__ = ["whatif"]


def whatif(
    scenario_file: Annotated[
        Path, typer.Argument(metavar="SCENARIO.yaml", help="Scenario YAML (or JSON) file.")
    ],
    out: Annotated[
        Path | None,
        typer.Option(help="Directory for the report (JSON) and, for sweeps, frontier CSV/MD/PNG."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler for sweeps, e.g. tcp://host:8786 (else LOGISTICS_DASK); "
            "a scenario without a sweep is solved locally (a warning says so)."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Local worker processes for sweeps (default: LOGISTICS_WORKERS, else all CPUs)."
        ),
    ] = None,
    time_limit: Annotated[
        float | None, typer.Option(help="Seconds per network solve (overrides the file).")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Progress bar while a sweep runs.")] = True,
) -> None:
    """Solve a scenario against its base network (or every point of its sweep) and report."""
    from logistics.jobs import get_executor
    from logistics.jobs.dask_backend import check_address
    from logistics.jobs.factory import DASK_ENV
    from logistics.whatif import format_report, load_scenario, run_scenario, run_sweep, write_sweep
    from logistics.whatif.loader import parse_scenario
    from logistics.whatif.output import output_files, write_report
    from logistics.whatif.report import proof_note

    if time_limit is not None:  # named as typed (the file's field is solver.time_limit_s)
        check_time_limit(time_limit)
    # bad values are refused whether or not the scenario has a sweep, before any work
    if workers is not None and workers < 1:
        raise InvalidValueError("workers", workers, "expected a positive integer")
    if dask is not None:
        check_address(dask, "dask")
    if workers is not None and (dask or os.environ.get(DASK_ENV, "").strip()):
        # the cluster's workers run the points: --workers did nothing
        raise InvalidValueError(
            "workers",
            workers,
            f"local worker processes; not with a Dask scheduler (--dask, {DASK_ENV})",
        )
    scenario = load_scenario(check_input_file("SCENARIO.yaml", scenario_file), "SCENARIO.yaml")
    if not scenario.sweep:  # one scenario is solved in this process: say the options do nothing
        given = [f"--{name}" for name, v in (("dask", dask), ("workers", workers)) if v is not None]
        if given:
            typer.echo(
                f"warning: {' and '.join(given)} only appl{'y' if len(given) > 1 else 'ies'} "
                f"to sweeps; "
                f"{scenario_file} has no sweep, so it is solved in this process",
                err=True,
            )
    if out is not None:  # before any work: writing only fails after the solves
        check_output_dir("out", out)
        for path in output_files(scenario.name, out, sweep=bool(scenario.sweep)):
            if path.is_dir():  # the files before it would be written, then this one fail
                raise InvalidValueError(
                    "out", str(out), f"holds a folder {path.name!r} where a report file goes"
                )
    if time_limit is not None:
        data = scenario.model_dump(mode="json")
        data["solver"]["time_limit_s"] = time_limit
        scenario = parse_scenario(data)
    if not scenario.sweep:
        # Ctrl-C: the solve running ends with its best design, reported; a second aborts
        with sigint_stops(keep_best=True) as ctrl_c:
            try:
                report = run_scenario(scenario, should_stop=ctrl_c)
            except LogisticsError as exc:
                if not ctrl_c():
                    raise
                exit_stopped(str(exc))
        if out is not None:
            write_report(report, out)
        if as_json:
            typer.echo(json.dumps(report.model_dump(mode="json")))
        else:
            typer.echo(format_report(report))
        if report.stopped:
            exit_stopped("the best designs so far are reported")
        return
    with sigint_stops(keep_best=True) as ctrl_c:
        ex = get_executor(dask, workers=workers)
        complete = False  # else the calls still running are given up (Ctrl-C, an error)
        try:
            sweep = run_sweep(
                scenario,
                executor=ex,
                show_progress=progress and not as_json,
                should_stop=ctrl_c,
            )
            complete = sweep.complete
        except LogisticsError as exc:
            if not ctrl_c():
                raise
            exit_stopped(str(exc))
        finally:
            ex.shutdown(wait=complete)
    written = write_sweep(sweep, out) if out is not None else []
    if as_json:
        data = sweep.model_dump(mode="json", exclude={"reports"})
        typer.echo(json.dumps(data))
        _stopped_sweep(sweep)
        return
    import pandas as pd

    b = sweep.base
    typer.echo(
        f"base: network cost {b.network_cost:,.2f}, same-day {100 * b.same_day_share:.1f}%, "
        f"next-day {100 * b.next_day_share:.1f}%, open {', '.join(map(printable, b.open_sites))}"
        + (f" ({note})" if (note := proof_note(b.status, b.gap)) else "")
    )
    if sweep.points:  # none when Ctrl-C stopped the sweep before any point finished
        typer.echo(_frontier_text(pd, sweep.table()))
    for point in sweep.points:
        if point.reason is not None:
            typer.echo(printable(f"point {point.index} ({point.status}): {point.reason}"))
    for path in written:
        typer.echo(f"wrote {path}")
    _stopped_sweep(sweep)


def _frontier_text(pd, rows: list[dict]) -> str:
    """The sweep's table as text: names and values :func:`printable` (a site id in a
    column name or a value), columns aligned by terminal cells (wide characters)."""
    rows = [
        {printable(k): printable(v) if isinstance(v, str) else v for k, v in row.items()}
        for row in rows
    ]
    with pd.option_context("display.unicode.east_asian_width", True):
        return pd.DataFrame(rows).convert_dtypes().to_string(index=False)


def _stopped_sweep(sweep) -> None:
    """Exit 130 after a sweep that Ctrl-C stopped, saying how far it got."""
    if not sweep.complete:
        exit_stopped(f"{len(sweep.points)} of {sweep.grid_size} points are reported")
