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
        "solve(problem, WaveSelectionParams(time_limit=1, workers=1, method='cpsat'))"
    )
    assert out.returncode == 0 and out.stdout.strip() == "KeyboardInterrupt", out
