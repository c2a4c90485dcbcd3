"""``--time-limit`` is named as typed by every command, and checked before any work
(``logistics.cli.time_limit``)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from logistics.cli.app import app
from logistics.cli.errors import run_cli
from logistics.cli.time_limit import MAX_SECONDS, check_time_limit
from logistics.errors import InvalidValueError

ROOT = Path(__file__).resolve().parents[3]
EX = ROOT / "examples"
SCENARIO = sorted((EX / "scenarios").glob("*.yaml"))[0]

# (argv, whether 0 is allowed: the solver then builds its start only)
COMMANDS = [
    (["route", "solve", str(EX / "routing" / "rio_day.json"), "--format", "json"], False),
    (["network", "solve", str(ROOT / "tests/data/orlib_cap/OkSmall.txt")], False),
    (["waves", "plan", str(EX / "waves_orders.json"), "--layout", str(EX / "layout.json")], True),
    (["waves", "sbpo", str(ROOT / "tests/data/sbpo/OkSmall.txt")], True),
    (["slot", "plan", str(EX / "slotting" / "problem.json")], False),
    (["slot", "moves", str(EX / "slotting" / "problem.json")], False),
    (["whatif", str(SCENARIO)], False),
]


def _bad_values(zero_ok):
    return ["-1", "nan", "inf", "1e308"] + ([] if zero_ok else ["0"])


@pytest.mark.parametrize(
    ("argv", "value"),
    [(argv, v) for argv, zero_ok in COMMANDS for v in _bad_values(zero_ok)],
    ids=lambda x: " ".join(x[:2]) if isinstance(x, list) else x,
)
def test_a_bad_time_limit_is_named_as_typed_before_any_work(
    argv, value, monkeypatch, capsys, tmp_path
):
    # the errors said time_limit (route, network, sbpo), time_limit_s (waves plan, slot) or
    # solver.time_limit (whatif), after reading the files; waves plan took 0 but -1 late
    import solvers.routing

    def no_solve(*args, **kwargs):
        raise AssertionError("solved before --time-limit was checked")

    monkeypatch.setattr(solvers.routing, "solve", no_solve)
    monkeypatch.setattr(sys, "argv", ["logistics", *argv, "--time-limit", value])
    with pytest.raises(SystemExit) as exc:
        run_cli(app)
    out = capsys.readouterr()
    assert exc.value.code == 2
    shown = repr(float(value))
    reason = "seconds, at most " if value == "1e308" else "seconds, a finite number "
    assert out.err.startswith(f"error: time-limit={shown}: {reason}"), out.err
    assert out.err.count("\n") == 1 and out.out == ""
    # before the files are read: a missing input file is not even looked at
    missing = [str(tmp_path / "missing.json") if Path(a).is_absolute() else a for a in argv]
    monkeypatch.setattr(sys, "argv", ["logistics", *missing, "--time-limit", value])
    with pytest.raises(SystemExit):
        run_cli(app)
    assert capsys.readouterr().err.startswith(f"error: time-limit={shown}: ")


def test_the_check_itself():
    assert check_time_limit(0.5) == 0.5
    assert check_time_limit(0, zero_ok=True) == 0
    for value, zero_ok in [(0, False), (-0.1, True), (math.nan, True), (math.inf, False)]:
        with pytest.raises(InvalidValueError) as e:
            check_time_limit(value, zero_ok=zero_ok)
        assert e.value.field == "time-limit"
    with pytest.raises(InvalidValueError, match=">= 0"):
        check_time_limit(-1, zero_ok=True)
    assert check_time_limit(MAX_SECONDS) == MAX_SECONDS
    with pytest.raises(InvalidValueError, match="at most 1000000000"):
        check_time_limit(MAX_SECONDS + 1)
