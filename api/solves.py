"""What the job workers run: route plans, waves, scenarios and slotting from their JSON requests.

Each function is called in a worker process as ``fn(request, report,
should_stop) -> result`` (see :mod:`api.job_runner`). They parse the request
with the same readers as the CLI, call the real solver with a progress
callback, and return JSON-ready results. ``check_*`` functions parse and
validate a request without solving (``?validate_only=true``).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from logistics.ctrl_c import raised_by_ctrl_c
from logistics.errors import InvalidValueError, quoted
from solvers.progress import Progress

__all__ = [
    "solve_route_plan",
    "route_plan_searches",
    "check_route_plan",
    "solve_waves",
    "check_waves",
    "solve_scenario",
    "check_scenario",
]

Report = Callable[..., None]


def _routing_doc(request: dict[str, Any]):
    """The request's routing document; its vehicles' dispatched stops checked drivable
    (a 422 naming ``problem.vehicles[i].dispatched`` at submission, not a failed job)."""
    from logistics.routing_json import problem_from_json
    from solvers.routing.dispatched import check_dispatched

    try:
        doc = problem_from_json(request["problem"])
        check_dispatched(doc.problem, format_time=doc.to_time)
    except InvalidValueError as exc:
        raise exc.prefixed("problem") from None
    return doc


def check_route_plan(request: dict[str, Any]) -> dict[str, Any]:
    """Parse the routing problem (names the bad field); no solve."""
    doc = _routing_doc(request)
    p = doc.problem
    return {
        "valid": True,
        "depots": len(p.depots),
        "stops": len(p.stops),
        "vehicles": len(p.vehicles),
        "time_origin": doc.origin.isoformat(),
    }


def _map_html(doc, plan) -> str | None:
    try:
        from logistics.cli.route_map import write_route_map

        with tempfile.TemporaryDirectory() as tmp:
            path = write_route_map(doc.problem, plan, Path(tmp) / "map.html", doc.origin)
            return path.read_text(encoding="utf-8")
    except ImportError as exc:  # folium is the optional "viz" extra
        if raised_by_ctrl_c(exc):  # Ctrl-C broke the import: not "not installed"
            raise
        return None


def _render(doc, plan, *, final: bool) -> dict[str, Any]:
    from logistics.routing_json import plan_to_geojson, plan_to_json
    from solvers.routing import validate

    report = validate(doc.problem, plan)
    out = {
        "plan": plan_to_json(plan, doc.problem, doc.origin),
        "geojson": plan_to_geojson(plan, doc.problem, doc.origin),
        "validation": {
            "feasible": report.feasible,
            "violations": [str(v) for v in report.violations][:50],
        },
        "final": final,
    }
    if final:
        out["html"] = _map_html(doc, plan)
    return out


def _better(a, b):
    """The plan serving more required stops, then the cheaper one (``a`` on a tie)."""
    return a if a.ranking_key <= b.ranking_key else b


def solve_route_plan(
    request: dict[str, Any], report: Report, should_stop: Callable[[], bool]
) -> dict[str, Any]:
    """Plan delivery routes with :func:`solvers.routing.solve`: the two searches of
    :func:`route_plan_searches` (a short first search, then the main search warm-started
    from its best routes), each better plan rendered and stored as the best so far.

    A cancel stops the search and keeps the best plan found, rendered with its map like
    a finished one; the store marks it ``"final": false`` (state ``cancelled``).
    """
    doc = _routing_doc(request)

    def report_plan(progress: dict[str, Any], plan=None) -> None:
        if plan is None:
            report(progress)
        else:
            report(progress, _render(doc, plan, final=False))

    final = route_plan_searches(
        doc.problem,
        float(request.get("time_limit_s", 10.0)),
        int(request.get("seed", 0)),
        report=report_plan,
        should_stop=should_stop,
    )
    return _render(doc, final, final=True)


def route_plan_searches(
    problem,
    limit: float,
    seed: int = 0,
    *,
    report: Callable[..., None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    warm_start: bool | None = None,
):
    """The route-plan job's search: a short first search, then the main search from its
    best routes; returns the final :class:`~solvers.routing.RoutePlan`.

    With ``limit >= 3`` s a first search (10% of the budget, so a dispatcher sees a plan
    early) and then the main search (the rest of the time limit), warm-started from the
    best plan stored so far (``initial_routes`` of :func:`solvers.routing.solve`), so the
    first search's time is not lost, when ``auto`` runs PyVRP or OR-Tools alone
    (:func:`~solvers.routing.portfolio.choose_path` ``pyvrp`` or ``ortools``). That plan is
    a plan of the same problem; only a feasible one (:func:`~solvers.routing.validate`)
    is used, and an engine that cannot start from it (OR-Tools rejects routes breaking
    a constraint) starts from scratch: the job never fails for it. The main search starts
    afresh on the soft-window path (``warm_start``: PyVRP on the tightened problem, then
    OR-Tools), where a warm start measured worse than a fresh search, and on the
    >1,000-stop path, which takes no warm start (``benchmarks/results/routing_warm_job_*``).
    ``warm_start``: ``None`` (the job) as just said, ``True`` always from the first
    search's best (unless >1,000 stops), ``False`` never (the benchmark's two arms).

    While either search runs, the engine hands over its best routes at most once a
    second; each set that beats the stored plan (more required stops served, then
    cheaper) becomes a plan (:func:`~solvers.routing.plan.build_plan`: OR-Tools' own
    schedule, PyVRP's routes scheduled greedily) and is stored as the best plan so far:
    ``report(progress, plan)``; other progress is ``report(progress)``. Progress:
    ``phase`` (``first search`` | ``main search``), ``best_objective`` (the best engine
    objective of the job so far: never rises), ``search_objective`` (the running
    search's own best; warm-started, the main search begins at the first search's
    best), ``plan_cost`` and ``plans`` (cost and count of the plans stored). The final
    plan is the better of the two searches' plans, never worse than one already stored.
    A true ``should_stop`` stops the search; the best plan found is returned.
    """
    from solvers.routing import RouteSpec, RoutingParams, build_plan, solve, validate
    from solvers.routing.portfolio import choose_path

    report = report or (lambda *_a: None)
    stop = should_stop or (lambda: False)
    t0 = time.monotonic()
    # the >1,000-stop path reports the cost of the regions planned so far: it grows
    path = choose_path(problem)
    partial = path == "large"
    if warm_start is None:
        warm_start = path in ("pyvrp", "ortools")  # measured: see the docstring
    phase = "first search" if limit >= 3.0 else "main search"
    best = None  # the plan stored as the best so far
    best_objective: int | None = None
    plans = 0

    def progress(**extra: Any) -> dict[str, Any]:
        out = {"phase": phase, "best_objective": best_objective, "time_limit_s": limit}
        out.update(plan_cost=None if best is None else best.summary.cost, plans=plans)
        return {**out, **extra}

    def on_progress(p: Progress) -> None:
        nonlocal best_objective
        value = int(p.best)  # routing reports only once it has a solution
        if partial:
            report(progress(regions_cost=value))
            return
        if best_objective is None or value < best_objective:
            best_objective = value
        report(progress(search_objective=value))

    def offer(plan) -> None:
        """Store ``plan`` as the best so far if it beats the stored one. A plan with no
        route (a search that found no solution in its time) is not stored: it has
        nothing to dispatch and it is not feasible."""
        nonlocal best, plans
        if not plan.routes:
            return
        if best is not None and plan.ranking_key >= best.ranking_key:
            return
        best, plans = plan, plans + 1
        report(progress(), plan)

    def on_routes(routes: list[RouteSpec]) -> None:
        offer(build_plan(problem, routes, backend="in progress"))

    first = None
    if limit >= 3.0:
        first = solve(
            problem,
            RoutingParams(time_limit_s=max(0.5, 0.1 * limit), seed=seed),
            on_progress,
            should_stop=stop,
            on_routes=on_routes,
        )
        offer(first)
        if stop():
            return first if best is None else best
    phase = "main search"
    warm = None
    if warm_start and best and best.routes and not partial and validate(problem, best).feasible:
        warm = [(r.vehicle_id, r.stop_ids) for r in best.routes]
    remaining = max(0.5, limit - (time.monotonic() - t0))
    plan = solve(
        problem,
        RoutingParams(time_limit_s=remaining, seed=seed),
        on_progress,
        should_stop=stop,
        on_routes=on_routes,
        initial_routes=warm,
    )
    final = plan if first is None else _better(plan, first)
    # never worse than a plan a dispatcher has already read (on a tie: the engine's)
    return final if best is None else _better(final, best)


def _wave_problem(request: dict[str, Any]):
    """Layout and :class:`~solvers.waves.WaveProblem` of a waves request; every error names
    the field by its path in the request body (``layout.regular.aisles``,
    ``orders.orders[2].cutoff_s``), including the checks made when the problem is built."""
    from logistics.waves_json import (
        check_router,
        layout_from_json,
        orders_from_json,
        wave_problem_from_json,
    )

    layout = layout_from_json(request["layout"])  # names its fields under "layout"
    try:
        parsed = orders_from_json(request["orders"])
        wp = wave_problem_from_json(layout, parsed)
    except InvalidValueError as exc:
        raise exc.prefixed("orders") from None
    check_router(wp.batching, request.get("router", "exact"))
    return layout, wp


def check_waves(request: dict[str, Any]) -> dict[str, Any]:
    """Parse layout and orders (names the bad field); no solve."""
    _layout, wp = _wave_problem(request)
    return {
        "valid": True,
        "orders": len(wp.batching.orders),
        "pickers": len(wp.pickers),
    }


def solve_waves(
    request: dict[str, Any], report: Report, should_stop: Callable[[], bool]
) -> dict[str, Any]:
    """Batch orders onto carts and release them in waves (:func:`solvers.waves.plan_waves`),
    with the independent check (:func:`solvers.waves.validate`) as ``validation``.

    A cancel ends the search; the plan built so far is kept."""
    from logistics.waves_json import plan_to_dict, validation_to_dict
    from solvers.waves import BatchingParams, WaveParams, plan_waves, validate

    layout, wp = _wave_problem(request)
    limit = float(request.get("time_limit_s", 10.0))
    params = WaveParams(
        batching=BatchingParams(
            time_limit_s=limit,
            router=request.get("router", "exact"),
            seed=int(request.get("seed", 0)),
        ),
        time_limit_s=limit,
    )

    def on_progress(p: Progress) -> None:
        report(
            {
                "phase": p.phase,
                "best_walking_m": None if p.best is None else round(float(p.best), 1),
                "time_limit_s": limit,
            }
        )

    plan = plan_waves(wp, params, on_progress=on_progress, should_stop=should_stop)
    return {
        "plan": plan_to_dict(plan, layout),
        "validation": validation_to_dict(validate(wp, plan)),
        "final": True,
    }


def _scenario(request: dict[str, Any]):
    from logistics.whatif import parse_scenario

    try:
        return parse_scenario(request["scenario"])
    except InvalidValueError as exc:
        raise exc.prefixed("scenario") from None


def check_scenario(request: dict[str, Any]) -> dict[str, Any]:
    """Parse the scenario and build (never solve) every network the job would solve: the
    base and the scenario, or every sweep point. Names the bad field (unknown site or
    region, duplicate ids, too little capacity, a point out of reach...)."""
    from logistics.whatif import check_scenario as check

    scenario = _scenario(request)
    try:
        return check(scenario)
    except InvalidValueError as exc:
        raise exc.prefixed("scenario") from None


def solve_scenario(
    request: dict[str, Any], report: Report, should_stop: Callable[[], bool]
) -> dict[str, Any]:
    """Solve a network what-if scenario and its base (:func:`logistics.whatif.run_scenario`:
    a cancel ends each solve left with its best design so far, within about a second),
    or, with a ``sweep``, every grid point in turn (:func:`logistics.whatif.run_sweep_sequential`:
    progress and the sweep so far after each point; a cancel stops between points and keeps
    the points solved)."""
    from logistics.whatif import run_scenario, run_sweep_sequential

    scenario = _scenario(request)
    if not scenario.sweep:
        report({"phase": "solving scenario and base"})
        result = run_scenario(scenario, should_stop=should_stop)
        return {"report": result.model_dump(mode="json"), "final": True}

    def on_point(done: int, total: int, so_far) -> None:  # noqa: ANN001
        report(
            {"phase": "sweep", "solved": done, "total": total},
            {"sweep": so_far.model_dump(mode="json"), "final": False},
        )

    report({"phase": "sweep", "solved": 0, "total": None})
    sweep = run_sweep_sequential(scenario, on_point=on_point, should_stop=should_stop)
    return {"sweep": sweep.model_dump(mode="json"), "final": True}


def _slotting_problem(request: dict[str, Any]):
    from logistics.domain.slotting import SlottingProblem

    try:
        return SlottingProblem.from_dict(request["problem"])
    except InvalidValueError as exc:
        raise exc.prefixed("problem") from None


def check_slotting(request: dict[str, Any]) -> dict[str, Any]:
    """Parse the slotting problem and the target plan (names the bad field); no solve."""
    problem = _slotting_problem(request)
    try:
        problem.check_history()  # 422 at once, not a job that fails
    except InvalidValueError as exc:
        raise exc.prefixed("problem") from None
    target = request.get("target")
    plan_mode = request.get("mode", "plan") != "moves"
    if target is not None:
        if plan_mode:
            raise InvalidValueError("target", f"{len(target)} entries", "only with mode 'moves'")
        problem.check_assignment(target, "target", complete=True)
    if plan_mode and request.get("swap_mode") is not None:
        raise InvalidValueError("swap_mode", request["swap_mode"], "only with mode 'moves'")
    pair = problem.family_conflict() if target is None else None
    if pair is not None:  # the plan (or the target of the moves) cannot keep both rules
        a, b = pair
        raise InvalidValueError(
            f"problem.skus[{problem.sku_position(b.id)}].family",
            b.family,
            f"SKU {quoted(b.id)} (class {quoted(b.sku_class)}) is of the family of SKU "
            f"{quoted(a.id)} (class "
            f"{quoted(a.sku_class)}): a family sits in one aisle and rules.apart keeps these apart",
        )
    return {
        "valid": True,
        "skus": len(problem.skus),
        "slots": len(problem.layout.slots),
        "history_orders": len(problem.history),
    }


def solve_slotting(
    request: dict[str, Any], report: Report, should_stop: Callable[[], bool]
) -> dict[str, Any]:
    """Full slotting (:func:`solvers.slotting.solve`) or re-slotting moves (``plan_moves``),
    with the independent check (``validate``: rules, capacity, the move list executes).
    A cancel ends the search; the plan (or the moves chosen) so far is kept: a cancel
    while the target is searched keeps the direct moves towards the plan built so far."""
    from solvers.slotting import SlottingParams, plan_moves, solve, validate

    problem = _slotting_problem(request)
    limit = float(request.get("time_limit_s", 10.0))
    params = SlottingParams(
        method=request.get("method", "best"),
        time_limit_s=limit,
        seed=int(request.get("seed", 0)),
        orders_per_batch=int(request.get("orders_per_batch", 4)),
        swap_mode=request.get("swap_mode") or "declared",
    )

    def on_progress(p: Progress) -> None:
        report(
            {
                "phase": p.phase,
                "elapsed_s": round(p.elapsed_s, 2),
                "best_walking_m": None if p.best is None else round(float(p.best) / 1000, 1),
                "time_limit_s": limit,
            }
        )

    if request.get("mode", "plan") == "moves":
        target = request.get("target")
        result = plan_moves(
            problem, params, target=target, on_progress=on_progress, should_stop=should_stop
        )
    else:
        result = solve(problem, params, on_progress=on_progress, should_stop=should_stop)
    check = validate(problem, result)
    return {
        "plan": result.to_dict(),
        "validation": {"feasible": check.ok, "violations": list(check.errors)[:50]},
        "final": True,
    }
