"""Pick lines and pick orders: validation at construction."""

from __future__ import annotations

import pytest

from logistics.domain.picking import PickLine, PickOrder
from logistics.errors import InvalidValueError


@pytest.mark.parametrize("totes", [0, -1])
def test_an_order_takes_at_least_one_tote(totes):
    # 0 was accepted: such orders took no room on a cart's tote limit
    with pytest.raises(InvalidValueError) as info:
        PickOrder("o-1", (PickLine("A00-L000-0"),), totes=totes)
    assert (info.value.field, info.value.value) == ("totes", totes)
    assert "at least 1 tote" in info.value.reason


def test_one_tote_is_the_default():
    assert PickOrder("o-1", (PickLine("A00-L000-0"),)).totes == 1
