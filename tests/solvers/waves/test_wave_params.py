"""WaveParams refuses batching options that are not BatchingParams, naming the field."""

from __future__ import annotations

import pytest

from logistics.errors import InvalidValueError
from solvers.waves import BatchingParams, WaveParams


@pytest.mark.parametrize("batching", [None, "x", {"time_limit_s": 2}])
def test_batching_that_is_not_batching_params_is_named(batching):
    # was accepted; plan_waves then failed with AttributeError ('NoneType' ... 'start')
    with pytest.raises(InvalidValueError) as err:
        WaveParams(batching=batching)
    assert err.value.field == "batching"


def test_batching_params_are_accepted():
    assert WaveParams(BatchingParams(time_limit_s=2), 4).time_limit_s == 4
