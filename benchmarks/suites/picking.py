"""``logistics bench picking``: picker routing and order batching.

Part ``router`` (synthetic pick lists, seeded):
  * exact DP time on single- and two-block layouts with 30 aisles, 10-100 picks;
  * OR-Tools TSP on the layout graph against the exact DP on three-block layouts;
  * the heuristics against exact on a Henn-style layout (10 aisles x 90 slots,
    depot front left), 5-60 picks: the known pattern (largest gap close to
    optimal on small lists, S-shape on large ones).

Part ``batching`` (datasets/order_batching_obp, plus one synthetic 600-order day):
  first-come-first-served with S-shape routing (the baseline), FCFS / seed /
  savings with exact routing, and our ALNS (exact routes in the loop), all in
  the same run; saving in walking distance against FCFS + S-shape, per class.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

import pandas as pd
import typer

from benchmarks.runner import BenchTask, check_choice, run_suite
from logistics.datasets.catalog import require_datasets
from logistics.datasets.order_batching import ObpInstance, obp_instances, read_obp_instance
from logistics.domain.layout import WarehouseLayout
from logistics.domain.picking import PickLine, PickOrder
from solvers.picking import RouteParams, route, route_length_mm
from solvers.waves import (
    BatchingParams,
    BatchingProblem,
    CartCapacity,
    solve_batching,
    validate_batching,
)
from solvers.waves.construct import fcfs_batches, savings_batches, seed_batches
from solvers.waves.costs import BatchCoster, make_units

HEURISTICS = ("s_shape", "return", "midpoint", "largest_gap", "combined")


# ------------------------------------------------------------------ router part
def _lists(layout: WarehouseLayout, n: int, count: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    ids = layout.slot_ids()
    return [rng.sample(ids, n) for _ in range(count)]


def _router_tasks(budget: str) -> list[BenchTask]:
    reps = 5 if budget == "quick" else 20
    tasks = []
    for kind in ("single", "two"):
        for n in (10, 30, 60, 100):
            tasks.append(BenchTask(f"{kind}-block-30x30/{n}", "exact_timing", (kind, n, reps)))
    for n in (8, 15) if budget == "quick" else (8, 15, 25, 40):
        tasks.append(BenchTask(f"three-block-12x10/{n}", "tsp_vs_exact", (n, reps)))
    for n in (5, 10, 20, 30, 45, 60):
        tasks.append(BenchTask(f"henn-10x45/{n}", "heuristics_vs_exact", (n, reps * 5)))
    return tasks


def _run_router(task: BenchTask) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if task.solver == "exact_timing":
        kind, n, reps = task.payload
        build = WarehouseLayout.single_block if kind == "single" else WarehouseLayout.two_block
        layout = build(aisles=30, slots_per_side=30, depot="center")
        route(layout, layout.slot_ids()[:3])  # warm the transition cache
        times = []
        for picks in _lists(layout, n, reps, seed=n):
            t = time.perf_counter()
            route_length_mm(layout, picks)
            times.append(1000 * (time.perf_counter() - t))
        t = time.perf_counter()
        for picks in _lists(layout, n, reps, seed=n):
            route(layout, picks)
        full_ms = 1000 * (time.perf_counter() - t) / reps
        rows.append({
            "instance": task.instance, "solver": "exact", "picks": n, "lists": reps,
            "length_ms_mean": round(statistics.mean(times), 3),
            "length_ms_max": round(max(times), 3), "route_ms_mean": round(full_ms, 3),
        })  # fmt: skip
    elif task.solver == "tsp_vs_exact":
        n, reps = task.payload
        layout = WarehouseLayout.multi_block(aisles=12, blocks=3, slots_per_side=10, depot="center")
        gaps = []
        for picks in _lists(layout, n, reps, seed=100 + n):
            exact = route(layout, picks, "exact").length_mm
            tsp = route(layout, picks, "tsp", RouteParams(time_limit_s=1.0)).length_mm
            gaps.append(100.0 * (tsp - exact) / exact)
        rows.append({
            "instance": task.instance, "solver": "tsp_1s", "picks": n, "lists": reps,
            "gap_mean_%": round(statistics.mean(gaps), 3), "gap_max_%": round(max(gaps), 3),
        })  # fmt: skip
    else:
        n, reps = task.payload
        layout = WarehouseLayout.single_block(
            aisles=10, slots_per_side=45, rack_depth_m=1.5, depot="left", depot_offset_m=1.0
        )
        lists = _lists(layout, n, reps, seed=200 + n)
        exact = [route_length_mm(layout, p) for p in lists]
        for h in HEURISTICS:
            lengths = [route_length_mm(layout, p, h) for p in lists]
            rows.append({
                "instance": task.instance, "solver": h, "picks": n, "lists": reps,
                "gap_mean_%": round(statistics.mean(
                    100.0 * (a - b) / b for a, b in zip(lengths, exact, strict=True)), 3),
            })  # fmt: skip
    return rows


def _router_summary(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    cols = [
        c
        for c in ("instance", "solver", "picks", "length_ms_mean", "length_ms_max",
                  "route_ms_mean", "gap_mean_%", "gap_max_%", "error")
        if c in df
    ]  # fmt: skip
    return df[cols]


# ---------------------------------------------------------------- batching part
def _cart(inst: ObpInstance) -> CartCapacity:
    if inst.capacity_kind == "items":
        return CartCapacity(items=inst.capacity)
    return CartCapacity(weight_g=inst.capacity)


def synthetic_day(n_orders: int = 600, seed: int = 0) -> ObpInstance:
    """A Henn-style warehouse with ``n_orders`` ABC-skewed orders, cart of 45 items."""
    layout = WarehouseLayout.single_block(
        aisles=10, slots_per_side=45, rack_depth_m=1.5, depot="left", depot_offset_m=1.0,
        name="synthetic-henn",
    )  # fmt: skip
    rng = random.Random(seed)
    by_aisle: dict[int, list[str]] = {}
    for s in layout.slots:
        by_aisle.setdefault(s.aisle, []).append(s.id)
    weights = [0.52 if a == 0 else 0.12 if a <= 3 else 0.02 for a in range(10)]
    orders = []
    for k in range(n_orders):
        n = max(1, min(25, int(rng.gauss(10, 3))))
        lines = {}
        for _ in range(n):
            a = rng.choices(range(10), weights=weights)[0]
            sid = rng.choice(by_aisle[a])
            lines[sid] = lines.get(sid, 0) + 1
        orders.append(PickOrder(str(k), tuple(PickLine(s, q) for s, q in lines.items())))
    return ObpInstance(
        name=f"synthetic/{n_orders}", family="synthetic", instance_class="S600", layout=layout,
        orders=tuple(orders), capacity=45, capacity_kind="items", path=None,  # type: ignore[arg-type]
    )  # fmt: skip


def _batching_tasks(budget: str) -> list[BenchTask]:
    files = obp_instances()
    picked = []
    for f in files:
        cls = "W5B" if "henn_W5B" in f.parts else ("W5A" if "henn_W5A" in f.parts else "alb")
        if budget == "quick":
            keep = (
                cls == "alb" and f.parent.name in ("50", "150") and f.name.endswith("_000.txt")
            ) or (cls == "W5A" and f.parent.name == "abc1" and f.name.startswith(("29s", "72s")))
        else:
            keep = (
                (cls == "alb" and f.name.endswith(("_000.txt", "_060.txt")))
                or cls == "W5A"
                or (cls == "W5B" and f.stem.endswith("-0"))
            )
        if keep:
            picked.append(BenchTask(str(f), "all", None))
    picked.append(BenchTask("synthetic/600", "all", None))
    return picked


def _limit(n_orders: int, budget: str) -> float:
    if n_orders >= 600:
        return 55.0
    per = 0.02 if budget == "quick" else 0.04
    return max(2.0, min(20.0, per * n_orders))


def _run_batching(task: BenchTask, budget: str) -> list[dict[str, Any]]:
    inst = (
        synthetic_day()
        if task.instance.startswith("synthetic")
        else read_obp_instance(task.instance)
    )
    cart = _cart(inst)
    prob = BatchingProblem(inst.layout, inst.orders, cart)
    units = make_units(prob)
    base = {
        "instance": inst.name, "class": inst.instance_class, "orders": len(inst.orders),
        "capacity": inst.capacity,
    }  # fmt: skip
    rows = []
    s_cost = BatchCoster(inst.layout, units, "s_shape")
    x_cost = BatchCoster(inst.layout, units, "exact")
    t = time.perf_counter()
    fc = fcfs_batches(units, cart)
    ref = sum(s_cost.length(frozenset(b)) for b in fc)
    rows.append({**base, "solver": "fcfs+s_shape", "length_m": ref / 1000,
                 "batches": len(fc), "seconds": time.perf_counter() - t})  # fmt: skip
    for name, make in (
        ("fcfs+exact", lambda: fc),
        ("seed+exact", lambda: seed_batches(units, cart, inst.layout)),
        ("savings+exact", lambda: savings_batches(units, cart, x_cost)),
    ):
        t = time.perf_counter()
        bs = make()
        length = sum(x_cost.length(frozenset(b)) for b in bs)
        rows.append({**base, "solver": name, "length_m": length / 1000, "batches": len(bs),
                     "seconds": time.perf_counter() - t})  # fmt: skip
    limit = _limit(len(inst.orders), budget)
    res = solve_batching(prob, BatchingParams(time_limit_s=limit, seed=0))
    check = validate_batching(prob, res)
    rows.append({**base, "solver": "alns+exact", "length_m": res.total_length_mm / 1000,
                 "batches": len(res.batches), "seconds": res.seconds, "time_limit_s": limit,
                 "iterations": res.iterations, "feasible": check.ok})  # fmt: skip
    for r in rows:
        r.setdefault("feasible", True)
        saving = round(100.0 * (1 - r["length_m"] * 1000 / ref), 3)
        r["saving_vs_fcfs_s_%"] = saving if r["feasible"] else None  # never averaged in
        r["seconds"] = round(r["seconds"], 3)
    return rows


def _batching_summary(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    if df.empty or "saving_vs_fcfs_s_%" not in df:
        return df
    if "error" not in df:
        df["error"] = None
    df["feasible"] = df["feasible"].eq(True)  # a crashed row (NaN) is not feasible
    out = df.groupby("solver").agg(
        instances=("instance", "count"),
        errors=("error", "count"),
        feasible=("feasible", "sum"),
        mean_saving_pct=("saving_vs_fcfs_s_%", "mean"),
        worst_saving_pct=("saving_vs_fcfs_s_%", "min"),
        mean_seconds=("seconds", "mean"),
        max_seconds=("seconds", "max"),
    )
    order = ["fcfs+s_shape", "fcfs+exact", "seed+exact", "savings+exact", "alns+exact"]
    # a crashed instance's row (solver "all", no saving) is kept, not dropped
    order += sorted(set(out.index) - set(order))
    out = out.reindex([o for o in order if o in out.index]).round(2).reset_index()
    return out


def _class_table(rows: list[dict[str, Any]]) -> str:
    df = pd.DataFrame(rows)
    if df.empty or "class" not in df:
        return ""
    piv = df.pivot_table(
        index="class", columns="solver", values="saving_vs_fcfs_s_%", aggfunc="mean"
    )
    cols = [c for c in ("fcfs+exact", "seed+exact", "savings+exact", "alns+exact") if c in piv]
    n = df[df.solver == "alns+exact"].groupby("class").size().rename("instances")
    table = piv[cols].round(2).join(n)
    return (
        "Mean saving in walking distance against FCFS + S-shape, per instance class (%):\n\n"
        + table.reset_index().to_markdown(index=False)
    )


# ----------------------------------------------------------------------- command
def register(app: typer.Typer) -> None:
    @app.command("picking")
    def picking(
        budget: str = typer.Option("quick", help="quick (development subset) or full"),
        part: str = typer.Option("all", help="router, batching or all"),
    ) -> None:
        """Picker routing (exact vs heuristics vs TSP) and order batching (vs FCFS + S-shape)."""
        check_choice("budget", budget, ("quick", "full"))
        if part not in ("router", "batching", "all"):
            from logistics.errors import InvalidValueError

            raise InvalidValueError("part", part, "one of 'router', 'batching', 'all'")
        if part in ("batching", "all"):
            require_datasets("order_batching_obp")
        if part in ("router", "all"):
            res = run_suite(
                "picking_router", budget, _router_tasks(budget), _run_router,
                title="Picker routing: exact DP timing, TSP and heuristic gaps",
                summarize_by=_router_summary,
                notes=(
                    "Times are wall-clock on a shared machine (above), per pick list. "
                    "Gaps are in % over the exact route on the same lists. Henn-style layout: "
                    "10 aisles, 45 slots per side, 5 m aisle pitch, depot front left."
                ),
            )  # fmt: skip
            typer.echo(res.summary.to_string(index=False))
        if part in ("batching", "all"):
            rows_holder: list[dict[str, Any]] = []

            def run(task: BenchTask) -> list[dict[str, Any]]:
                out = _run_batching(task, budget)
                rows_holder.extend(out)
                return out

            res = run_suite(
                "picking_batching", budget, _batching_tasks(budget), run,
                title="Order batching: walking distance against FCFS + S-shape",
                summarize_by=_batching_summary,
                notes=lambda _s: _class_table(rows_holder) + (
                    "\n\nAll solvers in the same run. ALNS time limit: 0.04 s per order "
                    "(2-20 s; 55 s for the synthetic 600-order day); the quick budget halves the "
                    "per-order rate (0.02 s). "
                    "`feasible` = independent re-check by `validate_batching`."
                ),
            )  # fmt: skip
            typer.echo(res.summary.to_string(index=False))
