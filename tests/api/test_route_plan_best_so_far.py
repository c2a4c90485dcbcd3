"""A running route-plan job stores better plans during the whole solve (not only the
first search's), progress never rises, and a cancel keeps the latest plan or a better one.

``api.solves.solve_route_plan`` is what the job's worker process runs; it is called here
with a recording ``report`` (the job runner's channel into the store)."""

from __future__ import annotations

import json
from pathlib import Path

from api import solves

RIO = json.loads(
    (Path(__file__).resolve().parents[2] / "examples/routing/rio_day.json").read_text()
)


def _key(result: dict) -> tuple[int, int]:
    s = result["plan"]["summary"]
    return (s["unassigned_required"], s["cost"])


def _run(limit: float, stop_after_plans: int | None = None):
    reports: list[tuple[dict, dict | None]] = []

    def report(progress, best=None):
        reports.append((progress, best))

    def should_stop() -> bool:
        plans = sum(1 for _, b in reports if b is not None)
        return stop_after_plans is not None and plans >= stop_after_plans

    result = solves.solve_route_plan({"problem": RIO, "time_limit_s": limit}, report, should_stop)
    return reports, result


def test_plans_improve_during_the_solve_and_progress_never_rises():
    reports, result = _run(4.0)
    plans = [(p, b) for p, b in reports if b is not None]
    assert len(plans) >= 2, [p for p, _ in plans]
    keys = [_key(b) for _, b in plans]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == len(keys)  # each one better
    assert [p["plans"] for p, _ in plans] == list(range(1, len(plans) + 1))
    not_draft = [(p, b["final"], b["validation"]) for p, b in plans]
    assert all(f is False and v["feasible"] for _, f, v in not_draft), not_draft
    # stored while the main search runs too, not only the first search's plan
    assert plans[0][0]["phase"] == "first search"
    objectives = [p["best_objective"] for p, _ in reports if p.get("best_objective") is not None]
    assert objectives == sorted(objectives, reverse=True)  # monotone across both phases
    assert result["final"] is True and _key(result) <= keys[-1]


def test_cancel_keeps_the_latest_plan_or_a_better_one():
    reports, result = _run(30.0, stop_after_plans=2)
    plans = [b for _, b in reports if b is not None]
    assert len(plans) >= 2 and result["final"] is True
    assert _key(result) <= _key(plans[-1])
    assert result["validation"]["feasible"]


def test_a_first_search_without_a_solution_stores_no_plan(monkeypatch):
    # on a loaded machine the 0.4 s first search found no solution and its empty plan
    # (every stop unserved, cost 25,003,000) was stored as the best plan so far: a
    # dispatcher polling the job saw an infeasible plan with no route
    import solvers.routing
    from solvers.routing import build_plan

    real = solvers.routing.solve
    calls = []

    def first_finds_nothing(problem, params, *args, **kwargs):
        calls.append(params.time_limit_s)
        if len(calls) == 1:
            return build_plan(problem, [], backend="ortools", status="no_solution")
        return real(problem, params, *args, **kwargs)

    monkeypatch.setattr(solvers.routing, "solve", first_finds_nothing)
    reports, result = _run(3.0)
    plans = [(p, b) for p, b in reports if b is not None]
    assert len(calls) == 2 and plans
    assert all(p["phase"] == "main search" for p, _ in plans)
    assert all(b["validation"]["feasible"] and b["plan"]["routes"] for _, b in plans)
    assert [p["plans"] for p, _ in plans] == list(range(1, len(plans) + 1))
    assert result["final"] is True and result["validation"]["feasible"]


def test_a_stop_after_a_first_search_without_a_solution_returns_its_empty_plan(monkeypatch):
    import solvers.routing
    from solvers.routing import build_plan

    monkeypatch.setattr(
        solvers.routing,
        "solve",
        lambda problem, *a, **k: build_plan(problem, [], backend="ortools", status="no_solution"),
    )
    reports, result = _run(3.0, stop_after_plans=0)
    assert not [b for _, b in reports if b is not None]
    assert result["final"] is True and result["plan"]["routes"] == []
