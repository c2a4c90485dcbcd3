"""``logistics slot plan`` / ``slot moves`` on the example, heat map, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from logistics.cli.app import app
from logistics.domain.layout import WarehouseLayout
from logistics.errors import InvalidValueError

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "slotting" / "problem.json"
runner = CliRunner()


def test_plan_then_moves(tmp_path: Path):
    plan = tmp_path / "plan.json"
    png = tmp_path / "heat.png"
    r = runner.invoke(
        app,
        ["slot", "plan", str(EXAMPLE), "--time-limit", "1", "--out", str(plan)]
        + ["--heatmap", str(png)],
    )
    assert r.exit_code == 0, r.output
    data = json.loads(plan.read_text())
    assert data["feasible"] and len(data["assignment"]) == 80
    assert data["replay"]["walking_plan_m"] < data["replay"]["walking_current_m"]
    assert png.stat().st_size > 1000
    r = runner.invoke(
        app, ["slot", "moves", str(EXAMPLE), "--target", str(plan), "--max-moves", "10"]
    )
    assert r.exit_code == 0, r.output
    moves = json.loads(r.stdout)
    assert moves["feasible"] and 0 < moves["labour_moves"] <= 10
    assert moves["simulated_walking_m"]["after_moves"] < moves["simulated_walking_m"]["current"]


def test_bad_input_exits_2(tmp_path: Path):
    bad = tmp_path / "bad.json"
    data = json.loads(EXAMPLE.read_text())
    data["budget"] = {"max_moves": -1}
    bad.write_text(json.dumps(data))
    out = subprocess.run(
        [sys.executable, "-m", "logistics", "slot", "moves", str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 2
    assert "max_moves" in out.stderr and "Traceback" not in out.stderr


def test_out_prints_a_summary_and_a_bad_target_is_named(tmp_path: Path):
    plan = tmp_path / "plan.json"
    args = ["slot", "plan", str(EXAMPLE), "--time-limit", "1", "--holdout", "0.3"]
    r = runner.invoke(app, [*args, "--out", str(plan)])
    assert r.exit_code == 0, r.output
    data = json.loads(plan.read_text())
    rep = data["replay"]
    assert f"held-out replay of {rep['orders']} orders" in r.stderr
    assert f"{rep['walking_plan_m']:.1f} m with the plan" in r.stderr and data["shape"] in r.stderr
    moves = tmp_path / "moves.json"
    r = runner.invoke(
        app,
        ["slot", "moves", str(EXAMPLE), "--target", str(plan), "--max-moves", "6"]
        + ["--out", str(moves)],
    )
    assert r.exit_code == 0, r.output
    got = json.loads(moves.read_text())
    assert f"{len(got['moves'])} moves ({got['labour_moves']} moves of labour" in r.stderr
    assert got["target_violations"] == [] and "the target breaks" not in r.stderr
    layout = WarehouseLayout.from_dict(json.loads(EXAMPLE.read_text())["layout"])
    broken = dict(data, assignment=dict(data["assignment"]))
    soap_aisle = layout.slot(broken["assignment"]["S000"]).aisle
    used = set(broken["assignment"].values())
    broken["assignment"]["S000"] = next(  # family 'soap' split over two aisles
        s.id for s in layout.slots if s.id not in used and s.aisle != soap_aisle and s.level == 0
    )
    plan.write_text(json.dumps(broken))
    r = runner.invoke(
        app, ["slot", "moves", str(EXAMPLE), "--target", str(plan), "--max-moves", "6"]
    )
    assert r.exit_code == 0, r.output
    assert "warning: the target breaks 1 rule (first: family 'soap'" in r.stderr
    assert "so they stop short of it" in r.stderr
    data["assignment"]["S001"] = data["assignment"]["S000"]
    plan.write_text(json.dumps(data))
    out = subprocess.run(
        [sys.executable, "-m", "logistics", "slot", "moves", str(EXAMPLE), "--target", str(plan)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "target.S001" in out.stderr and "already holds SKU 'S000'" in out.stderr


def test_an_output_path_that_cannot_be_written_exits_2_before_solving(tmp_path: Path):
    missing = tmp_path / "no" / "such" / "folder"
    for cmd in ("plan", "moves"):
        for flag, name in (("--out", "plan.json"), ("--heatmap", "heat.png")):
            out = subprocess.run(
                [sys.executable, "-m", "logistics", "slot", cmd, str(EXAMPLE)]
                + ["--time-limit", "0.5", flag, str(missing / name)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            assert out.returncode == 2, out.stderr
            assert "Traceback" not in out.stderr and out.stdout == ""
            assert f"{flag[2:]}='{missing / name}': its folder does not exist" in out.stderr


def test_a_heatmap_format_matplotlib_cannot_write_exits_2_before_solving(tmp_path: Path):
    plan = tmp_path / "plan.json"
    out = subprocess.run(
        [sys.executable, "-m", "logistics", "slot", "plan", str(EXAMPLE), "--time-limit", "0.5"]
        + ["--out", str(plan), "--heatmap", str(tmp_path / "heat.xyz")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "unknown image format" in out.stderr and not plan.exists()
    r = runner.invoke(
        app,
        ["slot", "plan", str(EXAMPLE), "--time-limit", "0.5", "--out", str(plan)]
        + ["--heatmap", str(tmp_path / "heat")],
    )
    assert r.exit_code == 0, r.output
    assert (
        tmp_path / "heat.png"
    ).stat().st_size > 1000 and f"wrote {tmp_path / 'heat.png'}" in r.stderr


@pytest.mark.parametrize("command", ["plan", "moves"])
def test_a_heatmap_without_matplotlib_is_an_error_before_solving(
    tmp_path: Path, monkeypatch, command: str
):
    # without the viz extra the command solved, wrote --out, then exited 2 on the heat map
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib: ImportError
    out = tmp_path / "out.json"
    r = runner.invoke(
        app,
        ["slot", command, str(EXAMPLE), "--time-limit", "0.5", "--out", str(out)]
        + ["--heatmap", str(tmp_path / "heat.png")],
    )
    assert isinstance(r.exception, InvalidValueError), r.output
    assert r.exception.field == "heatmap" and "logistics[viz]" in r.exception.reason
    assert not out.exists() and not (tmp_path / "heat.png").exists()


def test_holdout_replays_the_plan_without_a_current_assignment(tmp_path: Path):
    data = json.loads(EXAMPLE.read_text())
    data.pop("current")
    problem = tmp_path / "nocurrent.json"
    problem.write_text(json.dumps(data))
    r = runner.invoke(
        app, ["slot", "plan", str(problem), "--time-limit", "0.5", "--holdout", "0.3"]
    )
    assert r.exit_code == 0, r.output
    rep = json.loads(r.stdout)["replay"]
    assert rep["held_out"] and rep["walking_current_m"] is None and rep["walking_plan_m"] > 0


def test_moves_warn_of_rules_today_s_assignment_still_breaks(tmp_path: Path):
    data = json.loads(EXAMPLE.read_text())
    used = set(data["current"].values())
    high = next(f"A05-L{k:03d}-1" for k in range(12) if f"A05-L{k:03d}-1" not in used)
    data["current"]["S004"] = high  # 18 kg on level 1: heavy items belong on level 0
    problem = tmp_path / "heavy_high.json"
    problem.write_text(json.dumps(data))
    r = runner.invoke(app, ["slot", "moves", str(problem), "--max-moves", "0"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["feasible"]  # the (empty) move list breaks nothing itself
    # was silent: "feasible" while S004 stays too high
    assert "warning: 2 rule violations of today's assignment remain" in r.stderr
    assert f"SKU 'S004' does not fit slot '{high}'" in r.stderr
    r = runner.invoke(app, ["slot", "moves", str(EXAMPLE), "--max-moves", "0"])
    assert r.exit_code == 0 and "warning" not in r.stderr


def test_one_rule_today_s_assignment_breaks_is_one_violation(tmp_path: Path):
    data = json.loads(EXAMPLE.read_text())
    assert data["current"]["S000"].endswith("-1")  # level 1
    data["skus"][0]["weight_g"] = 20000  # heavy: belongs on level 0
    problem = tmp_path / "one_heavy_high.json"
    problem.write_text(json.dumps(data))
    r = runner.invoke(app, ["slot", "moves", str(problem), "--max-moves", "0"])
    assert r.exit_code == 0, r.output
    # was "warning: 1 rule violations of today's assignment remain"
    assert "warning: 1 rule violation of today's assignment remains" in r.stderr


@pytest.mark.parametrize("orders", [0, 1])
def test_holdout_without_orders_to_replay_is_an_error(tmp_path: Path, orders: int):
    data = json.loads(EXAMPLE.read_text())
    data["history"] = data["history"][:orders]
    problem = tmp_path / "short.json"
    problem.write_text(json.dumps(data))
    r = runner.invoke(
        app, ["slot", "plan", str(problem), "--time-limit", "0.5", "--holdout", "0.3"]
    )  # was exit 0 with "held-out replay of 0 orders: 0.0 m now, 0.0 m with the plan"
    assert isinstance(r.exception, InvalidValueError), r.output
    assert r.exception.field == "holdout" and f"the history has {orders}" in r.exception.reason


def test_run_cli_reports_an_unwritable_path_without_a_traceback(tmp_path, capsys, monkeypatch):
    import typer

    from logistics.cli.errors import run_cli

    app_ = typer.Typer()
    target = tmp_path / "missing" / "x.json"

    @app_.command()
    def write() -> None:
        target.write_text("{}")

    monkeypatch.setattr(sys, "argv", ["logistics"])
    with pytest.raises(SystemExit) as exc:
        run_cli(app_)
    assert exc.value.code == 2
    assert f"error: {target}: No such file or directory" in capsys.readouterr().err


def test_heatmap_draws_empty_slots_where_the_picks_are(tmp_path: Path, monkeypatch):
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    from logistics.cli.slot_cmd import heatmap
    from logistics.domain.slotting import SlottingProblem

    problem = SlottingProblem.from_dict(json.loads(EXAMPLE.read_text()))
    figures = []
    monkeypatch.setattr(plt, "close", figures.append)
    heatmap(problem, dict(problem.current), dict(problem.current), tmp_path / "h.png")
    ax = figures[0].axes[0]
    picks, slots = (ax.collections[k].get_offsets() for k in (0, 1))
    slot_points = {tuple(p) for p in slots.tolist()}
    # the grey slot markers sat on the aisle centre line, the picks 0.4 m to each side
    assert len(slot_points) == 144  # 6 aisles x 12 positions x 2 sides (levels coincide)
    assert all(tuple(p) in slot_points for p in picks.tolist())


@pytest.mark.parametrize(
    ("command", "extra", "reason"),
    [
        ("plan", ["--out", "{problem}"], "is the PROBLEM.json file"),
        ("moves", ["--target", "{target}", "--out", "{target}"], "is the --target file"),
        ("plan", ["--out", "{dir}/x.png", "--heatmap", "{dir}/x.png"], "is the --out file"),
    ],
)
def test_an_output_that_would_overwrite_an_input_is_refused(
    tmp_path: Path, command: str, extra: list[str], reason: str
):
    # was: the problem file (today's assignment) or the target plan silently overwritten
    problem = tmp_path / "problem.json"
    problem.write_text(EXAMPLE.read_text())
    target = tmp_path / "plan.json"
    current = json.loads(EXAMPLE.read_text())["current"]
    target.write_text(json.dumps({"assignment": current}))
    before = {p: p.read_text() for p in (problem, target)}
    args = [a.format(problem=problem, target=target, dir=tmp_path) for a in extra]
    out = subprocess.run(
        [sys.executable, "-m", "logistics", "slot", command, str(problem), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 2, out.stderr
    assert reason in out.stderr and "Traceback" not in out.stderr
    assert {p: p.read_text() for p in (problem, target)} == before
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("command", ["plan", "moves"])
def test_an_empty_history_exits_2_naming_history(tmp_path, capsys, monkeypatch, command):
    # was exit 0: a demand-blind plan "simulated walking 0.0 m", or 0 moves at 0.0 m
    from logistics.cli.errors import run_cli

    data = json.loads(EXAMPLE.read_text())
    data["history"] = []
    problem = tmp_path / "no_history.json"
    problem.write_text(json.dumps(data))
    out = tmp_path / "out.json"
    argv = ["logistics", "slot", command, str(problem), "--time-limit", "1", "--out", str(out)]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as exc:
        run_cli(app)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: history=[]: slotting learns from past orders"), err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()
