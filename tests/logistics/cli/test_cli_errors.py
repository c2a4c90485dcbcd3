"""``logistics`` exit codes: usage errors, typed errors and ``typer.Exit`` (subprocesses,
as a user runs it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from logistics.errors import MAX_QUOTED_CHARS
from tests.cli_run import one_error_line, run_logistics

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


def _orders_with_slot(tmp_path: Path, slot: object) -> str:
    orders = json.loads((ROOT / "examples" / "waves_orders.json").read_text())
    orders["orders"][1]["lines"][0]["slot"] = slot
    path = tmp_path / "orders.json"
    path.write_text(json.dumps(orders))
    return str(path)


def _waves_plan_error(tmp_path: Path, slot: object) -> str:
    orders = _orders_with_slot(tmp_path, slot)
    layout = str(ROOT / "examples" / "layout.json")
    return one_error_line(run_logistics("waves", "plan", "--layout", layout, orders))


def test_a_long_id_is_quoted_cut_short_saying_how_long_it_was(tmp_path):
    # was: the 5,000-character id printed whole on the error line
    line = _waves_plan_error(tmp_path, "a" * 5000)
    shown = repr("a" * MAX_QUOTED_CHARS) + "... (5000 characters)"
    assert line == f"error: orders[1].lines[0].slot={shown}: order 'o-002': slot not in the layout"


def test_a_deeply_nested_value_is_quoted_cut_short(tmp_path):
    slot: object = "a"
    for _ in range(500):
        slot = [slot]
    line = _waves_plan_error(tmp_path, slot)
    assert line.startswith("error: orders[1].lines[0].slot=" + "[" * MAX_QUOTED_CHARS + "... (")
    assert len(line) < MAX_QUOTED_CHARS + 120


@pytest.mark.parametrize(
    ("slot", "line"),
    [
        ("ZZZ", "error: orders[1].lines[0].slot='ZZZ': order 'o-002': slot not in the layout"),
        (["A"], "error: orders[1].lines[0].slot=['A']: expected a non-empty string id"),
    ],
)
def test_a_short_value_s_error_line_is_as_before(tmp_path, slot, line):
    assert _waves_plan_error(tmp_path, slot) == line


def test_a_long_id_in_the_reason_is_quoted_cut_short(tmp_path):
    # was: the reason quoted the 5,000-character order id whole ("order 'oooo...': ...")
    orders = json.loads((ROOT / "examples" / "waves_orders.json").read_text())
    orders["orders"][1]["id"] = "o" * 5000
    orders["orders"][1]["lines"][0]["slot"] = "ZZZ"
    path = tmp_path / "orders.json"
    path.write_text(json.dumps(orders))
    layout = str(ROOT / "examples" / "layout.json")
    line = one_error_line(run_logistics("waves", "plan", "--layout", layout, str(path)))
    shown = repr("o" * MAX_QUOTED_CHARS) + "... (5000 characters)"
    assert line == f"error: orders[1].lines[0].slot='ZZZ': order {shown}: slot not in the layout"
