"""refuse_duplicates: a bulk write naming one row twice is refused at the second row."""

import pytest

from logistics.errors import InvalidValueError
from logistics.store.bulk_writes import refuse_duplicates


def test_distinct_keys_pass():
    refuse_duplicates(["a", "b"], "skus", "id", "SKU")
    refuse_duplicates([("W1", "A"), ("W2", "A"), ("W1", "B")], "items", "sku_id", "position")


def test_the_second_row_of_a_key_is_named_with_the_first():
    with pytest.raises(InvalidValueError) as info:
        refuse_duplicates([("W1", "A"), ("W2", "A"), ("W1", "A")], "items", "sku_id", "position")
    err = info.value
    assert (err.field, err.value) == ("items[2].sku_id", "A")
    assert err.reason == "duplicate position W1/A (items[0] too)"
    with pytest.raises(InvalidValueError) as info:
        refuse_duplicates(["x", "y", "y"], "warehouses", "id", "warehouse")
    assert str(info.value) == "warehouses[2].id='y': duplicate warehouse y (warehouses[1] too)"
