"""Every solver's ``seed`` takes any integer type but bool, ``0..2**31 - 1``, stored as an int.

Regression: ``seed=numpy.int64(3)`` (a seed read from an array or a DataFrame) was
refused by every params class; ``SlottingParams`` and ``BatchingParams`` took ``-3``
(the API refuses it, and Python's ``random.Random(-3)`` is the stream of ``Random(3)``);
``NetworkParams`` took ``2**31`` (SCIP ignored it with a warning); ``RouteParams``
took anything (``True``, ``3.0``).
"""

from __future__ import annotations

import numpy as np
import pytest

from logistics.domain._checks import MAX_SEED
from logistics.errors import InvalidValueError
from logistics.synthetic.day import DayConfig
from solvers.network import NetworkParams
from solvers.picking.result import RouteParams
from solvers.routing import RoutingParams
from solvers.slotting import SlottingParams
from solvers.sourcing.batch import BatchParams
from solvers.sourcing.params import SourcingParams
from solvers.wave_selection import WaveSelectionParams
from solvers.waves import BatchingParams

PARAMS = [
    RoutingParams,
    SlottingParams,
    NetworkParams,
    SourcingParams,
    BatchParams,
    BatchingParams,
    WaveSelectionParams,
    RouteParams,
]


@pytest.mark.parametrize("cls", [*PARAMS, DayConfig], ids=lambda c: c.__name__)
@pytest.mark.parametrize("seed", [np.int64(3), np.int32(3), np.uint16(3)], ids=repr)
def test_a_numpy_integer_seed_is_stored_as_an_int(cls, seed):
    params = cls(seed=seed)
    assert params.seed == 3 and type(params.seed) is int


@pytest.mark.parametrize("cls", PARAMS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("seed", [-1, np.int64(-3), MAX_SEED + 1, True, 3.0, "3", None], ids=repr)
def test_a_seed_outside_what_the_api_takes_is_refused(cls, seed):
    with pytest.raises(InvalidValueError) as err:
        cls(seed=seed)
    assert err.value.field == "seed"
    assert err.value.value == seed or err.value.value == int(seed)


@pytest.mark.parametrize("cls", PARAMS, ids=lambda c: c.__name__)
def test_the_api_s_seed_range_is_accepted(cls):
    assert cls(seed=0).seed == 0
    assert cls(seed=MAX_SEED).seed == MAX_SEED


def test_the_synthetic_day_takes_any_seed_numpy_takes():
    assert DayConfig(seed=2**40).seed == 2**40  # default_rng's SeedSequence takes it
    with pytest.raises(InvalidValueError) as err:
        DayConfig(seed=np.int64(-1))
    assert err.value.field == "seed"
