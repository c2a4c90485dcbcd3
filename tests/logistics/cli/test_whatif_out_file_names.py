"""``logistics whatif --out DIR`` writes the report inside DIR whatever the scenario's name."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from logistics.cli.app import app

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
