"""Request bodies for the admin endpoints built from a generated sourcing scenario.

Used by the tests, the load benchmark and the README to set up a realistic
network (the US fulfillment network of :mod:`logistics.sourcing_scenario`)
through the API itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from logistics.domain import Order
from logistics.domain.sourcing import NetworkSnapshot
from logistics.sourcing_scenario import SourcingScenario, us_scenario
from logistics.store.carriers import carrier_to_spec

__all__ = ["network_payloads", "scenario_payloads", "order_payload", "us_scenario"]


def scenario_payloads(scenario: SourcingScenario, stock_scale: float = 1.0) -> dict[str, Any]:
    """``{"warehouses": {...}, "skus": {...}, "carriers": {...}, "stock": {...}}`` bodies."""
    return network_payloads(scenario.network, stock_scale)


def network_payloads(net: NetworkSnapshot, stock_scale: float = 1.0) -> dict[str, Any]:
    """The admin ``PUT /v1/<name>`` bodies that load ``net``, keyed by ``name``, in order."""
    warehouses = [
        {
            "id": w.id,
            "name": w.name,
            "location": w.location.to_dict(),
            "kind": str(w.kind),
            "capacity_per_day": w.capacity_per_day,
            "cutoffs_s": list(w.cutoffs_s),
            "handling_cost_per_order": w.handling_cost_per_order,
            "handling_cost_per_unit": w.handling_cost_per_unit,
            "utc_offset_s": w.utc_offset_s,
            **({"time_zone": w.time_zone} if w.time_zone is not None else {}),
        }
        for w in net.warehouses
    ]
    skus = [
        {k: v for k, v in {"id": s.id, "weight_g": s.weight_g, "kit_id": s.kit_id}.items() if v}
        for s in net.skus
    ]
    carriers = [carrier_to_spec(c) for c in net.carriers]
    for c in carriers:
        if c["rate_card"] is None:
            del c["rate_card"]
    stock = [
        {"warehouse_id": w.id, "sku_id": s.id, "on_hand": int(net.available[i, j] * stock_scale)}
        for i, w in enumerate(net.warehouses)
        for j, s in enumerate(net.skus)
    ]
    return {
        "warehouses": {"warehouses": warehouses},
        "skus": {"skus": skus},
        "carriers": {"carriers": carriers},
        "stock": {"items": stock},
    }


def order_payload(order: Order, order_id: str | None = None) -> dict[str, Any]:
    """The ``POST /v1/orders`` body of a domain order."""
    promise: dict[str, Any] = {"kind": str(order.promise.kind)}
    if order.promise.hours is not None:
        promise["hours"] = order.promise.hours
    if str(order.promise.kind) == "standard":
        promise["standard_days"] = order.promise.standard_days
    return {
        "id": order_id or order.id,
        "lines": [{"sku_id": ln.sku_id, "quantity": ln.quantity} for ln in order.lines],
        "ship_to": order.ship_to.to_dict(),
        "promise": promise,
        "created_at": dt.datetime.fromtimestamp(order.created_at, dt.UTC).isoformat(),
        "channel": order.channel,
    }
