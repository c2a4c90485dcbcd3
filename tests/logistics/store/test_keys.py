"""API keys in the store: a name the store cannot hold, or that would break the
one-key-per-line listing, is refused naming ``name`` on both databases."""

from __future__ import annotations

import pytest

from logistics.errors import InvalidValueError
from logistics.store.keys import create_key, list_keys


def test_a_name_of_200_characters_is_kept_whole(store):
    create_key(store, "shop", "x" * 200)
    assert [k.name for k in list_keys(store)] == ["x" * 200]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("x" * 201, "name='xxxxxxxxxxxxxxxxxxxx...(201 characters)': at most 200 characters"),
        ("ops\tteam", "name='ops\\tteam': no control characters"),
        ("ops\nadmin", "name='ops\\nadmin': no control characters"),
    ],
)
def test_a_name_the_listing_cannot_show_is_refused(store, name, says):
    with pytest.raises(InvalidValueError) as err:
        create_key(store, "shop", name)
    assert str(err.value).startswith(says), err.value
    assert list_keys(store) == []
