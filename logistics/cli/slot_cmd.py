"""``logistics slot plan`` and ``logistics slot moves``: slotting from a JSON problem.

The problem file (see ``examples/slotting/problem.json``)::

    {
      "layout": {...LAYOUT.json, e.g. {"regular": {...}}...},
      "skus": [{"id": "S1", "volume_cm3": 900, "weight_g": 1200, "class": "general",
                "family": "soap"}, ...],
      "history": [{"id": "o1", "time_s": 0, "skus": ["S1", "S7"]}, ...],
      "current": {"S1": "A00-L003-0", ...},
      "rules": {"heavy_weight_g": 15000, "heavy_max_level": 0,
                "apart": [["hazardous", "food"]], "families_together": true,
                "slot_types": {"pallet_goods": ["pallet"]}},
      "budget": {"max_moves": 40, "labour_minutes": 240, "minutes_per_move": 5}
    }

``plan`` slots every SKU from scratch and writes ``{"assignment": {sku: slot}, ...}``;
``moves`` writes the executable move list from ``current`` within the budget
(towards ``--target`` or towards a fresh ``best`` plan). Both judge plans by
simulated picking of the history (FCFS carts, exact picker routes); with
``--holdout`` the last part of the history is replayed instead.

Ctrl-C ends the search: the plan (or the moves chosen) so far is printed or written as
usual with ``"stopped": true``, then ``stopped by Ctrl-C: ...`` on stderr and exit 130. A
second Ctrl-C aborts at once (``interrupted``, exit 130).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from logistics.cli.input_files import check_input_file
from logistics.cli.interrupt import exit_stopped, sigint_stops
from logistics.cli.options import named_as_options
from logistics.cli.output_paths import IMAGE_SUFFIXES, check_not_an_input, check_output_file
from logistics.cli.time_bar import with_time_bar
from logistics.cli.time_limit import check_time_limit
from logistics.errors import InvalidValueError
from logistics.json_file import read_json
from logistics.matplotlib_extra import pyplot

if TYPE_CHECKING:
    from logistics.domain.layout import Slot, WarehouseLayout
    from logistics.domain.slotting import SlottingProblem
    from solvers.slotting.params import Progress as SlottingProgress

__all__ = ["app", "plan", "moves", "heatmap"]

app = typer.Typer(no_args_is_help=True, help="Slotting: where each SKU sits.")


def _load(path: Path) -> SlottingProblem:
    from logistics.domain.slotting import SlottingProblem

    return SlottingProblem.from_dict(read_json(path, "PROBLEM.json"))


def _check_outputs(
    out: Path | None, heatmap: Path | None, inputs: dict[str, Path | None]
) -> Path | None:
    """Fail before solving when an output cannot be written or would overwrite one of the
    ``inputs`` or the other output (nothing is written then); returns the heat map's path
    (``.png`` added when it has no suffix)."""
    if out is not None:
        check_output_file("out", out)
        check_not_an_input("out", out, inputs)
    if heatmap is None:
        return None
    heatmap = check_output_file("heatmap", heatmap, suffixes=IMAGE_SUFFIXES, default_suffix=".png")
    check_not_an_input("heatmap", heatmap, {**inputs, "--out": out})
    _require_matplotlib(heatmap)
    return heatmap


def _require_matplotlib(path: Path) -> None:
    """The heat map needs the ``viz`` extra: say so before solving and writing ``--out``."""
    pyplot("heatmap", str(path))


def _check_result(check: Any) -> None:
    """Exit 1 when the result failed its independent check (written, but not to be executed)."""
    if not check.ok:
        typer.echo(
            f"error: the result failed its independent check ({len(check.errors)} "
            f"violations, first: {check.errors[0]}); do not execute it",
            err=True,
        )
        raise typer.Exit(1)


def _emit(data: dict[str, Any], out: Path | None, summary: str) -> None:
    """JSON to stdout, or to ``out`` with a one-line ``summary`` on stderr."""
    text = json.dumps(data, indent=2)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n")
        typer.echo(f"wrote {out}: {summary}", err=True)


def _walking(p: SlottingProgress) -> str:
    return p.phase if p.best is None else f"{p.phase} {p.best / 1000:.1f} m"


def _pct(before: float, after: float) -> str:
    return f"{100 * (after - before) / before:+.1f}%" if before else "n/a"


def heatmap(
    problem: SlottingProblem,
    before: dict[str, str],
    after: dict[str, str],
    path: Path,
) -> None:
    """Image of picks per slot position (the history's velocity; the levels of one
    position add up) before and after, side by side, on one colour scale.

    Needs the ``viz`` extra (matplotlib).
    """
    plt = pyplot("heatmap", str(path))
    layout = problem.layout
    picks: dict[str, int] = {}
    for o in problem.history:
        for s in set(o.skus):
            picks[s] = picks.get(s, 0) + 1
    fig, axes = plt.subplots(1, 2, figsize=(12, 5), sharey=True)
    panels = []
    for assign in (before, after):
        per_point: dict[tuple[int, int], int] = {}
        for sku, slot_id in assign.items():
            key = _marker_xy(layout, layout.slot(slot_id))
            per_point[key] = per_point.get(key, 0) + picks.get(sku, 0)
        panels.append(per_point)
    slots_xy = [_marker_xy(layout, sl) for sl in layout.slots]
    vmax = max((v for pp in panels for v in pp.values()), default=1) or 1
    for ax, title, per_point in zip(axes, ("before", "after"), panels, strict=True):
        xs = [k[0] / 1000 for k in per_point]
        ys = [k[1] / 1000 for k in per_point]
        vs = [per_point[k] for k in per_point]
        sc = ax.scatter(xs, ys, c=vs, cmap="inferno_r", s=14, marker="s", vmin=0, vmax=vmax)
        ax.scatter(  # every slot position, on its side of the aisle like the picks
            [e[0] / 1000 for e in slots_xy], [e[1] / 1000 for e in slots_xy], c="0.9", s=4, zorder=0
        )
        ax.set_xlim((layout.aisle_x_mm[0] - 1500) / 1000, (layout.aisle_x_mm[-1] + 1500) / 1000)
        ax.set_ylim(-1.5, layout.cross_aisle_y_mm[-1] / 1000 + 0.5)
        dx, dy = layout.depot_xy_mm
        ax.plot([dx / 1000], [dy / 1000], "b^", markersize=10, label="depot")
        ax.set_title(f"picks per slot position, {title}")
        ax.set_xlabel("x (m)")
        ax.set_aspect("equal")
    axes[0].set_ylabel("y (m)")
    fig.colorbar(sc, ax=axes, label="picks in the history")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    typer.echo(f"wrote {path}", err=True)


def _marker_xy(layout: WarehouseLayout, slot: Slot) -> tuple[int, int]:
    """Where the heat map draws ``slot`` (mm): 0.4 m to its side of the aisle centre line."""
    x, y = layout.xy_mm(slot.point)
    return (x - 400 if slot.side.value == "left" else x + 400, y)


@app.command("plan")
def plan(
    problem_file: Path = typer.Argument(
        ..., metavar="PROBLEM.json", help="PROBLEM.json (examples/slotting/problem.json)"
    ),
    method: str = typer.Option("best", "--method", help="random, abc, coi, order_aware, best"),
    time_limit: float = typer.Option(10.0, "--time-limit", help="Search time limit (s)"),
    seed: int = typer.Option(0, "--seed"),
    orders_per_batch: int = typer.Option(4, "--orders-per-batch", help="Orders per cart"),
    holdout: float = typer.Option(
        0.0, "--holdout", help="Share of the latest history to replay instead of learn (0-0.9)"
    ),
    out: Path | None = typer.Option(None, "--out", help="Write the plan JSON here"),
    heatmap_png: Path | None = typer.Option(
        None, "--heatmap", help="Image (.png, .svg, .pdf): picks per slot position, before/after"
    ),
) -> None:
    """Slot every SKU from scratch (prints or writes the assignment as JSON)."""
    from logistics.domain.slotting import SlottingProblem
    from solvers.slotting import SlottingParams, replay, solve, split_history, validate

    check_time_limit(time_limit)
    with named_as_options(orders_per_batch="orders-per-batch"):  # before any work
        params = SlottingParams(
            method=method, time_limit_s=time_limit, seed=seed, orders_per_batch=orders_per_batch
        )
    if holdout and not 0 < holdout <= 0.9:  # nan too
        raise InvalidValueError("holdout", holdout, "a share in (0, 0.9]")
    check_input_file("PROBLEM.json", problem_file)
    heatmap_png = _check_outputs(out, heatmap_png, {"PROBLEM.json": problem_file})
    problem = _load(problem_file)
    learn, judge = problem.history, problem.history
    if holdout:
        if len(problem.history) < 2:  # was a "replay of 0 orders: 0.0 m" report
            raise InvalidValueError(
                "holdout",
                holdout,
                f"needs 2 orders or more; the history has {len(problem.history)}",
            )
        learn, judge = split_history(problem.history, 1 - holdout)
        problem = SlottingProblem(
            problem.layout, problem.skus, learn, problem.current, problem.rules, problem.budget
        )
    # Ctrl-C: the search ends with the plan built so far, shown; a second one aborts
    with sigint_stops(keep_best=True) as ctrl_c:
        res = with_time_bar(
            "slotting",
            time_limit,
            lambda cb: solve(problem, params, on_progress=cb, should_stop=ctrl_c),
            _walking,
        )
        stopped = ctrl_c()
    check = validate(problem, res)
    data: dict[str, Any] = {
        "method": res.method,
        "shape": res.shape,
        "simulated_walking_m": res.walking_mm / 1000,
        "feasible": check.ok,
        "errors": list(check.errors),
        "seconds": round(res.seconds, 3),
        "stopped": stopped,
        "assignment": res.assignment,
    }
    if res.candidates_mm:
        data["compared_m"] = {k: v / 1000 for k, v in res.candidates_mm.items()}
    if problem.current or holdout:
        rep_new = replay(problem.layout, res.assignment, judge, orders_per_batch)
        now_mm = None
        if problem.current:
            now_mm = replay(problem.layout, problem.current, judge, orders_per_batch).walking_mm
        data["replay"] = {
            "orders": rep_new.orders,
            "walking_current_m": None if now_mm is None else now_mm / 1000,
            "walking_plan_m": rep_new.walking_mm / 1000,
            "held_out": bool(holdout),
        }
    summary = (
        f"{res.method} ({res.shape}), simulated walking {data['simulated_walking_m']:.1f} m, "
        f"{'feasible' if check.ok else 'NOT feasible'}"
    )
    if "replay" in data:
        r = data["replay"]
        summary += f"; {'held-out' if holdout else 'history'} replay of {r['orders']} orders: "
        if r["walking_current_m"] is None:
            summary += f"{r['walking_plan_m']:.1f} m with the plan"
        else:
            summary += (
                f"{r['walking_current_m']:.1f} m now, {r['walking_plan_m']:.1f} m with the plan "
                f"({_pct(r['walking_current_m'], r['walking_plan_m'])})"
            )
    _emit(data, out, summary + _early(stopped))
    if heatmap_png is not None:
        heatmap(problem, dict(problem.current), res.assignment, heatmap_png)
    _check_result(check)
    if stopped:
        exit_stopped("the plan built so far is shown")


@app.command("moves")
def moves(
    problem_file: Path = typer.Argument(
        ..., metavar="PROBLEM.json", help="PROBLEM.json with 'current' and 'budget'"
    ),
    target: Path | None = typer.Option(
        None, "--target", help="Plan JSON from 'slot plan' to move towards (default: solve)"
    ),
    max_moves: int | None = typer.Option(None, "--max-moves", help="Overrides budget.max_moves"),
    labour_minutes: float | None = typer.Option(
        None, "--labour-minutes", help="Overrides budget.labour_minutes"
    ),
    swap_mode: str = typer.Option("declared", "--swap-mode", help="declared or via_free_slot"),
    time_limit: float = typer.Option(10.0, "--time-limit", help="Time limit (s) per phase"),
    seed: int = typer.Option(0, "--seed"),
    orders_per_batch: int = typer.Option(4, "--orders-per-batch", help="Orders per cart"),
    out: Path | None = typer.Option(None, "--out", help="Write the move list JSON here"),
    heatmap_png: Path | None = typer.Option(
        None, "--heatmap", help="Image (.png, .svg, .pdf): picks per slot position, before/after"
    ),
) -> None:
    """Re-slot: an executable move list, largest saving per move first, within the budget."""
    from logistics.domain.slotting import MoveBudget, SlottingProblem
    from solvers.slotting import SlottingParams, plan_moves, validate

    check_time_limit(time_limit)
    with named_as_options(  # before any work, named as typed (not budget.max_moves)
        max_moves="max-moves",
        labour_minutes="labour-minutes",
        orders_per_batch="orders-per-batch",
        swap_mode="swap-mode",
    ):
        MoveBudget(max_moves=max_moves, labour_minutes=labour_minutes)
        params = SlottingParams(
            time_limit_s=time_limit,
            seed=seed,
            orders_per_batch=orders_per_batch,
            swap_mode=swap_mode,
        )
    check_input_file("PROBLEM.json", problem_file)
    heatmap_png = _check_outputs(
        out, heatmap_png, {"PROBLEM.json": problem_file, "--target": target}
    )
    problem = _load(problem_file)
    b = problem.budget
    if max_moves is not None or labour_minutes is not None:
        budget = MoveBudget(
            max_moves=max_moves if max_moves is not None else b.max_moves,
            labour_minutes=labour_minutes if labour_minutes is not None else b.labour_minutes,
            minutes_per_move=b.minutes_per_move,
        )
        problem = SlottingProblem(
            problem.layout, problem.skus, problem.history, problem.current, problem.rules, budget
        )
    tgt = None
    if target is not None:
        check_input_file("target", target)
        data = read_json(target, "target")
        tgt = data.get("assignment") if isinstance(data, dict) else None
        if not isinstance(tgt, dict):
            raise InvalidValueError("target", str(target), "expected {'assignment': {sku: slot}}")
    # Ctrl-C: the choice ends with the moves chosen so far, shown; a second one aborts
    with sigint_stops(keep_best=True) as ctrl_c:
        res = with_time_bar(
            "re-slotting",
            time_limit,
            lambda cb: plan_moves(problem, params, tgt, on_progress=cb, should_stop=ctrl_c),
            _walking,
        )
        stopped = ctrl_c()
    check = validate(problem, res)
    before, after = res.walking_before_mm / 1000, res.walking_after_mm / 1000
    summary = (
        f"{len(res.moves)} moves ({res.labour_moves} moves of labour, {res.labour_minutes:g} "
        f"min), {res.skus_moved} SKUs moved; simulated walking {before:.1f} m now, "
        f"{after:.1f} m after ({_pct(before, after)}; full re-slot "
        f"{res.walking_target_mm / 1000:.1f} m), {'feasible' if check.ok else 'NOT feasible'}"
    )
    data = {**res.to_dict(), "feasible": check.ok, "errors": list(check.errors), "stopped": stopped}
    _emit(data, out, summary + _early(stopped))
    if res.target_violations:
        typer.echo(
            f"warning: the target breaks {_count(len(res.target_violations), 'rule')} (first: "
            f"{res.target_violations[0]}); the moves keep every rule, so they stop short of it",
            err=True,
        )
    if heatmap_png is not None:
        heatmap(problem, dict(problem.current), res.assignment, heatmap_png)
    _check_result(check)
    _warn_left(problem, res.assignment)
    if stopped:
        exit_stopped("the moves chosen so far are shown")


def _early(stopped: bool) -> str:
    """The summary's note on a search that Ctrl-C ended."""
    return "; stopped early by Ctrl-C" if stopped else ""


def _count(n: int, noun: str) -> str:
    """``1 rule``, ``2 rules``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _warn_left(problem: SlottingProblem, after: dict[str, str]) -> None:
    """Say so when rules the current assignment breaks are still broken after the moves
    (the check only answers for what the moves change)."""
    from logistics.domain.slotting import rule_violations

    left = rule_violations(problem, after, complete=False)
    if left:
        typer.echo(
            f"warning: {_count(len(left), 'rule violation')} of today's assignment "
            f"{'remains' if len(left) == 1 else 'remain'} after the moves (first: {left[0]})",
            err=True,
        )
