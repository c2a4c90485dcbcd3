"""Idempotency keys stored with the answer in the work's own transaction (find_key/store_key)."""

from __future__ import annotations

import threading

import pytest

from logistics.store import Store
from logistics.store.db import RawJSON
from logistics.store.idempotency import (
    KeyInProgress,
    KeyReused,
    claim_key,
    find_key,
    store_key,
)


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.dispose()


def test_store_then_find_replays_the_answer(store):
    with store.read() as s:
        assert find_key(s, "o", "k", "h1") is None
    with store.write() as s:
        assert store_key(s, "o", "k", "h1", 201, RawJSON('{"id":"A","n":1}'))
    with store.read() as s:
        replay = find_key(s, "o", "k", "h1")
        assert replay.status_code == 201 and replay.body == {"id": "A", "n": 1}
        with pytest.raises(KeyReused):
            find_key(s, "o", "k", "other body")
    with store.write() as s:  # the key is taken: the second writer is told so
        assert not store_key(s, "o", "k", "h1", 201, {"id": "B"})
    with store.read() as s:
        assert find_key(s, "o", "k", "h1").body == {"id": "A", "n": 1}


def test_a_key_stored_with_an_earlier_fingerprint_matches_through_it(store):
    with store.write() as s:  # stored by a version that fingerprinted requests otherwise
        assert store_key(s, "o", "k", "old-format", 201, {"id": "A"})
    asked = []

    def earlier():
        asked.append(1)
        return ("old-format",)

    with store.read() as s:
        assert find_key(s, "o", "k", "new-format", earlier_hashes=earlier).body == {"id": "A"}
        with pytest.raises(KeyReused):
            find_key(s, "o", "k", "new-format")
        with pytest.raises(KeyReused):
            find_key(s, "o", "k", "another", earlier_hashes=lambda: ("another-old",))
        asked.clear()
        assert find_key(s, "o", "k", "old-format", earlier_hashes=earlier).body == {"id": "A"}
    assert not asked  # computed only when the stored fingerprint is not today's


def test_a_fresh_claim_is_in_progress_and_blocks_the_store(store):
    assert claim_key(store, "o", "k", "h1") is None
    with store.read() as s, pytest.raises(KeyInProgress):
        find_key(s, "o", "k", "h1")
    with store.write() as s:
        assert not store_key(s, "o", "k", "h1", 201, {"id": "A"})


def test_concurrent_writers_of_one_key_one_wins(store):
    """Both pass the look-up; at the write one stores, the other sees the key taken."""
    barrier = threading.Barrier(4)
    won = []

    def write(i):
        barrier.wait()
        with store.write() as s:
            ok = store_key(s, "o", "race", "h", 201, {"winner": i})
        if ok:
            won.append(i)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1
    with store.read() as s:
        assert find_key(s, "o", "race", "h").body == {"winner": won[0]}
