"""Ctrl-C mid-search on ``route solve``, ``waves sbpo``, ``waves plan``, ``slot plan`` and
``slot moves`` ends the search and shows its best result so far, marked ``"stopped":
true``, then ``stopped by Ctrl-C: ...`` and exit 130 (a second Ctrl-C aborts at once:
:func:`logistics.cli.interrupt.sigint_stops`, tested with ``network solve``, whose stop
takes long enough to press it twice). Each command used to die with ``interrupted`` and
print nothing: the search was lost.

Ctrl-C is sent once the solver reported progress (:mod:`tests.cli_ctrl_c`); every time
limit is 600 s, so only the Ctrl-C ends these searches.
"""

from __future__ import annotations

import json

import pytest

from tests.cli_ctrl_c import ROOT, Child

HOMBERGER = ROOT / "datasets/gehring_homberger_200/instances/r1_2_1.txt"
SBPO = ROOT / "datasets/wave_picking_sbpo2025/instances/dataset_a/instance_0005.txt"
EXAMPLES = ROOT / "examples"
SLOTTING = EXAMPLES / "slotting/problem.json"
WAVES = [str(EXAMPLES / "waves_orders.json"), "--layout", str(EXAMPLES / "layout.json")]


def _stopped(args: list[str], watch: str, *, best: bool = True) -> tuple[str, str]:
    """Ctrl-C on ``logistics ARGS`` once ``watch`` reported progress (with a best result
    unless ``best`` is false); ``(stdout, stderr)`` of a run that exited 130, saying so."""
    child = Child(args, watch, best=best)
    child.wait_for_progress()
    code, out, err = child.ctrl_c()
    assert code == 130, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("stopped by Ctrl-C: "), err
    return out, err


@pytest.mark.parametrize("backend", ["auto", "ortools"])
def test_route_solve_prints_the_best_plan_so_far(backend):
    out, err = _stopped(
        ["route", "solve", str(HOMBERGER), "--format", "homberger", "--time-limit", "600",
         "--backend", backend, "--json"],
        "solvers.routing.solve",
    )  # fmt: skip
    data = json.loads(out)
    assert data["stopped"] is True and data["routes"]
    assert sum(map(len, data["routes"])) + len(data["unassigned"]) == 200
    assert err.strip().endswith("stopped by Ctrl-C: the best plan so far is shown")


def test_route_solve_as_text_and_on_a_map(tmp_path):
    pytest.importorskip("folium")
    html = tmp_path / "routes.html"
    out, _ = _stopped(
        ["route", "solve", str(HOMBERGER), "--format", "homberger", "--time-limit", "600",
         "--map", str(html)],
        "solvers.routing.solve",
    )  # fmt: skip
    assert "stopped early by Ctrl-C)" in out.splitlines()[0]
    assert out.count("Route #") >= 1 and html.stat().st_size > 0


def test_waves_sbpo_prints_the_best_wave_so_far():
    """CP-SAT runs in native code on the main thread: its stop poll ends it."""
    out, err = _stopped(
        ["waves", "sbpo", str(SBPO), "--time-limit", "600", "--method", "cpsat",
         "--workers", "2", "--json"],
        "solvers.wave_selection.solve",
    )  # fmt: skip
    data = json.loads(out)
    assert data["stopped"] is True and data["feasible"] is True and data["orders"]
    assert data["optimal"] is False and data["objective"] > 0
    assert err.strip().endswith("stopped by Ctrl-C: the best wave so far is shown")


def test_waves_plan_prints_the_plan_built_so_far():
    """Stopped while the first batching runs (its reports have no best yet): every order
    is still batched and scheduled."""
    out, _ = _stopped(
        ["waves", "plan", *WAVES, "--time-limit", "600", "--json"],
        "solvers.waves.plan_waves",
        best=False,
    )
    data = json.loads(out)
    assert data["stopped"] is True and data["batches"]
    ordered = json.loads((EXAMPLES / "waves_orders.json").read_text())
    planned = {o for w in data["waves"] for o in w["orders"]}
    assert len(planned) == len(ordered["orders"])


def test_waves_plan_as_text():
    out, _ = _stopped(
        ["waves", "plan", *WAVES, "--time-limit", "600"], "solvers.waves.plan_waves", best=False
    )
    assert "(stopped early by Ctrl-C)" in out and "cart " in out


def test_slot_plan_writes_the_plan_built_so_far(tmp_path):
    plan = tmp_path / "plan.json"
    _, err = _stopped(
        ["slot", "plan", str(SLOTTING), "--time-limit", "600", "--out", str(plan)],
        "solvers.slotting.solve",
    )
    data = json.loads(plan.read_text())
    assert data["stopped"] is True and data["feasible"] is True and data["assignment"]
    wrote = [line for line in err.splitlines() if line.startswith(f"wrote {plan}: ")]
    assert len(wrote) == 1 and wrote[0].endswith("; stopped early by Ctrl-C")
    assert err.strip().endswith("stopped by Ctrl-C: the plan built so far is shown")


def test_slot_moves_prints_the_moves_chosen_so_far():
    """Stopped while the target plan is searched: the moves towards the plan built so far
    (the direct pass, within the budget of 20), not none as before."""
    out, err = _stopped(
        ["slot", "moves", str(SLOTTING), "--time-limit", "600"], "solvers.slotting.plan_moves"
    )
    data = json.loads(out)
    assert data["stopped"] is True and data["feasible"] is True
    walking = data["simulated_walking_m"]
    assert walking["full_reslot"] > 0
    assert data["moves"] and 0 < data["labour_moves"] <= 20
    assert walking["after_moves"] < walking["current"]
    assert err.strip().endswith("stopped by Ctrl-C: the moves chosen so far are shown")
