"""``logistics waves plan ORDERS.json --layout LAYOUT.json``.

Ctrl-C ends the search: the plan built so far (every order batched and scheduled) is
printed, drawn (``--plot``) and marked (``"stopped": true``), then ``stopped by Ctrl-C:
...`` on stderr and exit 130. A second Ctrl-C aborts at once (``interrupted``, exit 130).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import typer

from logistics.cli.input_files import check_input_file
from logistics.cli.interrupt import exit_stopped, sigint_stops
from logistics.cli.output_paths import IMAGE_SUFFIXES, check_output_file
from logistics.cli.seed_option import check_seed
from logistics.cli.time_bar import with_time_bar
from logistics.cli.time_limit import check_time_limit
from logistics.errors import InvalidValueError
from logistics.printable import cell_len, printable, rich_text

__all__ = ["plan"]


def _fmt_s(t: int | None) -> str:
    if t is None:
        return "-"
    return f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"


def plan(
    orders: Path = typer.Argument(
        ..., metavar="ORDERS.json", help="The orders (see examples/waves_orders.json)"
    ),
    layout: Path = typer.Option(..., "--layout", help="LAYOUT.json (see examples/layout.json)"),
    time_limit: float = typer.Option(10.0, "--time-limit", help="Search time limit (s)"),
    router: str = typer.Option("exact", "--router", help="exact, s_shape, largest_gap, ..."),
    seed: int = typer.Option(0, "--seed"),
    as_json: bool = typer.Option(False, "--json", help="Print the plan as one JSON object"),
    plot: Path | None = typer.Option(
        None, "--plot", help="Save an image (.png, .svg, .pdf, ...) of one batch's route"
    ),
    plot_batch: int = typer.Option(
        0, "--plot-batch", help="Which cart --plot draws (0-based, as the plan numbers them)"
    ),
) -> None:
    """Plan waves, carts and picker routes; without pickers, batches only."""
    from rich.console import Console

    from logistics.waves_json import (
        check_router,
        layout_from_json,
        orders_from_json,
        plan_to_dict,
        read_json,
        validation_to_dict,
        wave_problem_from_json,
    )
    from solvers.waves import BatchingParams, WaveParams, plan_waves, validate

    check_time_limit(time_limit, zero_ok=True)  # 0: the start batches, no search
    check_seed(seed)
    check_input_file("ORDERS.json", orders)
    check_input_file("layout", layout)
    if plot is not None:  # before any work: a bad name would only fail after the search
        plot = check_output_file("plot", plot, suffixes=IMAGE_SUFFIXES, default_suffix=".png")
    if plot_batch < 0:
        raise InvalidValueError("plot-batch", plot_batch, "0 or more (0 is the first cart)")
    if plot is None and plot_batch != 0:
        raise InvalidValueError("plot-batch", plot_batch, "only with --plot")
    lay = layout_from_json(read_json(layout, "layout"))
    parsed = orders_from_json(read_json(orders, "ORDERS.json"))
    # without pickers: batching only (one picker with an open-ended shift)
    wave_problem = wave_problem_from_json(lay, parsed)
    check_router(wave_problem.batching, router)
    if plot is not None:
        # the cart count is known only after the search, but every cart holds at least
        # one order (or one part of a split order): refuse what no plan can have now
        from solvers.waves.costs import make_units

        most = len(make_units(wave_problem.batching))
        if plot_batch >= most:
            raise InvalidValueError(
                "plot-batch", plot_batch, f"the plan has at most {most} carts{_numbers(most)}"
            )
    params = WaveParams(
        batching=BatchingParams(time_limit_s=time_limit, router=router, seed=seed),
        time_limit_s=time_limit,
    )
    t0 = time.perf_counter()
    # Ctrl-C: the search ends with the plan built so far, shown; a second one aborts
    with sigint_stops(keep_best=True) as ctrl_c:
        result = with_time_bar(
            "planning",
            time_limit,
            lambda cb: plan_waves(wave_problem, params, on_progress=cb, should_stop=ctrl_c),
            lambda p: p.phase if p.best is None else f"{p.best:.1f} m",
            enabled=not as_json,
        )
        stopped = ctrl_c()
    data = plan_to_dict(result, lay)
    data["validation"] = validation_to_dict(validate(wave_problem, result))
    data["stopped"] = stopped
    # fewer carts than the bound: the plan is still printed (the search is not lost),
    # then the error (exit 2) instead of the drawing
    drawn = plot is not None and plot_batch < len(result.batches)
    if drawn:
        from logistics.picking_plot import plot_route

        plot_route(lay, result.batches[plot_batch].batch.route, plot)
    if as_json:
        sys.stdout.write(json.dumps(data) + "\n")
        _check_drawn(plot, plot_batch, len(result.batches))
        _stopped(stopped)
        return
    out = Console(soft_wrap=True)  # piped: no line breaks inside a cart's line
    out.print(
        f"[bold]{_count(len(result.batches), 'cart')} in {_count(len(result.waves), 'wave')}[/], "
        f"walking {data['total_length_m']:.1f} m, makespan {_fmt_s(result.makespan_s)}, "
        f"planned in {time.perf_counter() - t0:.1f} s"
        + (" (stopped early by Ctrl-C)" if stopped else "")
    )
    for w in data["waves"]:
        out.print(
            f"\n[bold]wave {w['wave']}[/] cut-off {_fmt_s(w['cutoff_s'])}, "
            f"{_count(len(w['orders']), 'order')}"
        )
        for b in data["batches"]:
            if b["wave"] != w["wave"]:
                continue
            out.print(
                f"  cart {b['batch']}: {_cart_schedule(b)}, "
                f"{b['length_m']:.1f} m, orders {_ids(b['orders'])}"
            )
            for k, p in enumerate(b["picks"], start=1):
                out.print(
                    f"     {k:3d}. {_padded(p['slot'], 16)} x{p['quantity']:<3} "
                    f"for {_ids(p['orders'])}"
                )
    if data["late"]:
        stranded = any(x["late_by_s"] is None for x in data["late"])
        head = "orders missing their cut-off" + (" or not scheduled" if stranded else "")
        out.print(f"\n[bold red]{head}:[/]")
        for x in data["late"]:
            by = f"{x['late_by_s']} s late" if x["late_by_s"] is not None else "not scheduled"
            out.print(
                f"  {rich_text(x['order'])}: cut-off {_fmt_s(x['cutoff_s'])}, {by} "
                f"({rich_text(x['reason'])})"
            )
    else:
        out.print("\nevery order meets its cut-off")
    if drawn:
        out.print(f"route of cart {plot_batch} drawn in {plot}")
    _check_drawn(plot, plot_batch, len(result.batches))
    _stopped(stopped)


def _stopped(stopped: bool) -> None:
    """Exit 130 after a plan that Ctrl-C stopped (shown, not finished)."""
    if stopped:
        exit_stopped("the plan built so far is shown")


def _count(n: int, noun: str) -> str:
    """``1 cart``, ``8 carts``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _cart_schedule(batch: dict) -> str:
    """``picker ana 08:10:00-08:16:40``, or ``not scheduled`` for a cart no picker shift
    has room for (its orders are listed with the orders missing their cut-off, as not
    scheduled)."""
    if batch["picker"] is None:
        return "not scheduled"
    return (
        f"picker {rich_text(batch['picker'])} {_fmt_s(batch['start_s'])}-{_fmt_s(batch['end_s'])}"
    )


def _ids(ids: list[str]) -> str:
    """Order ids for Rich to print as written (:func:`rich_text`), comma-separated."""
    return ", ".join(rich_text(i) for i in ids)


def _padded(text: str, width: int) -> str:
    """``text`` for Rich (:func:`rich_text`), padded to ``width`` terminal cells as shown
    (a wide character takes two, a markup escape none)."""
    return rich_text(text) + " " * max(0, width - cell_len(printable(text)))


def _numbers(carts: int) -> str:
    return f": 0..{carts - 1}" if carts else ""


def _check_drawn(plot: Path | None, plot_batch: int, carts: int) -> None:
    """The error for a ``--plot-batch`` the plan turned out not to have (after its output)."""
    if plot is not None and plot_batch >= carts:
        sys.stdout.flush()
        raise InvalidValueError(
            "plot-batch", plot_batch, f"the plan has {carts} carts{_numbers(carts)}; nothing drawn"
        )
