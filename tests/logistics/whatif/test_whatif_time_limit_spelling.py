"""A scenario's ``solver.time_limit_s``; ``solver.time_limit`` is its older spelling,
still read; both at once is an error naming the field."""

from __future__ import annotations

import copy

import pytest
from test_whatif import SMALL

from logistics.errors import InvalidValueError
from logistics.whatif import parse_scenario
from logistics.whatif.schema import SolverOptions


def _with_solver(**solver):
    data = copy.deepcopy(SMALL)
    data["solver"] = solver
    return data


@pytest.mark.parametrize("key", ["time_limit_s", "time_limit"])
def test_both_spellings_set_time_limit_s(key):
    scenario = parse_scenario(_with_solver(**{key: 3}))
    assert scenario.solver.time_limit_s == 3
    assert scenario.model_dump(mode="json")["solver"] == {"time_limit_s": 3, "single_source": False}


def test_the_default_is_ten_seconds():
    assert parse_scenario(_with_solver()).solver.time_limit_s == 10


def test_both_spellings_at_once_name_the_field():
    with pytest.raises(InvalidValueError) as err:
        parse_scenario(_with_solver(time_limit=3, time_limit_s=4))
    assert err.value.field == "solver.time_limit"
    assert "give time_limit_s or its older spelling time_limit, not both" in str(err.value)


@pytest.mark.parametrize("key", ["time_limit_s", "time_limit"])
def test_a_bad_value_names_the_key_as_written(key):
    with pytest.raises(InvalidValueError) as err:
        parse_scenario(_with_solver(**{key: 0}))
    assert err.value.field == f"solver.{key}"


def test_python_takes_either_keyword():
    assert SolverOptions(time_limit_s=2).time_limit_s == SolverOptions(time_limit=2).time_limit_s
