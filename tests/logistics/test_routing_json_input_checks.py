"""Routing JSON inputs a dispatcher gets wrong: each is a typed error naming the field
and the value as the document holds it, never a traceback."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from logistics.errors import InvalidValueError
from logistics.routing_json import load_problem, problem_from_json
from tests.cli_run import run_logistics

ROOT = Path(__file__).resolve().parents[2]
RIO = json.loads((ROOT / "examples" / "routing" / "rio_day.json").read_text())
N = len(RIO["depots"]) + len(RIO["stops"])


def _error(mutate) -> InvalidValueError:
    doc = copy.deepcopy(RIO)
    mutate(doc)
    with pytest.raises(InvalidValueError) as e:
        problem_from_json(doc)
    return e.value


@pytest.mark.parametrize("bad", [["van"], {"id": "van"}, 7, True])
def test_a_vehicle_type_that_is_not_a_string_is_named(bad):
    # a list or an object used to raise TypeError (unhashable): a 500 from the API
    e = _error(lambda d: d["vehicles"][0].update(type=bad))
    assert (e.field, e.value) == ("vehicles[0].type", bad)
    assert e.reason == "expected a vehicle type id (a string)"


@pytest.mark.parametrize(
    ("objective", "field", "value"),
    [
        ({"span_cost": 1}, "objective.span_cost", 1),
        ([1], "objective", [1]),
        (None, "objective", None),
    ],
)
def test_objective_errors_are_named_once(objective, field, value):
    # used to read objective.objective.span_cost (pointer /objective/objective/...)
    e = _error(lambda d: d.update(objective=objective))
    assert e.field == field and e.value == value, e


def test_vehicle_costs_must_be_true_or_false():
    # "no" used to be accepted and counted as true
    e = _error(lambda d: d.update(objective={"vehicle_costs": "no"}))
    assert (e.field, e.value, e.reason) == (
        "objective.vehicle_costs",
        "no",
        "expected true or false",
    )


@pytest.mark.parametrize("name", [None, 5, {"day": 1}, ["rio"]])
def test_the_name_is_a_string(name):
    # null used to become the name "None", an object its Python repr
    e = _error(lambda d: d.update(name=name))
    assert (e.field, e.value, e.reason) == ("name", name, "expected a string")


def test_a_boolean_among_matrix_integers_is_named():
    # numpy made [0, true, ...] an integer matrix: true was read as 1 second
    def mutate(d):
        m = [[1] * N for _ in range(N)]
        m[1][2] = True
        d.update(matrices={"duration_s": m})

    e = _error(mutate)
    assert (e.field, e.value, e.reason) == (
        "matrices.duration_s[1][2]",
        True,
        "expected an integer",
    )


@pytest.mark.parametrize("units", [[""], ["kg", " "]])
def test_unit_names_are_not_blank(units):
    e = _error(lambda d: d.update(units=units))
    assert e.field == "units" and e.value == units


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "S\u00e3o Paulo"}'.encode("latin-1"))
    with pytest.raises(InvalidValueError) as e:
        load_problem(path)
    # named as the command line names the file, the path as the value (the path was the field)
    assert (e.value.field, e.value.value) == ("FILE", str(path))
    assert e.value.reason == "not UTF-8 text (byte 11)"


def test_cli_reports_a_bad_vehicle_type_without_a_traceback(tmp_path):
    doc = copy.deepcopy(RIO)
    doc["vehicles"][0]["type"] = ["van"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    out = run_logistics("route", "solve", str(path), "--format", "json")
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip() == (
        "error: vehicles[0].type=['van']: expected a vehicle type id (a string)"
    )


BIG = 10**30  # used to pass the reader and crash the solver (int64 overflow: a traceback)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["stops"][0].update(service_s=BIG), "stops[0].service_s"),
        (lambda d: d["stops"][0].update(penalty=BIG), "stops[0].penalty"),
        (lambda d: d["stops"][0].update(lateness_cost_per_s=BIG), "stops[0].lateness_cost_per_s"),
        (
            lambda d: d["vehicle_types"][0]["capacity"].update(kg=BIG),
            "vehicle_types[0].capacity.kg",
        ),
        (lambda d: d["vehicle_types"][0].update(fixed_cost=BIG), "vehicle_types[0].fixed_cost"),
        (lambda d: d["vehicle_types"][0].update(cost_per_km=BIG), "vehicle_types[0].cost_per_km"),
        (
            lambda d: d["vehicle_types"][0].update(cost_per_hour=BIG),
            "vehicle_types[0].cost_per_hour",
        ),
        (
            lambda d: d["vehicle_types"][0].update(max_duration_s=BIG),
            "vehicle_types[0].max_duration_s",
        ),
        (
            lambda d: d["vehicle_types"][0].update(max_distance_m=BIG),
            "vehicle_types[0].max_distance_m",
        ),
        (
            lambda d: d["vehicles"][0]["breaks"][0].update(duration_s=BIG),
            "vehicles[0].breaks[0].duration_s",
        ),
        (lambda d: d.update(objective={"per_vehicle": BIG}), "objective.per_vehicle"),
        (lambda d: d.update(objective={"unserved_penalty": BIG}), "objective.unserved_penalty"),
        (
            lambda d: d.update(matrices={"duration_s": [[BIG] * N for _ in range(N)]}),
            "matrices.duration_s[0][0]",
        ),
        (
            lambda d: d.update(matrices={"distance_m": [[2**63] * N for _ in range(N)]}),
            "matrices.distance_m[0][0]",
        ),
    ],
)
def test_huge_numbers_are_named(mutate, field):
    e = _error(mutate)
    assert e.field == field, e
    assert e.reason.startswith("must be <= "), e


@pytest.mark.parametrize("speed", [1e300, 1000])
def test_a_huge_speed_factor_is_named(speed):
    # 1e300 made every travel time overflow int64: every stop unassigned as "no_room"
    e = _error(lambda d: d["vehicle_types"][0].update(speed_factor=speed))
    assert (e.field, e.value) == ("vehicle_types[0].speed_factor", speed)


def test_a_hugely_negative_matrix_entry_is_negative_travel():
    e = _error(lambda d: d.update(matrices={"distance_m": [[-(2**70)] * N for _ in range(N)]}))
    assert (e.field, e.value, e.reason) == (
        "matrices.distance_m[0][0]",
        -(2**70),
        "travel must not be negative",
    )


def test_breaks_longer_than_the_shift_together_are_named():
    T = "2026-11-23T{}:00-03:00".format
    whole_day = {"start": T("07:00"), "end": T("17:00")}
    breaks = [
        {"window": whole_day, "duration_s": 20_000},
        {"window": whole_day, "duration_s": 20_000},
    ]
    e = _error(lambda d: d["vehicles"][0].update(breaks=breaks))
    assert (e.field, e.value) == ("vehicles[0].breaks[1].duration_s", 20_000)
    assert "longer than the shift (36000 s)" in e.reason


def test_breaks_that_would_overlap_are_named_with_the_json_value():
    T = "2026-11-23T{}:00-03:00".format
    noon = {"window": {"start": T("12:00"), "end": T("12:30")}, "duration_s": 3600}
    e = _error(lambda d: d["vehicles"][0].update(breaks=[noon, noon]))
    assert e.field == "vehicles[0].breaks"
    assert json.loads(repr(e.value)) == [noon, noon]


def test_an_end_depot_closed_all_shift_is_named():
    T = "2026-11-23T{}:00-03:00".format

    def mutate(d):
        night = {"start": T("00:00"), "end": T("05:00")}
        d["depots"].append(
            {"id": "night", "location": {"lat": -22.9, "lon": -43.1}, "opening": night}
        )
        d["vehicles"][0]["end_depot"] = "night"

    e = _error(mutate)
    assert (e.field, e.value) == ("vehicles[0].end_depot", "night")


def test_a_stop_no_single_vehicle_carries_is_named_by_its_json_quantities():
    # the example's vans carry 800 kg and 120 parcels, the cold van 600 kg and 80 parcels:
    # 700 kg fits one, 100 parcels the other (never both at once on the cold van)
    def mutate(d):
        d["vehicle_types"][0]["capacity"] = {"kg": 800, "parcels": 60}
        d["vehicle_types"][1]["capacity"] = {"kg": 600, "parcels": 120}
        d["stops"][0].update(delivery={"kg": 700, "parcels": 100})

    e = _error(mutate)
    assert e.field == "stops[0].delivery"
    assert json.loads(repr(e.value)) == {"kg": 700, "parcels": 100}
    assert "no vehicle carries 700 kg and 100 parcels at once" in e.reason


@pytest.mark.parametrize(
    "bad",
    [
        "20261123T080000-0300",
        "2026-11-23T08:00-03:00",
        "2026-11-23T08:00:00-0300",
        "2026-W48-1T08:00:00Z",
    ],
)
def test_a_time_that_is_not_rfc_3339_is_refused(bad):
    # fromisoformat took these ISO 8601 forms: not RFC 3339, which the format promises
    e = _error(lambda d: d["stops"][1]["time_windows"][0].update(start=bad))
    assert (e.field, e.value) == ("stops[1].time_windows[0].start", bad)
    assert e.reason == "expected an RFC 3339 time with offset"


def test_rfc_3339_times_in_either_case_and_with_a_space_are_read():
    # RFC 3339 allows t, z and a space; a lowercase z was refused
    doc = copy.deepcopy(RIO)
    doc["time_origin"] = "2026-11-23t00:00:00z"
    doc["stops"][1]["time_windows"][0]["start"] = "2026-11-23 11:00:00.5Z"
    window = problem_from_json(doc).problem.stops[1].time_windows[0]
    assert window.start == 11 * 3600


def test_a_long_value_is_shown_cut_short(tmp_path):
    # a Loggi BUD file read as our format printed its whole "deliveries" list (30 kB)
    doc = copy.deepcopy(RIO)
    doc["deliveries"] = [{"id": f"d{i}", "size": 3} for i in range(500)]
    e = _error(lambda d: d.update(deliveries=doc["deliveries"]))
    assert e.field == "deliveries" and e.reason.startswith("unknown field")
    assert str(e).startswith('deliveries=[{"id": "d0", "size": 3}, ') and len(str(e)) < 500
    path = tmp_path / "loggi.json"
    path.write_text(json.dumps(doc))
    r = run_logistics("route", "solve", str(path), "--format", "json")
    assert r.returncode == 2 and r.stdout == "" and len(r.stderr) < 500
    assert r.stderr.startswith('error: deliveries=[{"id": "d0", "size": 3}, ')


def test_a_quantity_that_is_not_an_object_lists_the_units_without_a_python_list():
    e = _error(lambda d: d["stops"][0].update(delivery=[5]))
    assert e.field == "stops[0].delivery"
    assert e.reason.startswith("expected an object keyed by unit: '")
    assert "[" not in e.reason
