"""Routing JSON errors name the field as the JSON spells it and show the value as written.

The domain objects name some fields otherwise (``distance`` for
``matrices.distance_m``, ``pairs[0].pickup_id`` for ``pairs[0].pickup``, quantities
as tuples, times as seconds); errors coming from them are told in JSON terms.
"""

from __future__ import annotations

import copy
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from logistics.errors import InvalidValueError
from logistics.routing_json import load_problem, problem_from_json

ROOT = Path(__file__).resolve().parents[2]
RIO = json.loads((ROOT / "examples" / "routing" / "rio_day.json").read_text())
N = len(RIO["depots"]) + len(RIO["stops"])
T = "2026-11-23T{}:00-03:00".format


def _error(mutate) -> InvalidValueError:
    doc = copy.deepcopy(RIO)
    mutate(doc)
    with pytest.raises(InvalidValueError) as e:
        problem_from_json(doc)
    return e.value


def _pair_delivery(d: dict) -> dict:
    return next(s for s in d["stops"] if s["id"] == d["pairs"][0]["delivery"])


# (change to the example, JSON field, value as written) for fields whose domain name or
# value differs from the JSON's
CASES = [
    (lambda d: d.update(matrices={"distance_m": [[-1] * N] * N}), "matrices.distance_m[0][0]", -1),
    (lambda d: d.update(matrices={"duration_s": [[-5] * N] * N}), "matrices.duration_s[0][0]", -5),
    (
        lambda d: d.update(matrices={"distance_m": [[1] * 3] * 3}),
        "matrices.distance_m",
        "3 rows",
    ),
    (
        lambda d: d.update(matrices={"duration_s": [[1] * N] * (N - 1) + [[1]]}),
        f"matrices.duration_s[{N - 1}]",
        "1 values",
    ),
    # 1.5 s used to be truncated to 1 without a word
    (
        lambda d: d.update(matrices={"duration_s": [[1.5] * N] * N}),
        "matrices.duration_s[0][0]",
        1.5,
    ),
    (lambda d: d["pairs"][0].update(pickup="ghost"), "pairs[0].pickup", "ghost"),
    (lambda d: d["pairs"][0].update(delivery="ghost"), "pairs[0].delivery", "ghost"),
    (lambda d: _pair_delivery(d).update(delivery={"kg": 50}), "pairs[0].delivery", "ret-1-store"),
    (
        lambda d: d["stops"][0].update(delivery={"kg": 1_000_000, "parcels": 1}),
        "stops[0].delivery.kg",
        1_000_000,
    ),
    (lambda d: d["stops"][0].update(pickup={"parcels": 10_000}), "stops[0].pickup.parcels", 10_000),
    (lambda d: d["stops"][0].update(delivery={"kg": -1}), "stops[0].delivery.kg", -1),
    (lambda d: d["vehicle_types"][0]["capacity"].update(kg=-5), "vehicle_types[0].capacity.kg", -5),
    (lambda d: d["stops"][1].update(id=d["stops"][0]["id"]), "stops[1].id", "o-1001"),
    (lambda d: d["vehicles"][1].update(id=d["vehicles"][0]["id"]), "vehicles[1].id", "van-1"),
    (lambda d: d["depots"].append(copy.deepcopy(d["depots"][0])), "depots[1].id", "rio-dc"),
    (
        lambda d: d["vehicle_types"][0].update(skills=["fridge", ""]),
        "vehicle_types[0].skills[1]",
        "",
    ),
    (lambda d: d["stops"][0].update(skills=[5]), "stops[0].skills[0]", 5),
    (
        lambda d: d["vehicles"][0]["breaks"][0].update(
            window={"start": T("18:00"), "end": T("19:00")}
        ),
        "vehicles[0].breaks[0].window",
        {"start": T("18:00"), "end": T("19:00")},
    ),
    (
        lambda d: d["depots"][0].update(opening={"start": T("18:00"), "end": T("19:00")}),
        "vehicles[0].shift",
        RIO["vehicles"][0]["shift"],
    ),
    (
        lambda d: d["stops"][0].update(
            time_windows=[
                {"start": T("08:00"), "end": T("10:00")},
                {"start": T("09:00"), "end": T("11:00")},
            ]
        ),
        "stops[0].time_windows",
        [{"start": T("08:00"), "end": T("10:00")}, {"start": T("09:00"), "end": T("11:00")}],
    ),
]


@pytest.mark.parametrize(("mutate", "field", "value"), CASES)
def test_domain_errors_are_told_in_json_terms(mutate, field, value):
    e = _error(mutate)
    assert e.field == field, e
    shown = json.loads(repr(e.value)) if isinstance(value, dict | list) else e.value
    assert shown == value, e
    assert str(e).startswith(f"{field}=")
    for internal in ("TimeWindow", "Break(", "_id", "(1000000", "distance=", "duration="):
        assert internal not in str(e)


def test_json_values_are_shown_as_json_and_errors_still_pickle():
    late = {"start": T("18:00"), "end": T("19:00")}
    e = _error(lambda d: d["vehicles"][0]["breaks"][0].update(window=late))
    assert str(e) == (
        'vehicles[0].breaks[0].window={"start": "2026-11-23T18:00:00-03:00", '
        '"end": "2026-11-23T19:00:00-03:00"}: the break cannot be taken within the shift'
    )
    back = pickle.loads(pickle.dumps(e))
    assert str(back) == str(e) and back.field == e.field


def test_a_break_longer_than_its_shift_blames_its_duration():
    e = _error(lambda d: d["vehicles"][0]["breaks"][0].update(duration_s=100_000))
    assert (e.field, e.value) == ("vehicles[0].breaks[0].duration_s", 100_000)
    assert "longer than the shift (36000 s)" in e.reason


def test_a_zero_length_shift_with_a_break_blames_the_shift():
    shift = {"start": T("07:00"), "end": T("07:00")}
    e = _error(lambda d: d["vehicles"][0].update(shift=shift))
    assert e.field == "vehicles[0].shift" and json.loads(repr(e.value)) == shift


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.pop("stops"), "stops"),
        (lambda d: d.pop("depots"), "depots"),
        (lambda d: d.update(colour="red"), "colour"),
    ],
)
def test_top_level_fields_have_no_stray_dot(mutate, field):
    e = _error(mutate)
    assert e.field == field and e.pointer == f"/{field}"
    assert e.prefixed("problem").field == f"problem.{field}"


def test_a_document_that_is_not_an_object_is_named_by_its_file(tmp_path):
    with pytest.raises(InvalidValueError) as e:
        problem_from_json([1, 2])
    assert e.value.field == "" and e.value.prefixed("problem").pointer == "/problem"
    path = tmp_path / "list.json"
    path.write_text("[1, 2]")
    with pytest.raises(InvalidValueError) as e:
        load_problem(path)
    assert str(e.value) == f"FILE='{path}': expected an object, not [1, 2]"


@pytest.mark.parametrize(
    ("text", "shown"), [("null", "null"), ('"rio"', '"rio"'), ("true", "true"), ("7", "7")]
)
def test_a_document_that_is_not_an_object_is_shown_as_json(tmp_path, text, shown):
    # null read "not None", a string "not 'rio'", true "not True"
    path = tmp_path / "day.json"
    path.write_text(text)
    with pytest.raises(InvalidValueError) as e:
        load_problem(path)
    assert str(e.value) == f"FILE='{path}': expected an object, not {shown}"


def test_an_unknown_unit_lists_the_units_as_json():
    e = _error(lambda d: d["stops"][0].update(delivery={"litres": 1}))
    assert e.field == "stops[0].delivery.litres"
    assert e.reason == 'unknown unit; units are ["kg", "parcels"]'  # was ('kg', 'parcels')


def test_cli_names_the_matrix_by_its_json_key(tmp_path):
    doc = copy.deepcopy(RIO)
    doc["matrices"] = {"distance_m": [[0] * N for _ in range(N)]}
    doc["matrices"]["distance_m"][2][1] = -1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    out = subprocess.run(
        [sys.executable, "-m", "logistics", "route", "solve", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip() == "error: matrices.distance_m[2][1]=-1: travel must not be negative"
