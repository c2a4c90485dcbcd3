"""The API-key cache: a revocation on this server applies at once."""

from __future__ import annotations

import api.deps
from api.deps import KeyCache
from logistics.store.keys import KeyInfo
from logistics.store.models import Role


def test_a_key_read_while_the_cache_is_cleared_is_not_remembered(monkeypatch):
    # DELETE /v1/keys/{id} revokes, then clears the cache; a lookup of that key running
    # meanwhile (it read the key live) stored it afterwards, and the revoked key was let
    # in for 10 s more on the server that took the DELETE
    cache = KeyCache()
    live = KeyInfo("k1", Role.SHOP, "web")

    def lookup_during_a_revocation(store, secret):
        cache.clear()  # the revocation commits and clears while this read runs
        return live

    monkeypatch.setattr(api.deps, "lookup_key", lookup_during_a_revocation)
    assert cache.get(None, "lgk_secret") == live  # this request raced the revocation
    assert cache.cached("lgk_secret") == (False, None)  # the next one reads the store


def test_a_looked_up_key_is_remembered_until_cleared(monkeypatch):
    cache = KeyCache()
    reads = []
    monkeypatch.setattr(api.deps, "lookup_key", lambda store, secret: reads.append(secret))
    cache.get(None, "lgk_a")
    cache.get(None, "lgk_a")
    assert reads == ["lgk_a"]
    cache.clear()
    cache.get(None, "lgk_a")
    assert reads == ["lgk_a", "lgk_a"]


def test_a_flood_of_unknown_keys_does_not_push_out_a_known_one(monkeypatch):
    # the cache was one table cleared whole past 10,000 entries: 10,000 made-up keys (each
    # a miss, remembered) emptied it, and every client's key was read from the store again
    cache = KeyCache(max_entries=100)
    live = KeyInfo("k1", Role.SHOP, "web")
    reads = []

    def lookup(store, secret):
        reads.append(secret)
        return live if secret == "lgk_live" else None

    monkeypatch.setattr(api.deps, "lookup_key", lookup)
    assert cache.get(None, "lgk_live") == live
    for i in range(1_000):
        assert cache.get(None, f"lgk_made_up_{i}") is None
    assert cache.get(None, "lgk_live") == live
    assert reads.count("lgk_live") == 1
    assert cache.cached("lgk_made_up_999") == (True, None)  # the newest misses stay
    assert cache.cached("lgk_made_up_0") == (False, None)  # the oldest went


def test_a_full_table_drops_its_oldest_entry(monkeypatch):
    cache = KeyCache(max_entries=3)
    monkeypatch.setattr(api.deps, "lookup_key", lambda store, s: KeyInfo(s, Role.SHOP, "web"))
    for s in ("a", "b", "c", "d"):
        cache.get(None, s)
    assert [cache.cached(s)[0] for s in ("a", "b", "c", "d")] == [False, True, True, True]
