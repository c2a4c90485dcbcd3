"""``--seed`` takes what the solvers and the API take (``0..2**31 - 1``) on every command,
and a bad one is named before any file is read (``logistics.cli.seed_option``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from logistics.cli.app import app
from logistics.cli.errors import run_cli

ROOT = Path(__file__).resolve().parents[3]
EX = ROOT / "examples"
MISSING = str(ROOT / "tests" / "data" / "no-such-file.json")  # read only after the check

COMMANDS = [
    ["route", "solve", MISSING, "--format", "json"],
    ["network", "solve", MISSING],
    ["waves", "plan", MISSING, "--layout", str(EX / "layout.json")],
    ["waves", "sbpo", MISSING],
    ["slot", "plan", MISSING],
    ["slot", "moves", MISSING],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize("value", ["-1", "2147483648"])
def test_a_seed_the_api_refuses_is_refused_by_every_command_first(argv, value, monkeypatch, capsys):
    # waves plan and slot plan/moves ran with -1; route and network solve read the file first
    monkeypatch.setattr(sys, "argv", ["logistics", *argv, "--seed", value])
    with pytest.raises(SystemExit) as exc:
        run_cli(app)
    assert exc.value.code == 2
    assert capsys.readouterr().err == f"error: seed={value}: an integer within 0..2147483647\n"


def test_bench_sourcing_refuses_a_negative_seed_before_any_work(monkeypatch, capsys, tmp_path):
    # was numpy's "ValueError: expected non-negative integer" with a traceback
    monkeypatch.setenv("LOGISTICS_RESULTS", str(tmp_path / "results"))
    monkeypatch.setattr(sys, "argv", ["logistics", "bench", "sourcing", "--seed", "-1"])
    with pytest.raises(SystemExit) as exc:
        run_cli(app)
    assert exc.value.code == 2
    assert capsys.readouterr().err == "error: seed=-1: an integer within 0..2147483647\n"
    assert not (tmp_path / "results").exists()


def test_the_largest_seed_is_taken(monkeypatch, capsys):
    argv = ["waves", "plan", str(EX / "waves_orders.json"), "--layout", str(EX / "layout.json")]
    monkeypatch.setattr(
        sys, "argv", ["logistics", *argv, "--time-limit", "0", "--seed", "2147483647"]
    )
    with pytest.raises(SystemExit) as exc:
        run_cli(app)
    assert exc.value.code in (0, None), capsys.readouterr().err
