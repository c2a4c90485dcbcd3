"""The route map's tooltips show ids as text, never as markup or script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from logistics.cli.app import app

EXAMPLE = Path(__file__).parents[3] / "examples" / "routing" / "rio_day.json"


def test_ids_in_tooltips_are_text_not_html_or_script(tmp_path):
    # folium writes a tooltip unescaped into a JavaScript template literal: a vehicle id
    # "</script><script>..." ran as script in the map GET /v1/route-plans/{id}/map.html
    # serves, and a backtick or "${" broke out of the literal
    pytest.importorskip("folium")
    problem = json.loads(EXAMPLE.read_text())
    problem["vehicles"][0]["id"] = "</script><script>alert(1)</script>"
    problem["stops"][0]["id"] = "<img src=x onerror=alert(2)>"
    problem["stops"][1]["id"] = "s`${alert(3)}`\\u"
    source, target = tmp_path / "day.json", tmp_path / "map.html"
    source.write_text(json.dumps(problem))
    args = ["route", "solve", str(source), "--format", "json", "--time-limit", "1"]
    res = CliRunner().invoke(app, [*args, "--map", str(target)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    page = target.read_text()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "${alert(3)}" not in page and "s`" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "s&#96;&#36;{alert(3)}&#96;&#92;u" in page
