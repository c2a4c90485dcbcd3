"""NaN, infinity and overflowing numbers in a scenario are errors naming the scenario's field."""

from __future__ import annotations

import copy
import warnings

import pytest
from test_whatif import SMALL

from logistics.errors import InvalidValueError
from logistics.whatif import check_scenario, parse_scenario

INF, NAN = float("inf"), float("nan")


def _with(path: str, value) -> dict:
    data = copy.deepcopy(SMALL)
    node = data
    *parents, last = path.split(".")
    for part in parents:
        node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
    node[last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("solver.time_limit_s", INF),
        ("changes.capacity_factor.*", NAN),
        ("changes.capacity_factor.*", INF),
        ("changes.demand_growth.*", INF),
        ("changes.demand_growth.*", NAN),
        ("base.sites.0.capacity", INF),
        ("base.sites.0.fixed_cost", INF),
        ("base.demand_points.0.demand", INF),
        ("cost_rates.transport_per_unit_km", INF),
        ("changes.cost_rates.penalty_beyond_same_day", INF),
        ("service.speed_kmh", INF),
    ],
)
def test_non_finite_numbers_name_their_field(path, value):
    field = path.replace(".0.", "[0].")
    with pytest.raises(InvalidValueError, match="finite") as err:
        parse_scenario(_with(path, value))
    assert err.value.field == field


def test_a_demand_growth_that_overflows_names_the_growth():
    with pytest.raises(InvalidValueError, match="too large") as err:
        check_scenario(_with("changes.demand_growth", {"*": 1e308}))
    assert err.value.field == "changes.demand_growth"


def test_a_transport_rate_that_overflows_names_the_rate():
    with pytest.raises(InvalidValueError, match="too large") as err:
        check_scenario(_with("cost_rates.transport_per_unit_km", 1e306))
    assert err.value.field == "cost_rates"


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("changes.cost_rates.penalty_beyond_next_day", 1e300, "changes.cost_rates"),
        ("changes.cost_rates.fixed_cost_factor", 1e19, "changes.cost_rates.fixed_cost_factor"),
        ("base.sites.0.fixed_cost", 1e25, "base.sites[0].fixed_cost"),
        ("changes.capacity_factor", {"*": 2.0, "B": 1e19}, "changes.capacity_factor.B"),
        ("changes.demand_growth", {"*": 1e18}, "changes.demand_growth"),
        ("base.demand_points.0.demand", 1e20, "base.demand_points[0].demand"),
    ],
)
def test_a_number_too_large_for_the_mip_names_the_scenario_field(path, value, field):
    # finite, but 1e20 and above is infinite to SCIP: the run ended "no feasible design found"
    data = _with(path, value)
    data["service"]["next_day"] = {"max_distance_m": 1000}  # the penalty is charged
    with pytest.raises(InvalidValueError) as err:
        check_scenario(data)
    assert err.value.field == field


def test_an_overflowing_transport_rate_prints_no_numpy_warning():
    # the error line came after numpy's "RuntimeWarning: overflow encountered in multiply"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InvalidValueError, match="too large"):
            check_scenario(_with("cost_rates.transport_per_unit_km", 1e306))


@pytest.mark.parametrize(
    "factors", [{"B": 1e308}, {"*": 1e308}, {"*": 1e200, "B": 1e200}], ids=["site", "all", "both"]
)
def test_an_overflowing_capacity_factor_prints_no_numpy_warning(factors):
    # fuzz: the error line came after "RuntimeWarning: overflow encountered in scalar multiply"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InvalidValueError, match="too large"):
            check_scenario(_with("changes.capacity_factor", factors))


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("service.road_factor", "service.road_factor"),
        ("changes.service.road_factor", "changes.service.road_factor"),
    ],
)
def test_an_overflowing_road_factor_names_it_without_a_numpy_warning(path, field):
    # fuzz: road_factor 1e308 printed "RuntimeWarning: overflow encountered in multiply"
    # and then blamed cost_rates, which the scenario had left at their defaults
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InvalidValueError, match="too large") as err:
            check_scenario(_with(path, 1e308))
    assert err.value.field == field
