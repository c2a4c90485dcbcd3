"""``logistics network solve`` contract and ``logistics whatif`` through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from logistics.cli.app import app
from logistics.errors import InvalidValueError

ROOT = Path(__file__).resolve().parents[3]
RUNNER = CliRunner()


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "logistics", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_network_solve_json_contract():
    path = ROOT / "datasets/orlib_cap_warehouse_location/instances/cap71.txt"
    out = _cli(
        "network", "solve", str(path), "--format", "orlib-cap", "--time-limit", "20", "--json"
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"open", "flows", "cost", "gap"} <= set(data)
    assert abs(data["cost"] - 932615.75) < 1e-2 and data["gap"] <= 1e-6
    served = {}
    for j, i, f in data["flows"]:
        assert i in data["open"]
        served[j] = served.get(j, 0.0) + f
    assert len(served) == 50 and all(abs(v - 1) < 1e-6 for v in served.values())


def test_network_solve_bad_input_names_the_field():
    path = ROOT / "datasets/orlib_cap_warehouse_location/instances/capb.txt"
    result = RUNNER.invoke(app, ["network", "solve", str(path), "--time-limit", "5", "--json"])
    assert isinstance(result.exception, InvalidValueError)
    assert result.exception.field == "capacity"


@pytest.mark.parametrize(
    ("case", "args", "field", "says"),
    [
        ("capa.txt", ["--capacity", "100"], "capacity=100.0", "total demand 50886 exceeds"),
        ("cap41.txt", ["--single-source"], "single-source=True", "customer 10 (10) has demand"),
    ],
)
def test_network_solve_unservable_input_names_the_option(case, args, field, says):
    path = ROOT / "datasets/orlib_cap_warehouse_location/instances" / case
    out = _cli("network", "solve", str(path), *args, "--time-limit", "5", "--json")
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith(f"error: {field}: ") and says in out.stderr
    assert out.stdout == ""


def test_whatif_json_and_bad_scenario(tmp_path):
    scen = ROOT / "examples/scenarios/us_forward_denver_south_growth.yaml"
    result = RUNNER.invoke(app, ["whatif", str(scen), "--json", "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "PHX6" in data["vs_base"]["closed"] and "DEN-FWD" in data["open_sites"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(scen.read_text().replace("close: [PHX6]", "close: [XYZ9]"))
    result = RUNNER.invoke(app, ["whatif", str(bad)])
    assert isinstance(result.exception, InvalidValueError)
    assert result.exception.field == "changes.close[0]" and result.exception.value == "XYZ9"


def test_whatif_sweep_on_an_unreachable_scheduler_names_it(tmp_path):
    out_dir = tmp_path / "new"
    out = _cli(
        *("whatif", "examples/scenarios/custom_forward_sweep.yaml", "--no-progress"),
        *("--dask", "tcp://127.0.0.1:9", "--out", str(out_dir)),
    )
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith("error: dask='tcp://127.0.0.1:9': cannot reach the Dask scheduler")
    assert "Traceback" not in out.stderr
    assert not out_dir.exists()


@pytest.mark.parametrize("seconds", ["0", "-1", "nan", "inf"])
def test_whatif_bad_time_limit_names_the_option(seconds):
    scen = ROOT / "examples/scenarios/us_forward_denver_south_growth.yaml"
    result = RUNNER.invoke(app, ["whatif", str(scen), "--time-limit", seconds])
    assert isinstance(result.exception, InvalidValueError)
    assert result.exception.field == "time-limit"  # not the file's solver.time_limit_s


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--workers", "0"), "error: workers=0: expected a positive integer"),
        (("--workers", "-2"), "error: workers=-2: expected a positive integer"),
        (("--dask", "notanaddress"), "error: dask='notanaddress': expected a scheduler address"),
        (  # the cluster's workers run the points: --workers was silently ignored
            ("--dask", "tcp://127.0.0.1:9", "--workers", "2"),
            "error: workers=2: local worker processes; not with a Dask scheduler",
        ),
    ],
)
def test_whatif_bad_executor_options_are_refused_without_a_sweep(args, says):
    # a scenario without a sweep used to ignore them and exit 0
    scen = "examples/scenarios/us_forward_denver_south_growth.yaml"
    out = _cli("whatif", scen, *args)
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith(says) and "Traceback" not in out.stderr
    assert out.stdout == ""


def test_whatif_sweep_options_without_a_sweep_warn():
    scen = ROOT / "examples/scenarios/us_forward_denver_south_growth.yaml"
    result = RUNNER.invoke(
        app, ["whatif", str(scen), "--json", "--time-limit", "5", "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "warning: --workers only applies to sweeps" in result.stderr
    assert "has no sweep" in result.stderr
    json.loads(result.stdout)  # the report is still printed, stdout stays JSON


def test_whatif_malformed_yaml_reads_like_malformed_json(tmp_path):
    bad = tmp_path / "s.yaml"
    bad.write_text("name: x\n  bad: 1\n")
    out = _cli("whatif", str(bad))
    assert out.returncode == 2, out.stderr
    assert out.stderr == (
        f"error: SCENARIO.yaml='{bad}': not valid YAML "
        "(line 2 column 6: mapping values are not allowed here)\n"
    )


@pytest.mark.parametrize("key", ["time_limit_s", "time_limit"])
def test_whatif_time_limit_overrides_either_spelling_of_the_file(tmp_path, key):
    # the override wrote solver.time_limit into the file's data: with the file's
    # time_limit_s beside it, that is two spellings at once
    scen = ROOT / "examples/scenarios/us_forward_denver_south_growth.yaml"
    text = scen.read_text()
    assert "  time_limit_s: 10\n" in text
    older = tmp_path / "s.yaml"
    older.write_text(text.replace("  time_limit_s: 10\n", f"  {key}: 10\n"))
    result = RUNNER.invoke(app, ["whatif", str(older), "--json", "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    assert "DEN-FWD" in json.loads(result.stdout)["open_sites"]
