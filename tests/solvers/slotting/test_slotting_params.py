"""Bad slotting options are refused at construction, naming the field and the value."""

import math

import pytest

from logistics.errors import InvalidValueError
from solvers.slotting import SlottingParams
from solvers.slotting.params import MAX_ORDERS_PER_BATCH


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("abc_shares", 0.2),  # was a TypeError (cannot unpack) from __post_init__
        ("abc_shares", None),
        ("abc_shares", "ab"),  # was a TypeError comparing str and int
        ("abc_shares", (0.2, 0.3, 0.5)),  # was a ValueError (too many values to unpack)
        ("abc_shares", (math.nan, 0.3)),
        ("seed", None),  # seeded random.Random() from the OS: not repeatable
        ("seed", "bogus"),
        ("seed", 1.5),
        ("seed", -3),  # the API refuses it; random.Random(-3) is Random(3)
        ("time_limit_s", True),
        # True was taken as 1 (a cart of one order, one move, support 1); the API refuses it
        ("orders_per_batch", True),
        ("orders_per_batch", MAX_ORDERS_PER_BATCH + 1),  # the API refused it, the library not
        ("max_iterations", True),
        ("min_support", True),
    ],
)
def test_slotting_params_refuse_bad_values(field, value):
    with pytest.raises(InvalidValueError) as err:
        SlottingParams(**{field: value})
    assert err.value.field.split("[")[0] == field


def test_slotting_params_keep_accepting_good_values():
    params = SlottingParams(abc_shares=[0.1, 0.2], seed=3)
    assert params.seed == 3
    assert SlottingParams(orders_per_batch=MAX_ORDERS_PER_BATCH).orders_per_batch == 100
