"""SourcingRules names container fields of the wrong kind instead of misreading them."""

from __future__ import annotations

import pytest

from logistics.domain.sourcing import SourcingRules
from logistics.errors import InvalidValueError


@pytest.mark.parametrize("value", ["FC-NORTE", 5, None])
def test_excluded_sites_that_are_not_a_list_are_named(value):
    # a string became the set of its letters ({'F', 'C', '-', ...}): no site was excluded
    with pytest.raises(InvalidValueError) as err:
        SourcingRules(excluded_warehouse_ids=value)
    assert err.value.field == "excluded_warehouse_ids"


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ("x", "safety_stock_by_channel"),
        (5, "safety_stock_by_channel"),
        (["x"], "safety_stock_by_channel[0]"),
        ([("web", 1, 2)], "safety_stock_by_channel[0]"),
    ],
)
def test_safety_stock_that_is_not_channel_units_pairs_is_named(value, field):
    # were "ValueError: not enough values to unpack" / "TypeError: 'int' ... not iterable"
    with pytest.raises(InvalidValueError) as err:
        SourcingRules(safety_stock_by_channel=value)
    assert err.value.field == field


def test_lists_and_mappings_are_still_accepted():
    rules = SourcingRules(
        safety_stock_by_channel={"marketplace": 1}, excluded_warehouse_ids=["FC-NORTE"]
    )
    assert rules.excluded_warehouse_ids == frozenset({"FC-NORTE"})
    assert SourcingRules(safety_stock_by_channel=[("web", 2)]).channel_reserve("web") == 2
