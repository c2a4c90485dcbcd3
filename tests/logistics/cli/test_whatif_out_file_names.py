"""``logistics whatif --out DIR`` writes the report inside DIR whatever the scenario's name."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from logistics.cli.app import app
from logistics.errors import InvalidValueError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "whatif"))
from test_whatif import SMALL  # noqa: E402


@pytest.mark.parametrize(("name", "file"), [("../escape", "escape"), ("a/b", "a_b")])
def test_the_report_file_stays_inside_out(tmp_path, name, file):
    scenario = copy.deepcopy(SMALL)
    scenario["name"] = name
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(scenario))
    out = tmp_path / "deep" / "out"
    result = CliRunner().invoke(app, ["whatif", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == [f"{file}_report.json"]
    assert not (tmp_path / "deep" / "escape_report.json").exists()


@pytest.mark.parametrize(
    ("out", "says"),
    [
        ("taken", "is a file; give a folder name"),
        ("taken/sub", "is under the file"),
    ],
)
def test_an_out_that_is_a_file_is_refused_before_solving(tmp_path, monkeypatch, out, says):
    import logistics.whatif

    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(SMALL))
    (tmp_path / "taken").write_text("x")
    monkeypatch.setattr(logistics.whatif, "run_scenario", lambda *_: pytest.fail("solved"))
    result = CliRunner().invoke(app, ["whatif", str(path), "--out", str(tmp_path / out)])
    assert isinstance(result.exception, InvalidValueError)
    assert result.exception.field == "out" and says in result.exception.reason


@pytest.mark.parametrize("sweep", [False, True])
def test_an_out_holding_a_folder_named_as_a_report_file_is_refused_before_solving(
    tmp_path, monkeypatch, sweep
):
    import logistics.whatif

    scenario = copy.deepcopy(SMALL)
    if sweep:
        scenario["sweep"] = {"capacity_factor.*": [1.0, 1.5]}
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(scenario))
    out = tmp_path / "out"
    taken = "_frontier.md" if sweep else "_report.json"
    (out / f"{SMALL['name']}{taken}").mkdir(parents=True)
    for solve in ("run_scenario", "run_sweep"):
        monkeypatch.setattr(logistics.whatif, solve, lambda *_, **__: pytest.fail("solved"))
    result = CliRunner().invoke(app, ["whatif", str(path), "--out", str(out)])
    assert isinstance(result.exception, InvalidValueError)
    assert result.exception.field == "out" and "holds a folder" in result.exception.reason
    assert [p.name for p in out.iterdir()] == [f"{SMALL['name']}{taken}"]  # nothing written
