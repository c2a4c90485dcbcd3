"""``"dispatched"`` on a vehicle in the routing JSON: read, written back, errors by JSON
path, and ``logistics route solve`` keeping the dispatched stops first."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from logistics.cli.app import app
from logistics.errors import InvalidValueError
from logistics.routing_json import problem_from_json, problem_to_json

ROOT = Path(__file__).resolve().parents[2]
RIO = json.loads((ROOT / "examples/routing/rio_day.json").read_text())


def _rio(**dispatched) -> dict:
    doc = copy.deepcopy(RIO)
    for v in doc["vehicles"]:
        if v["id"] in dispatched:
            v["dispatched"] = dispatched[v["id"]]
    return doc


def test_round_trip():
    doc = problem_from_json(_rio(**{"van-2": ["o-1004", "ret-1", "ret-1-store"]}))
    assert doc.problem.vehicles[1].dispatched == ("o-1004", "ret-1", "ret-1-store")
    assert doc.problem.vehicles[0].dispatched == ()
    out = problem_to_json(doc.problem, doc.origin)
    assert out["vehicles"][1]["dispatched"] == ["o-1004", "ret-1", "ret-1-store"]
    assert out["vehicles"][0]["dispatched"] == []
    again = problem_from_json(out)
    assert [v.dispatched for v in again.problem.vehicles] == [
        v.dispatched for v in doc.problem.vehicles
    ]


@pytest.mark.parametrize(
    ("dispatched", "field", "value"),
    [
        ({"van-1": "o-1004"}, "vehicles[0].dispatched", "o-1004"),
        ({"van-1": ["o-1004", 7]}, "vehicles[0].dispatched[1]", 7),
        ({"van-2": ["o-1004", "o-1004"]}, "vehicles[1].dispatched[1]", "o-1004"),
        ({"van-1": ["o-1004", "ghost"]}, "vehicles[0].dispatched[1]", "ghost"),
        ({"van-1": ["o-1004"], "van-2": ["o-1004"]}, "vehicles[1].dispatched[0]", "o-1004"),
        ({"van-1": ["ret-1-store"]}, "vehicles[0].dispatched[0]", "ret-1-store"),
    ],
)
def test_errors_name_the_json_path(dispatched, field, value):
    with pytest.raises(InvalidValueError) as info:
        problem_from_json(_rio(**dispatched))
    assert (info.value.field, info.value.value) == (field, value)


def test_route_solve_keeps_dispatched_stops_first(tmp_path):
    path = tmp_path / "replan.json"
    # o-1005 is in Barra da Tijuca, far west; o-1013 elsewhere
    path.write_text(json.dumps(_rio(**{"van-3": ["o-1005", "o-1013"]})))
    res = CliRunner().invoke(
        app,
        ["route", "solve", str(path), "--format", "json", "--time-limit", "1", "--json"],
        catch_exceptions=False,
    )
    out = json.loads(res.output)
    route = next(r for r in out["plan"]["routes"] if r["vehicle"] == "van-3")
    visits = [s["id"] for s in route["steps"] if s["type"] in ("job", "pickup", "delivery")]
    assert visits[:2] == ["o-1005", "o-1013"]


def test_route_solve_refuses_a_prefix_that_misses_a_window(tmp_path):
    path = tmp_path / "late.json"
    # van-3 starts at 09:00; o-1001's window closes at 10:00, after o-1023 (15:00-17:00)
    path.write_text(json.dumps(_rio(**{"van-3": ["o-1023", "o-1001"]})))
    with pytest.raises(InvalidValueError) as info:
        CliRunner().invoke(
            app,
            ["route", "solve", str(path), "--format", "json", "--time-limit", "1"],
            catch_exceptions=False,
        )
    assert info.value.field == "vehicles[2].dispatched"
    assert "stop 'o-1001' cannot be reached before its window closes at " in info.value.reason
    assert "2026-11-23T10:00:00-03:00" in info.value.reason


def test_the_replan_example_is_drivable():
    from logistics.routing_json import load_problem
    from solvers.routing.dispatched import check_dispatched

    doc = load_problem(ROOT / "examples/routing/rio_replan.json")
    check_dispatched(doc.problem, format_time=doc.to_time)
    assert {v.id: v.dispatched for v in doc.problem.vehicles if v.dispatched} == {
        "van-1": ("o-1013", "ret-1", "ret-1-store"),
        "van-2": ("o-1009", "o-1010"),
        "cold-1": ("o-1004",),
    }
