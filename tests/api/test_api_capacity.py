"""A warehouse's daily capacity is counted down by placed orders and given back on cancel."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from api_seed import an_order, scenario, seed_network
from sqlalchemy import select

from api.seed import scenario_payloads
from logistics.store.models import Shipment, WarehouseDay

CAPACITY = {"OAK4": 2, "IND1": 1}  # every other site: 0 shipments a day


def _limit_capacity(api) -> None:
    seed_network(api)
    h = api.h("admin")
    whs = scenario_payloads(scenario())["warehouses"]
    for w in whs["warehouses"]:
        w["capacity_per_day"] = CAPACITY.get(w["id"], 0)
    assert api.client.put("/v1/warehouses", json=whs, headers=h).status_code == 200
    items = [{"warehouse_id": w, "sku_id": "SKU-002", "on_hand": 10} for w in CAPACITY]
    assert api.client.put("/v1/stock", json={"items": items}, headers=h).status_code == 200


def _order(i: int) -> dict:
    body = an_order(i % 60, id=f"cap-{i}", lines=[{"sku_id": "SKU-002", "quantity": 1}])
    body["promise"] = {"kind": "standard", "standard_days": 10}
    body.pop("created_at", None)
    return body


def _post(api, body):
    return api.client.post(
        "/v1/orders", json=body, headers=api.h("shop", **{"Idempotency-Key": body["id"]})
    )


def _counters(api) -> dict[str, int]:
    with api.store.read() as s:
        rows = s.execute(select(WarehouseDay.warehouse_id, WarehouseDay.shipments)).all()
        return {w: int(n) for w, n in rows if n}


def _held_shipments(api) -> dict[str, int]:
    with api.store.read() as s:
        from logistics.store.models import Order

        rows = s.execute(
            select(Shipment.warehouse_id)
            .join(Order, Order.id == Shipment.order_id)
            .where(Order.state == "reserved")
        ).all()
    out: dict[str, int] = {}
    for (w,) in rows:
        out[w] = out.get(w, 0) + 1
    return out


def test_orders_use_up_the_day_and_cancel_gives_it_back(api):
    _limit_capacity(api)
    codes = [_post(api, _order(i)).status_code for i in range(4)]
    assert codes == [201, 201, 201, 422], codes
    assert _counters(api) == CAPACITY == _held_shipments(api)
    r = api.client.post("/v1/orders/cap-0/cancel", headers=api.h("shop"))
    assert r.status_code == 200 and r.json()["cancelled_now"]
    again = api.client.post("/v1/orders/cap-0/cancel", headers=api.h("shop"))
    assert not again.json()["cancelled_now"]
    assert sum(_counters(api).values()) == 2  # given back exactly once
    assert _post(api, _order(10)).status_code == 201
    assert _counters(api) == CAPACITY == _held_shipments(api)
    assert _post(api, _order(11)).status_code == 422


def test_racing_orders_never_overfill_a_day(api_both):
    api = api_both
    _limit_capacity(api)
    n = 10
    barrier = threading.Barrier(n)

    def buy(i):
        body = _order(i)
        barrier.wait()
        return _post(api, body).status_code

    with ThreadPoolExecutor(n) as pool:
        codes = list(pool.map(buy, range(n)))
    assert set(codes) <= {201, 422, 409}, codes
    assert 1 <= codes.count(201) <= 3
    used = _counters(api)
    assert used == _held_shipments(api)
    assert all(used.get(w, 0) <= cap for w, cap in CAPACITY.items())
    assert set(used) <= set(CAPACITY)
    # whatever the race left is still there to take, and no more
    extra = [_post(api, _order(100 + i)).status_code for i in range(4)]
    assert extra.count(201) == 3 - codes.count(201), (codes, extra)
    assert _counters(api) == CAPACITY == _held_shipments(api)


def test_a_used_up_day_is_reported_as_capacity_not_stock(api):
    """Stock is left but no site can pick today: infeasible, naming capacity (was out_of_stock,
    "no usable site has more than 0")."""
    _limit_capacity(api)
    assert [_post(api, _order(i)).status_code for i in range(3)] == [201, 201, 201]
    r = _post(api, _order(3))
    assert r.status_code == 422
    doc = r.json()
    assert doc["sourcing_status"] == "infeasible", doc
    assert "no picking capacity left for the day it would ship" in doc["detail"], doc
    assert "out of stock" not in doc["detail"]
    notes = {n["warehouse_id"]: n["reason"] for n in doc["site_notes"]}
    assert notes["OAK4"] == notes["IND1"] == "no picking capacity left for the day it would ship"
