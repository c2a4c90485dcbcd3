"""``logistics route solve``: the JSON contract, node ids per format, errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from logistics.cli.app import app
from logistics.datasets.catalog import instance_files

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _file(dataset: str, stem: str) -> str:
    return str(next(f for f in instance_files(dataset) if f.stem == stem))


def test_solomon_json_contract():
    res = _run(
        "route",
        "solve",
        _file("solomon_vrptw_100", "C101"),
        "--format",
        "solomon",
        "--time-limit",
        "1",
        "--json",
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert {"routes", "cost", "vehicles", "feasible"} <= set(out)
    ids = sorted(c for r in out["routes"] for c in r)
    assert ids == list(range(1, 101))  # customer numbers, depot 0 excluded
    assert out["vehicles"] == len(out["routes"]) and out["feasible"] is True
    # full-precision distance; C101's best is 828.94 with 10 routes
    assert 828.9 <= out["cost"] < 900


def test_vrplib_ids_follow_sol_files():
    res = _run(
        "route",
        "solve",
        _file("cvrplib_x", "X-n101-k25"),
        "--format",
        "vrplib",
        "--time-limit",
        "1",
        "--json",
    )
    out = json.loads(res.output)
    assert sorted(c for r in out["routes"] for c in r) == list(range(1, 101))
    assert out["cost"] >= 27591 and out["cost"] == int(out["cost"])


def test_lilim_text_output():
    res = _run(
        "route",
        "solve",
        _file("li_lim_pdptw_100", "lc101"),
        "--format",
        "lilim",
        "--time-limit",
        "1",
    )
    assert res.exit_code == 0
    assert res.output.startswith("lc101:") and "Route #1:" in res.output


def test_json_problem_format(tmp_path):
    from pathlib import Path

    example = Path(__file__).parents[3] / "examples" / "routing" / "rio_day.json"
    if not example.exists():
        pytest.skip("example problem not in this checkout")
    res = _run("route", "solve", str(example), "--format", "json", "--time-limit", "1", "--json")
    out = json.loads(res.output)
    assert out["feasible"] in (True, False) and "plan" in out
    assert all(isinstance(s, str) for r in out["routes"] for s in r)


def test_text_output_of_a_problem_without_name_starts_with_the_file_name(tmp_path):
    problem = {
        "depots": [{"id": "dc", "location": {"lat": -22.887, "lon": -43.23}}],
        "vehicle_types": [{"id": "van", "capacity": {"parcels": 10}}],
        "vehicles": [{"id": "van-1", "type": "van", "start_depot": "dc", "end_depot": "dc"}],
        "stops": [{"id": "s1", "location": {"lat": -22.97, "lon": -43.18}}],
    }
    path = tmp_path / "day.json"
    path.write_text(json.dumps(problem))
    res = _run("route", "solve", str(path), "--format", "json", "--time-limit", "1")
    assert res.exit_code == 0, res.output
    assert res.output.startswith("day.json: 1 routes, cost "), res.output


def test_map_is_written(tmp_path):
    pytest.importorskip("folium")
    target = tmp_path / "map.html"
    res = _run(
        "route",
        "solve",
        _file("solomon_vrptw_100", "C101"),
        "--format",
        "solomon",
        "--time-limit",
        "0.5",
        "--map",
        str(target),
    )
    assert res.exit_code == 0
    assert "leaflet" in target.read_text().lower()


def test_map_of_a_json_problem_shows_rfc3339_arrivals_and_meters(tmp_path):
    """Its tooltips said "arrival 34390" (seconds from the time origin) and
    "distance 38777" (matrix units) where the plan says RFC 3339 times and meters."""
    pytest.importorskip("folium")
    from pathlib import Path

    example = Path(__file__).parents[3] / "examples" / "routing" / "rio_day.json"
    target = tmp_path / "map.html"
    res = _run("route", "solve", str(example), "--format", "json", "--time-limit", "1",
               "--json", "--map", str(target))  # fmt: skip
    assert res.exit_code == 0, res.output
    route = json.loads(res.output)["plan"]["routes"][0]
    stop = next(s for s in route["steps"] if s["type"] in ("job", "pickup", "delivery"))
    page = target.read_text()
    assert f"{stop['id']} arrival {stop['arrival']}" in page
    assert f"stops, {route['distance']:,.0f} m" in page


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--format", "tsplib"], "format"),
        (["--format", "solomon", "--backend", "gurobi"], "backend"),
        (["--format", "solomon", "--time-limit", "0"], "time-limit"),
        # both were tracebacks from inside the engines (OverflowError, TypeError)
        (["--format", "solomon", "--backend", "ortools", "--time-limit", "1e308"], "time-limit=1e"),
        (["--format", "solomon", "--seed", "99999999999"], "seed=99999999999"),
    ],
)
def test_bad_options_name_the_field(args, words):
    from logistics.errors import InvalidValueError

    with pytest.raises(InvalidValueError, match=words):
        _run("route", "solve", _file("solomon_vrptw_100", "C101"), *args)


@pytest.mark.parametrize(
    ("fmt", "file", "option"),
    [
        ("json", "examples/routing/rio_day.json", "--objective"),
        ("json", "examples/routing/rio_day.json", "--convention"),
        ("vrplib", "X-n101-k25", "--objective"),
    ],
)
def test_options_a_format_does_not_read_are_refused(fmt, file, option):
    # they were ignored, even a value no format knows ("fastest")
    from logistics.errors import InvalidValueError
    from logistics.paths import project_root

    path = project_root() / file if fmt == "json" else _file("cvrplib_x", file)
    with pytest.raises(InvalidValueError) as err:
        _run("route", "solve", str(path), "--format", fmt, option, "fastest")
    assert err.value.field == option[2:] and err.value.value == "fastest"


def test_malformed_file_is_a_dataset_error(tmp_path):
    from logistics.errors import DatasetFormatError

    bad = tmp_path / "bad.txt"
    bad.write_text("C1\n\nVEHICLE\nNUMBER CAPACITY\n 2\n")
    with pytest.raises(DatasetFormatError):
        _run("route", "solve", str(bad), "--format", "solomon", "--time-limit", "1")


@pytest.mark.parametrize(
    ("name", "reason"), [("nodir/map.html", "folder does not exist"), ("", "is a folder")]
)
def test_bad_map_path_is_refused_before_solving(tmp_path, monkeypatch, name, reason):
    """``--map`` into a missing folder (or onto a folder) fails at once, not after the search."""
    pytest.importorskip("folium")
    from logistics.cli import route_cmd
    from logistics.errors import InvalidValueError

    def no_solve(*args, **kwargs):
        raise AssertionError("solved before the --map path was checked")

    monkeypatch.setattr(route_cmd, "solve_file", no_solve)
    target = tmp_path / name if name else tmp_path
    with pytest.raises(InvalidValueError, match=reason) as err:
        _run("route", "solve", _file("solomon_vrptw_100", "C101"), "--format", "solomon",
             "--time-limit", "5", "--map", str(target))  # fmt: skip
    assert err.value.field == "map"


def test_text_output_escapes_control_characters_in_ids_and_names(tmp_path):
    """A stop id ``\\x1b[2J`` cleared the terminal (or vanished when piped) and a name with
    a line break split the summary line: both are shown as escapes."""
    from tests.cli_run import run_logistics

    problem = {
        "name": "day\none",
        "depots": [{"id": "dc", "location": {"lat": -22.887, "lon": -43.23}}],
        "vehicle_types": [{"id": "van", "capacity": {"parcels": 10}}],
        "vehicles": [{"id": "van-1", "type": "van", "start_depot": "dc", "end_depot": "dc"}],
        "stops": [
            {"id": "s\x1b[2J", "location": {"lat": -22.97, "lon": -43.18}},
            {"id": "s\u202e2", "location": {"lat": -22.95, "lon": -43.19}},
        ],
    }
    path = tmp_path / "day.json"
    path.write_text(json.dumps(problem))
    out = run_logistics("route", "solve", str(path), "--format", "json", "--time-limit", "1")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("day\\none: 1 routes, cost "), out.stdout
    assert sorted(lines[1].split()[2:]) == ["s\\u202e2", "s\\x1b[2J"], out.stdout
    assert "\x1b" not in out.stdout and "\u202e" not in out.stdout
