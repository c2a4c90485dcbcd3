"""Switches of the solvers' params are true or false, not anything truthy.

Regression: ``NetworkParams(single_source="no")`` solved single source ("no" is
truthy), ``BatchingParams(improve="false")`` ran the local search and
``RoutingParams(log="no")`` printed the engine's log, all without a word.
"""

from __future__ import annotations

import pytest

from logistics.errors import InvalidValueError
from solvers.network import NetworkParams
from solvers.routing import RoutingParams
from solvers.waves import BatchingParams


@pytest.mark.parametrize(
    ("cls", "field"),
    [(NetworkParams, "single_source"), (BatchingParams, "improve"), (RoutingParams, "log")],
)
@pytest.mark.parametrize("value", ["no", "false", 0, None])
def test_a_switch_that_is_not_a_bool_names_its_field(cls, field, value):
    with pytest.raises(InvalidValueError) as err:
        cls(**{field: value})
    assert err.value.field == field and err.value.value == value


@pytest.mark.parametrize(
    ("cls", "field"),
    [(NetworkParams, "single_source"), (BatchingParams, "improve"), (RoutingParams, "log")],
)
def test_a_bool_switch_is_accepted(cls, field):
    assert getattr(cls(**{field: True}), field) is True
