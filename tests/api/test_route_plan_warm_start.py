"""The route-plan job's main search starts from the first search's best routes
(:func:`api.solves.route_plan_searches`); a start the engine rejects gives a search
from scratch, never a failed job; the job returns the better plan; a cancel in the
main search keeps the best plan."""

from __future__ import annotations

import json
from pathlib import Path

import solvers.routing
from api import solves
from solvers.routing import validate
from tests.solvers.routing._instances import random_cvrp

RIO = json.loads(
    (Path(__file__).resolve().parents[2] / "examples/routing/rio_day.json").read_text()
)


def _key(plan) -> tuple[int, int]:
    return (plan.summary.unassigned_required, plan.summary.cost)


def _recording_solve(monkeypatch, change_routes=None):
    """Record each ``solve`` the job makes (its ``initial_routes`` and plan)."""
    real = solvers.routing.solve
    calls: list[dict] = []

    def solve(problem, params, on_progress=None, **kw):
        if change_routes is not None and kw.get("initial_routes") is not None:
            kw["initial_routes"] = change_routes(kw["initial_routes"])
        plan = real(problem, params, on_progress, **kw)
        calls.append({"initial_routes": kw.get("initial_routes"), "plan": plan})
        return plan

    monkeypatch.setattr(solvers.routing, "solve", solve)
    return calls


def _run(problem, limit, should_stop=None, warm_start=None):
    reports: list[tuple[dict, object]] = []

    def report(progress, plan=None):
        reports.append((progress, plan))

    final = solves.route_plan_searches(
        problem, limit, report=report, should_stop=should_stop, warm_start=warm_start
    )
    return reports, final


def _objectives(reports, phase):
    return [
        p["search_objective"] for p, _ in reports if p["phase"] == phase and "search_objective" in p
    ]


def test_main_search_starts_from_the_first_searchs_best_pyvrp(monkeypatch):
    calls = _recording_solve(monkeypatch)
    p = random_cvrp(60, seed=2)
    reports, final = _run(p, 4.0)
    first, main = calls
    assert first["initial_routes"] is None
    stored_first = [
        plan for prog, plan in reports if plan is not None and prog["phase"] == "first search"
    ]
    assert main["initial_routes"] == [(r.vehicle_id, r.stop_ids) for r in stored_first[-1].routes]
    assert main["plan"].extras["warm_start"] == "accepted"
    # the main search's own objective starts where the first search ended, not afresh
    assert _objectives(reports, "main search")[0] <= min(_objectives(reports, "first search"))
    assert _key(final) <= _key(first["plan"]) and _key(final) <= _key(main["plan"])
    assert validate(p, final).feasible


def test_main_search_starts_from_the_first_searchs_best_ortools(monkeypatch):
    # Rio day has driver breaks: OR-Tools alone, warm-started with ReadAssignmentFromRoutes
    calls = _recording_solve(monkeypatch)
    reports: list[tuple[dict, dict | None]] = []
    result = solves.solve_route_plan(
        {"problem": RIO, "time_limit_s": 4.0},
        lambda p, b=None: reports.append((p, b)),
        lambda: False,
    )
    first, main = calls
    assert main["initial_routes"] and main["plan"].extras["warm_start"] == "accepted"
    assert _objectives(reports, "main search")[0] <= min(_objectives(reports, "first search"))
    s = result["plan"]["summary"]
    assert (s["unassigned_required"], s["cost"]) <= _key(first["plan"])
    assert result["final"] is True and result["validation"]["feasible"]


def test_cold_main_search_gets_no_start(monkeypatch):
    calls = _recording_solve(monkeypatch)
    _run(random_cvrp(30, seed=1), 3.0, warm_start=False)
    assert [c["initial_routes"] for c in calls] == [None, None]


def test_a_rejected_start_falls_back_to_a_search_from_scratch(monkeypatch):
    # every route backwards: the windows and breaks of Rio make OR-Tools reject them
    calls = _recording_solve(monkeypatch, lambda routes: [(v, s[::-1]) for v, s in routes])
    reports: list[tuple[dict, dict | None]] = []
    result = solves.solve_route_plan(
        {"problem": RIO, "time_limit_s": 3.0},
        lambda p, b=None: reports.append((p, b)),
        lambda: False,
    )
    first, main = calls
    assert main["plan"].extras["warm_start"] == "rejected"
    assert main["plan"].routes  # searched from scratch
    assert result["final"] is True and result["validation"]["feasible"]
    s = result["plan"]["summary"]
    assert (s["unassigned_required"], s["cost"]) <= _key(first["plan"])


def test_cancel_in_the_warm_main_search_keeps_the_best_plan():
    reports: list[tuple[dict, object]] = []

    def should_stop() -> bool:
        return any(p["phase"] == "main search" for p, _ in reports)

    p = random_cvrp(60, seed=4)
    final = solves.route_plan_searches(
        p,
        20.0,
        report=lambda prog, plan=None: reports.append((prog, plan)),
        should_stop=should_stop,
    )
    stored = [plan for _, plan in reports if plan is not None]
    assert stored and all(_key(final) <= _key(plan) for plan in stored)
    assert validate(p, final).feasible
    assert reports[-1][0]["phase"] == "main search"


def test_soft_windows_main_search_starts_afresh(monkeypatch):
    """On auto's soft-window path (PyVRP on the tightened problem, then OR-Tools) a warm
    start measured worse than a fresh search: the job's main search starts afresh there."""
    from dataclasses import replace

    from logistics.domain.stops import TimeWindow
    from solvers.routing.portfolio import choose_path

    calls = _recording_solve(monkeypatch)
    p = random_cvrp(30, seed=1)
    soft = dict(time_windows=(TimeWindow(0, 4000),), soft_windows=True, lateness_cost_per_s=1)
    p = replace(p, stops=tuple(replace(s, **soft) for s in p.stops))
    assert choose_path(p) == "warm_start"
    _, final = _run(p, 3.0)
    assert [c["initial_routes"] for c in calls] == [None, None]
    assert validate(p, final).feasible
