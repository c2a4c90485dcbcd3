"""``logistics bench routing``: our route planner against best-known solutions and peers.

Each instance is solved by our solver (``solvers.routing.solve``, default
backend ``auto``; more backends with ``--backends``) and by the peers
(``--peers pyvrp,vroom``), one after another, one thread each, same time budget.
Every plan is re-checked by ``solvers.routing.validate`` (``xxl``: by groups of
routes with ``solvers.routing.large.validate_large``, no full matrix), and its
distance is reported
in the set's own convention:

========== ======================================= =================================
suite      instances                               convention (BKS table)
========== ======================================= =================================
solomon    56 Solomon                              distance only, arcs truncated to
                                                   0.1 (DIMACS; LKH-3 table)
homberger200 / homberger400  54 / 60 Gehring-H.    hierarchical (vehicles, then exact
                                                   distance; SINTEF table)
x-spread   12 CVRPLIB X across sizes 100..1000     distance, arcs rounded (nint)
x-full     90 CVRPLIB X                            same
lilim      52 Li & Lim PDPTW                       hierarchical (SINTEF table)
xxl        10 XXL Belgium (3k..30k customers)      distance, nint
========== ======================================= =================================

``gap`` is ``100 (distance - bks) / bks`` for feasible plans (empty otherwise);
for hierarchical sets compare ``vehicles`` with ``bks_vehicles`` too.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
import typer

from benchmarks.runner import (
    BenchTask,
    check_name_part,
    gap_percent,
    run_suite,
    summarize,
    write_results,
)
from logistics.datasets.catalog import dataset, instance_files
from logistics.datasets.routing_instance import RoutingInstance, exact_distance

__all__ = [
    "SUITES",
    "X_SPREAD",
    "RoutingSuite",
    "register",
    "rewrite_summary",
    "run_routing",
    "subset",
    "without_bks_note",
]

X_SPREAD = (
    "X-n101-k25",
    "X-n143-k7",
    "X-n186-k15",
    "X-n228-k23",
    "X-n270-k35",
    "X-n308-k13",
    "X-n367-k17",
    "X-n449-k29",
    "X-n548-k50",
    "X-n670-k130",
    "X-n819-k171",
    "X-n1001-k43",
)
"""Twelve X instances evenly spread over the 90 by size (fixed so runs compare)."""


@dataclass(frozen=True)
class RoutingSuite:
    """A routing suite: data set, reader and which of its files."""

    name: str
    dataset: str
    reader: Callable[[Path], RoutingInstance]
    convention: str
    only: tuple[str, ...] = ()

    def files(self) -> list[Path]:
        files = instance_files(self.dataset)
        if self.only and files:  # no files at all: the data folder is missing
            by_stem = {f.stem: f for f in files}
            return [by_stem[s] for s in self.only]
        return files


def _readers():
    from logistics.datasets.cvrplib import read_cvrplib
    from logistics.datasets.lilim import read_lilim
    from logistics.datasets.vrptw import read_homberger, read_solomon

    return read_solomon, read_homberger, read_cvrplib, read_lilim


def _suites() -> dict[str, RoutingSuite]:
    read_solomon, read_homberger, read_cvrplib, read_lilim = _readers()
    hier = "hierarchical: vehicles, then full-precision distance (SINTEF BKS table)"
    return {
        "solomon": RoutingSuite(
            "solomon",
            "solomon_vrptw_100",
            read_solomon,
            "distance only, each arc truncated to 0.1 (DIMACS; LKH-3 BKS table)",
        ),
        "homberger200": RoutingSuite("homberger200", "gehring_homberger_200", read_homberger, hier),
        "homberger400": RoutingSuite("homberger400", "gehring_homberger_400", read_homberger, hier),
        "x-spread": RoutingSuite(
            "x-spread", "cvrplib_x", read_cvrplib, "distance, arcs rounded (nint)", X_SPREAD
        ),
        "x-full": RoutingSuite(
            "x-full", "cvrplib_x", read_cvrplib, "distance, arcs rounded (nint)"
        ),
        "lilim": RoutingSuite("lilim", "li_lim_pdptw_100", read_lilim, hier),
        "xxl": RoutingSuite("xxl", "cvrplib_xxl_belgium", read_cvrplib, "distance, nint"),
    }


SUITES = tuple(("solomon", "homberger200", "homberger400", "x-spread", "x-full", "lilim", "xxl"))


def subset(files: list[Path], count: int | None) -> list[Path]:
    """``count`` files evenly spread over the (sorted) list; all when ``None``."""
    if not count or count >= len(files):
        return files
    idx = np.unique(np.round(np.linspace(0, len(files) - 1, count)).astype(int))
    return [files[i] for i in idx]


def _row(
    inst: RoutingInstance,
    solver: str,
    seconds: float,
    routes: list[tuple[str, list[str]]],
    plan=None,
) -> dict[str, Any]:
    """One CSV row: the plan re-checked and costed in the set's convention."""
    from solvers.routing import validate
    from solvers.routing.large import plan_large, validate_large
    from solvers.routing.plan import plan_from_vehicle_routes

    p = inst.problem
    big = p.distance is None  # XXL: no full matrix, plans built and checked by groups
    detail = ""
    if plan is None:
        plan = plan_large(p, routes, []) if big else plan_from_vehicle_routes(p, routes)
    report = validate_large(p, plan) if big else validate(p, plan)
    feasible = report.feasible
    distance = report.distance
    vehicles = report.vehicles
    objective = report.cost / p.distance_scale
    if not feasible:
        detail = "; ".join(v.message for v in report.violations[:2])[:200]
    cost = distance / p.distance_scale
    if inst.convention == "exact" and not big:  # BKS in full precision, not summed hundredths
        cost = exact_distance(p, routes)
    bks = inst.bks.value if inst.bks else None
    gap = gap_percent(cost, bks) if feasible else None
    return {
        "instance": inst.name,
        "solver": solver,
        "seconds": round(seconds, 2),
        "vehicles": vehicles,
        "cost": round(cost, 2),
        "feasible": bool(feasible),
        "gap": None if gap is None else round(gap, 3) + 0.0,  # no -0.0 for a plan at the BKS
        "bks": bks,
        "bks_vehicles": inst.bks.vehicles if inst.bks else None,
        "objective": round(objective, 2),
        "detail": detail,
    }


def soft_windows_variant(inst: RoutingInstance) -> RoutingInstance:
    """The instance with every time window soft at 1 cost unit per time unit late.

    A rich-constraint variant PyVRP cannot model (``auto`` takes its warm-start
    path): it compares OR-Tools alone with PyVRP-then-OR-Tools on the same
    objective.
    """
    from dataclasses import replace

    p = inst.problem
    stops = tuple(
        replace(s, soft_windows=True, lateness_cost_per_s=1) if s.time_windows else s
        for s in p.stops
    )
    return replace(inst, problem=replace(p, stops=stops, name=p.name))


def _run_ours(inst: RoutingInstance, backend: str, time_limit_s: float, seed: int) -> dict:
    from solvers.routing import RoutingParams, solve

    t0 = time.perf_counter()
    plan = solve(inst.problem, RoutingParams(time_limit_s=time_limit_s, backend=backend, seed=seed))
    seconds = time.perf_counter() - t0
    routes = [(r.vehicle_id, r.stop_ids) for r in plan.routes]
    row = _row(inst, f"logistics:{backend}", seconds, routes, plan)
    if plan.unassigned:
        row["feasible"] = False
        row["gap"] = None
        row["detail"] = (row["detail"] + f" {len(plan.unassigned)} unassigned").strip()
    return row


def _run_peer(inst: RoutingInstance, peer: str, time_limit_s: float, seed: int) -> dict:
    from benchmarks.peers import PEERS

    run = PEERS[peer](inst.problem, time_limit_s, seed=seed)
    row = _row(inst, peer, run.seconds, run.routes)
    if run.unserved:
        row["feasible"] = False
        row["gap"] = None
        row["detail"] = (row["detail"] + f" {len(run.unserved)} unserved").strip()
    return row


def without_bks_note(rows: list[dict[str, Any]]) -> str:
    """A sentence naming the instances run that have no BKS (their ``gap`` is empty, so
    the mean and worst gap are over the others); ``""`` when every one has a BKS."""
    missing = sorted(
        {r["instance"] for r in rows if "bks" in r and (r["bks"] is None or r["bks"] != r["bks"])}
    )
    if not missing:
        return ""
    return (
        f" No BKS for {', '.join(missing)} (see the set's PROVENANCE): `gap` empty, "
        "mean and worst gap over the other instances."
    )


def _summary(rows: list[dict[str, Any]]) -> pd.DataFrame:
    base = summarize(rows)
    if base.empty:
        return base
    df = pd.DataFrame(rows)
    if "variant" in df and "objective" in df:
        obj = pd.to_numeric(df["objective"], errors="coerce").where(df["feasible"].astype(bool))
        base["mean_objective"] = base["solver"].map(obj.groupby(df["solver"]).mean().round(2))
    if "cpu_seconds" in df:
        cpu = pd.to_numeric(df["cpu_seconds"], errors="coerce")
        base["mean_cpu_s"] = base["solver"].map(cpu.groupby(df["solver"]).mean().round(2))
    if "vehicles" in df:
        veh = pd.to_numeric(df["vehicles"], errors="coerce")
        base["mean_vehicles"] = base["solver"].map(veh.groupby(df["solver"]).mean().round(2))
        if "bks_vehicles" in df and df["bks_vehicles"].notna().any():
            extra = veh - pd.to_numeric(df["bks_vehicles"], errors="coerce")
            base["vehicles_over_bks"] = base["solver"].map(
                extra.groupby(df["solver"]).mean().round(2)
            )
            # hierarchical sets: the distance gap where the vehicle count matches the BKS
            same = (extra == 0) & df["feasible"].astype(bool)
            gap = pd.to_numeric(df["gap"], errors="coerce").where(same)
            base["at_bks_vehicles"] = base["solver"].map(same.groupby(df["solver"]).sum())
            base["gap_at_bks_vehicles_%"] = base["solver"].map(
                gap.groupby(df["solver"]).mean().round(3)
            )
    return base


def rewrite_summary(csv_path: Path) -> Path:
    """Re-write the Markdown summary of a finished run from its CSV (same notes)."""
    md_path = csv_path.with_suffix(".md")
    rows = pd.read_csv(csv_path).to_dict("records")
    old = md_path.read_text().splitlines() if md_path.exists() else []
    notes = [ln for ln in old if ln.startswith("Suite `")]
    stem = csv_path.stem
    suite, budget = stem.rsplit("_", 1)
    title = old[0].lstrip("# ").rsplit(" (", 1)[0] if old else suite
    write_results(
        suite,
        budget,
        rows,
        _summary(rows),
        title=title,
        notes="\n".join(notes),
        directory=csv_path.parent,
    )
    return md_path


def run_routing(
    suite: str,
    time_limit_s: float,
    peers: list[str],
    backends: list[str],
    *,
    count: int | None = None,
    seed: int = 1,
    tag: str = "",
    show_progress: bool = True,
    directory: Path | None = None,
    variant: str = "",
):
    """Run a routing suite and write ``routing_<suite>[_tag]_<S>s.csv`` and ``.md``;
    ``count`` instances of the set's M write ``..._<S>s_<count>ofM.*``."""
    spec = _suites()[suite]
    whole_set = spec.files()
    files = subset(whole_set, count)
    cache: dict[Path, RoutingInstance] = {}

    def load(path: Path) -> RoutingInstance:
        if path not in cache:
            cache.clear()  # one instance in memory at a time (XXL)
            inst = spec.reader(path)
            if variant == "soft-windows":
                inst = soft_windows_variant(inst)
            cache[path] = inst
        return cache[path]

    solvers = [f"logistics:{b}" for b in backends] + list(peers)
    tasks = [BenchTask(f.stem, s, f) for f in files for s in solvers]

    done: list[dict[str, Any]] = []

    def run_one(task: BenchTask):
        inst = load(task.payload)
        cpu0 = time.process_time()
        if task.solver.startswith("logistics:"):
            row = _run_ours(inst, task.solver.split(":", 1)[1], time_limit_s, seed)
        else:
            row = _run_peer(inst, task.solver, time_limit_s, seed)
        # CPU seconds the solve (and the re-check) got: on a shared machine the wall
        # budget buys less than a full core; compare solvers within one run.
        row["cpu_seconds"] = round(time.process_time() - cpu0, 2)
        row["load_avg"] = round(os.getloadavg()[0], 1)
        if variant:
            row["variant"] = variant
        done.append(row)
        return [row]

    budget = f"{time_limit_s:g}s"
    if len(files) < len(whole_set):  # a spread subset never replaces the whole suite's table
        budget += f"_{len(files)}of{len(whole_set)}"
    name = f"routing_{suite.replace('-', '_')}" + (f"_{tag}" if tag else "")
    if variant:
        name += "_" + variant.replace("-", "_")
    notes = (
        f"Suite `{suite}`: {len(files)} instances of `{spec.dataset}`; "
        f"{time_limit_s:g} s per instance and solver, one thread each, run one after another "
        f"on a shared machine (above). Convention: {spec.convention}. `gap` = 100 (cost - BKS) "
        "/ BKS on feasible plans; feasibility re-checked by `solvers.routing.validate`"
        + (" (XXL: coverage and capacity checked directly)." if suite == "xxl" else ".")
        + f" Solvers: {', '.join(solvers)} (seed {seed})."
        + (
            " Variant `soft-windows`: every window soft, lateness 1 per time unit late; "
            "`objective` (distance + lateness) is what counts, `gap` is on distance only."
            if variant == "soft-windows"
            else ""
        )
    )
    return run_suite(
        name,
        budget,
        tasks,
        run_one,
        title=f"Routing benchmark: {suite}",
        notes=lambda _summary_table: notes + without_bks_note(done),
        summarize_by=_summary,
        show_progress=show_progress,
        directory=directory,
    )


def register(app: typer.Typer) -> None:
    """Add ``logistics bench routing``."""

    @app.command("routing")
    def routing_cmd(
        suite: Annotated[str, typer.Option(help=f"One of: {', '.join(SUITES)}.")],
        time_limit: Annotated[float, typer.Option(help="Seconds per instance and solver.")] = 5.0,
        peers: Annotated[str, typer.Option(help="Comma-separated: pyvrp,vroom (or '').")] = "",
        backends: Annotated[
            str, typer.Option(help="Our backends to run, comma-separated (auto,ortools,pyvrp).")
        ] = "auto",
        count: Annotated[
            int,
            typer.Option(
                help="Run only this many instances, spread over the set (0 = all); "
                "the files get _<N>of<M>."
            ),
        ] = 0,
        seed: Annotated[int, typer.Option(help="Seed for every solver.")] = 1,
        tag: Annotated[str, typer.Option(help="Suffix for the result file names.")] = "",
        variant: Annotated[
            str, typer.Option(help="'' or soft-windows (every window soft, lateness cost).")
        ] = "",
    ) -> None:
        """Route planning against BKS and peers (PyVRP, VROOM) on public VRP sets."""
        from benchmarks.peers import PEER_PACKAGES, peer_is_installed
        from logistics.cli.seed_option import check_seed
        from logistics.cli.time_limit import check_time_limit
        from logistics.errors import InvalidValueError

        if suite not in SUITES:
            raise InvalidValueError("suite", suite, f"one of {', '.join(SUITES)}")
        peer_list = [p.strip() for p in peers.split(",") if p.strip()]
        for p in peer_list:
            if p not in ("pyvrp", "vroom"):
                raise InvalidValueError("peers", p, "pyvrp or vroom")
            if not peer_is_installed(p):
                raise InvalidValueError(
                    "peers", p, f"not installed (pip install {PEER_PACKAGES[p][1]})"
                )
        backend_list = [b.strip() for b in backends.split(",") if b.strip()]
        for b in backend_list:
            if b not in ("auto", "ortools", "pyvrp"):
                raise InvalidValueError("backends", b, "auto, ortools or pyvrp")
        check_time_limit(time_limit)
        check_seed(seed)  # else every solve failed on it: a table of errors, exit 0
        if variant not in ("", "soft-windows"):
            raise InvalidValueError("variant", variant, "'' or soft-windows")
        if count < 0:
            raise InvalidValueError("count", count, "expected an integer >= 0 (0 = all)")
        if not backend_list and not peer_list:
            raise InvalidValueError("backends", backends, "at least one backend or --peers to run")
        if tag:
            check_name_part("tag", tag)
        spec = _suites()[suite]
        if not spec.files():
            raise InvalidValueError(
                "suite", suite, f"no instance files under {dataset(spec.dataset).folder}"
            )
        result = run_routing(
            suite,
            time_limit,
            peer_list,
            backend_list,
            count=count or None,
            seed=seed,
            tag=tag,
            variant=variant,
        )
        typer.echo(result.summary.to_markdown(index=False))
        typer.echo(f"wrote {result.csv_path} and {result.md_path}")
