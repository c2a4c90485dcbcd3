"""RoutingProblem and its Objective reject what a solver could only misread."""

from __future__ import annotations

import pytest

from logistics.domain import Objective
from logistics.errors import InvalidValueError


@pytest.mark.parametrize("value", ["no", 0, 1, None])
def test_vehicle_costs_is_a_boolean(value):
    with pytest.raises(InvalidValueError) as e:
        Objective(vehicle_costs=value)
    assert (e.value.field, e.value.value) == ("vehicle_costs", value)
