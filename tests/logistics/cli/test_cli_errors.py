"""``logistics`` exit codes: usage errors, typed errors and ``typer.Exit`` (subprocesses,
as a user runs it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_run import run_logistics

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "slotting" / "problem.json"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["slot", "plan", str(EXAMPLE), "--bogus"], "No such option"),
        (["slot", "plan", str(EXAMPLE), "--time-limit", "abc"], "--time-limit"),
        (["route", "solve", "examples/routing/rio_day.json"], "--format"),
        (["slot", "plan"], "Missing argument"),
    ],
)
def test_usage_errors_exit_2_with_the_usage_and_no_traceback(args, says):
    out = run_logistics(*args)
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    assert "Usage:" in out.stderr and says in out.stderr


def test_typer_exit_codes_reach_the_shell(tmp_path):
    out = run_logistics(
        "keys", "revoke", "no-such-key", LOGISTICS_DB_URL=f"sqlite:///{tmp_path}/k.db"
    )
    assert out.returncode == 2 and "no live key with id no-such-key" in out.stderr


def test_success_exits_0():
    out = run_logistics("slot", "--help")
    assert out.returncode == 0 and "plan" in out.stdout
