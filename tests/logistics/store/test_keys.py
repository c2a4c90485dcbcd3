"""API keys in the store: a name the store cannot hold, or that would break the
one-key-per-line listing, is refused naming ``name`` on both databases; the last live
admin key is kept when asked (``DELETE /v1/keys/{id}``), also against a race."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import event

from logistics.errors import InvalidValueError
from logistics.store.keys import LastAdminKey, create_key, list_keys, revoke_key
from logistics.store.models import Role


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


def test_the_last_admin_key_is_kept_only_when_asked(store):
    admin, shop = create_key(store, "admin"), create_key(store, "shop")
    with pytest.raises(LastAdminKey, match=admin.id):
        revoke_key(store, admin.id, keep_an_admin=True)
    assert revoke_key(store, shop.id, keep_an_admin=True)
    assert not revoke_key(store, shop.id, keep_an_admin=True)  # not live: no key, no error
    assert not revoke_key(store, "nope", keep_an_admin=True)
    assert [k.id for k in list_keys(store)] == [admin.id]
    # the CLI and the demo revoke any key (they can create an admin key in the store)
    assert revoke_key(store, admin.id)
    assert list_keys(store) == []


def test_two_revocations_of_the_last_two_admin_keys_at_once_keep_one(store):
    keys = [create_key(store, "admin"), create_key(store, "admin")]
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def slow_commit(_conn, _cursor, statement, *_args) -> None:
        # each revocation holds its transaction open after its UPDATE: without a lock,
        # on PostgreSQL the other one's UPDATE still sees this key live and goes ahead
        if statement.lstrip().startswith("UPDATE api_keys"):
            time.sleep(0.3)

    def revoke(key_id: str) -> None:
        start.wait()
        try:
            outcomes[key_id] = revoke_key(store, key_id, keep_an_admin=True)
        except LastAdminKey:
            outcomes[key_id] = "refused"

    event.listen(store.engine, "after_cursor_execute", slow_commit)
    try:
        threads = [threading.Thread(target=revoke, args=(k.id,)) for k in keys]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        event.remove(store.engine, "after_cursor_execute", slow_commit)
    assert sorted(map(str, outcomes.values())) == ["True", "refused"], outcomes
    assert [k.role for k in list_keys(store)] == [Role.ADMIN]
