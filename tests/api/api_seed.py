"""Set up the generated US network through the admin API."""

from __future__ import annotations

from functools import lru_cache

from api.seed import order_payload, scenario_payloads, us_scenario


@lru_cache(maxsize=1)
def scenario():
    return us_scenario(seed=3, n_orders=60)


def seed_network(api, stock_scale: float = 1.0):
    sc = scenario()
    p = scenario_payloads(sc, stock_scale)
    h = api.h("admin")
    for path, name in (
        ("/v1/warehouses", "warehouses"),
        ("/v1/skus", "skus"),
        ("/v1/carriers", "carriers"),
        ("/v1/stock", "stock"),
    ):
        r = api.client.put(path, json=p[name], headers=h)
        assert r.status_code == 200, r.text
    return sc


def an_order(i: int = 0, **changes):
    body = order_payload(scenario().orders[i])
    body.update(changes)
    return body
