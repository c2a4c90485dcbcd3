"""CP-SAT leaves Ctrl-C to Python: its default SIGINT handler ended a solve early (so
``logistics bench waves`` carried on and wrote its table, exit 0) and, once the solve
returned, put the default action back (the next Ctrl-C killed the process outright)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from solvers.cp_sat import new_cp_solver
from tests.cli_run import ROOT


def test_the_solver_does_not_catch_sigint():
    assert new_cp_solver().parameters.catch_sigint_signal is False


def _ctrl_c_after(solve_code: str) -> subprocess.CompletedProcess:
    code = textwrap.dedent(
        """
        import os, signal, time
        # Python's own Ctrl-C handler whatever this process inherited: a shell starts
        # background jobs with SIGINT ignored, and Python then never raises on it
        signal.signal(signal.SIGINT, signal.default_int_handler)
        {solve}
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(2)
            print("ctrl-c lost")
        except KeyboardInterrupt:
            print("KeyboardInterrupt")
        """
    ).format(solve=solve_code)
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_ctrl_c_after_a_solve_is_a_keyboard_interrupt():
    out = _ctrl_c_after(
        "from ortools.sat.python import cp_model\n"
        "from solvers.cp_sat import new_cp_solver\n"
        "m = cp_model.CpModel()\n"
        "m.maximize(m.new_int_var(0, 10, 'x'))\n"
        "new_cp_solver().solve(m)"
    )
    assert out.returncode == 0 and out.stdout.strip() == "KeyboardInterrupt", out


def test_ctrl_c_after_a_wave_selection_solve_is_a_keyboard_interrupt():
    out = _ctrl_c_after(
        "from logistics.datasets.catalog import instance_files\n"
        "from logistics.datasets.sbpo import load_sbpo_instance\n"
        "from solvers.wave_selection import WaveSelectionParams, solve\n"
        "problem, _ = load_sbpo_instance(instance_files('wave_picking_sbpo2025')[0])\n"
        "solve(problem, WaveSelectionParams(time_limit_s=1, workers=1, method='cpsat'))"
    )
    assert out.returncode == 0 and out.stdout.strip() == "KeyboardInterrupt", out


def _slow_model():
    """A model CP-SAT does not prove in a minute (it stops at its limit)."""
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    xs = [m.new_int_var(0, 1000, f"x{i}") for i in range(300)]
    for i in range(299):
        m.add(3 * xs[i] + 5 * xs[i + 1] <= 1000 + i)
    for i in range(0, 290, 3):
        m.add(7 * xs[i] + 11 * xs[i + 7] >= 300)
    m.maximize(sum(((i * 7919) % 13 + 1) * x for i, x in enumerate(xs)))
    return m


def test_a_stop_ends_a_cp_sat_solve_with_its_best_solution_so_far():
    import threading

    from ortools.sat.python import cp_model

    from solvers.cp_sat import stop_search_on

    solver = new_cp_solver()
    solver.parameters.max_time_in_seconds = 120
    solver.parameters.num_workers = 2
    polls = []
    found = threading.Event()

    class FirstSolution(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            found.set()

    def should_stop() -> bool:
        # true once there is a solution: stopping at the first poll (0.1 s) found none yet
        # on a loaded machine (load ~8), and the solve was UNKNOWN
        polls.append(threading.current_thread() is not threading.main_thread())
        return found.is_set()

    with stop_search_on(solver, should_stop):
        status = solver.solve(_slow_model(), FirstSolution())
    assert status == cp_model.FEASIBLE  # stopped with a solution, not proven
    assert polls and all(polls)  # polled from the watcher, while CP-SAT ran


def test_what_should_stop_raises_ends_a_cp_sat_solve_and_propagates():
    import pytest

    from solvers.cp_sat import stop_search_on

    solver = new_cp_solver()
    solver.parameters.max_time_in_seconds = 120
    solver.parameters.num_workers = 2

    def should_stop() -> bool:
        raise KeyError("cancelled")

    stops = []
    real = solver.stop_search
    solver.stop_search = lambda: stops.append(1) or real()
    with pytest.raises(KeyError, match="cancelled"), stop_search_on(solver, should_stop):
        solver.solve(_slow_model())
    assert stops == [1]  # the failed poll stopped the solve (not its 120 s limit)
