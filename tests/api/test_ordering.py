"""The order path's network cache (api.ordering.NetworkCache)."""

from __future__ import annotations

import contextlib

import api.ordering as ordering
from api.ordering import NetworkCache


class _Store:
    def read(self):
        return contextlib.nullcontext(None)


def test_a_network_read_that_an_admin_write_overtakes_is_not_kept(monkeypatch):
    # an order's read began before an admin's PUT cleared the cache and ended after it:
    # its (old) network was kept for ttl_s more seconds, so this process went on deciding
    # on the warehouses and carriers the admin had just changed
    cache = NetworkCache(ttl_s=60)
    reads = []

    def load_warehouses(session):
        reads.append("read")
        if len(reads) == 1:
            cache.clear()  # the admin's write lands while the first read runs
        return [f"warehouses as of read {len(reads)}"]

    monkeypatch.setattr(ordering, "load_warehouses", load_warehouses)
    monkeypatch.setattr(ordering, "load_carriers", lambda session: [])
    assert cache.get(_Store()).warehouses == ("warehouses as of read 1",)
    assert cache.get(_Store()).warehouses == ("warehouses as of read 2",)
    assert cache.get(_Store()).warehouses == ("warehouses as of read 2",)  # cached now


def test_a_sku_read_that_an_admin_write_overtakes_is_not_kept(monkeypatch):
    cache = NetworkCache(ttl_s=60)
    reads = []

    def read_skus(conn, sku_ids):
        reads.append("read")
        if len(reads) == 1:
            cache.clear()
        return [(i, 100 * len(reads), 0, "general", None) for i in sku_ids]

    monkeypatch.setattr(ordering, "read_skus", read_skus)
    assert [s.weight_g for s in cache.skus(None, ["A"])] == [100]
    assert [s.weight_g for s in cache.skus(None, ["A"])] == [200]
    assert [s.weight_g for s in cache.skus(None, ["A"])] == [200]
