"""Bad input gets an InvalidValueError naming the stop and field."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from logistics.domain import (
    Depot,
    PickupDelivery,
    Point,
    RoutingProblem,
    Stop,
    TimeWindow,
    Vehicle,
)
from logistics.errors import InvalidValueError
from logistics.routing_json import problem_from_json
from solvers.routing import RoutingParams
from tests.solvers.routing._instances import van

EXAMPLE = Path(__file__).parents[3] / "examples" / "routing" / "rio_day.json"


def _doc():
    return json.loads(EXAMPLE.read_text())


def test_demand_larger_than_every_vehicle_names_the_stop():
    stops = (Stop("ok", Point(1, 0), delivery=(5,)), Stop("huge", Point(2, 0), delivery=(50,)))
    with pytest.raises(InvalidValueError) as e:
        RoutingProblem((Depot("d", Point(0, 0)),), stops, (Vehicle("v", van((10,)), "d", "d"),))
    assert e.value.field == "stops[1].delivery[0]" and "huge" in e.value.reason
    assert e.value.value == 50


def test_stop_in_two_pairs_is_rejected():
    stops = tuple(Stop(s, Point(1, 0)) for s in "abc")
    with pytest.raises(InvalidValueError) as e:
        RoutingProblem(
            (Depot("d", Point(0, 0)),),
            stops,
            (Vehicle("v", van(), "d", "d"),),
            pairs=(PickupDelivery("a", "b"), PickupDelivery("a", "c")),
        )
    assert e.value.field == "pairs[1].pickup_id"


def test_domain_rejects_negative_demand_and_backwards_window():
    with pytest.raises(InvalidValueError) as e:
        Stop("s", Point(0, 0), delivery=(-1,))
    assert e.value.field == "delivery[0]"
    with pytest.raises(InvalidValueError) as e:
        TimeWindow(10, 5)
    assert e.value.field == "end"


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["stops"][3].pop("location"), "stops[3].location"),
        (lambda d: d["stops"][3]["delivery"].update(kg=-4), "stops[3].delivery.kg"),
        (lambda d: d["stops"][3]["delivery"].update(kg=100_000), "stops[3].delivery.kg"),
        (lambda d: d["stops"][3]["delivery"].update(litres=1), "stops[3].delivery.litres"),
        (
            lambda d: d["stops"][2].update(
                time_windows=[
                    {"start": "2026-11-23T12:00:00-03:00", "end": "2026-11-23T11:00:00-03:00"}
                ]
            ),
            "stops[2].time_windows[0].end",
        ),
        (
            lambda d: d["stops"][2].update(
                time_windows=[{"start": "2026-11-23T12:00:00", "end": "2026-11-23T13:00:00"}]
            ),
            "stops[2].time_windows[0].start",
        ),
        (lambda d: d["stops"][1].update(priority=500), "stops[1].priority"),
        (lambda d: d["stops"][1].update(colour="red"), "stops[1].colour"),
        (lambda d: d["stops"][1].update(location={"lat": 95, "lon": 0}), "stops[1].location.lat"),
        (lambda d: d["vehicles"][0].update(type="bike"), "vehicles[0].type"),
        (lambda d: d["vehicles"][0].update(start_depot="nowhere"), "vehicles[0].start_depot"),
        (lambda d: d["pairs"][0].update(pickup="ghost"), "pairs[0].pickup"),
        (lambda d: d["vehicle_types"][0].update(speed_factor=0), "vehicle_types[0].speed_factor"),
    ],
)
def test_json_errors_name_the_field(mutate, field):
    doc = copy.deepcopy(_doc())
    mutate(doc)
    with pytest.raises(InvalidValueError) as e:
        problem_from_json(doc)
    assert e.value.field == field, e.value


def test_params_are_checked():
    with pytest.raises(InvalidValueError):
        RoutingParams(time_limit_s=0)
    with pytest.raises(InvalidValueError):
        RoutingParams(backend="cplex")
    with pytest.raises(InvalidValueError):
        RoutingParams(first_solution="random")


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"time_limit_s": float("inf")}, "time_limit_s"),  # OverflowError in OR-Tools' adapter
        ({"time_limit_s": 1e308}, "time_limit_s"),
        ({"time_limit_s": float("nan")}, "time_limit_s"),
        ({"seed": 2**32}, "seed"),  # TypeError from PyVRP's random number generator
    ],
)
def test_params_beyond_what_the_engines_take_are_refused(kw, field):
    with pytest.raises(InvalidValueError) as e:
        RoutingParams(**kw)
    assert e.value.field == field
    RoutingParams(time_limit_s=1e9, seed=2**31 - 1)  # the largest accepted


def test_pair_delivering_more_than_picked_up_is_rejected():
    stops = (Stop("p", Point(1, 0), pickup=(2,)), Stop("d", Point(2, 0), delivery=(3,)))
    with pytest.raises(InvalidValueError) as e:
        RoutingProblem(
            (Depot("dep", Point(0, 0)),),
            stops,
            (Vehicle("v", van(), "dep", "dep"),),
            pairs=(PickupDelivery("p", "d"),),
        )
    assert e.value.field == "pairs[0].delivery_id"


def test_shift_outside_depot_hours_is_rejected():
    with pytest.raises(InvalidValueError) as e:
        RoutingProblem(
            (Depot("dep", Point(0, 0), opening=TimeWindow(0, 100)),),
            (Stop("s", Point(1, 0)),),
            (Vehicle("v", van(), "dep", "dep", shift=TimeWindow(200, 300)),),
        )
    assert e.value.field == "vehicles[0].shift"
