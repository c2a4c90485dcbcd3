"""Bad search settings are refused at construction, naming the field and the value."""

import math

import pytest

from logistics.errors import InvalidValueError
from solvers.sourcing import BatchParams, SourcingParams


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_limit_s", math.nan),  # used to end CP-SAT at once with a worse plan
        ("time_limit_s", math.inf),
        ("time_limit_s", True),
        ("candidates_per_order", True),  # was reported as ``runner_ups`` from inside the solve
        ("max_extra_cost", "x"),
        ("max_extra_cost", -5),
        ("now", "x"),  # was a TypeError inside candidate generation
        ("now", 1.5),
        ("workers", "bogus"),  # was a ValueError from int() inside the CP-SAT setup
        ("workers", -1),
        ("seed", "x"),
        ("seed", 2**31),
    ],
)
def test_batch_params_refuse_bad_values(field, value):
    with pytest.raises(InvalidValueError) as err:
        BatchParams(**{field: value})
    assert err.value.field == field
    assert err.value.value is value or err.value.value == value


def test_batch_params_accept_their_defaults_and_all_cores():
    assert BatchParams(workers=0, now=0, max_extra_cost=0).workers == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_limit_s", math.inf),
        ("time_limit_s", True),
        ("exact_max_groups", True),  # was taken as 1
        ("seed", "x"),  # was accepted, then int() failed inside the CP-SAT path (large orders)
        ("seed", -1),
        ("explain", "no"),  # was truthy: notes were built
    ],
)
def test_sourcing_params_refuse_bad_values(field, value):
    with pytest.raises(InvalidValueError) as err:
        SourcingParams(**{field: value})
    assert err.value.field == field
