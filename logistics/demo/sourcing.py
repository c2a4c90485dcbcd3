"""Demo stage 2: route the day's orders through the API in-process, stock reserved.

The synthetic network is loaded with admin calls (``PUT /v1/warehouses``,
``/v1/skus``, ``/v1/carriers``, ``/v1/stock``), then every order is posted with
a shop key and an ``Idempotency-Key`` exactly as a shop backend would. The
answers (shipments per site and carrier) feed the warehouse and routing stages.
"""

from __future__ import annotations

import os
import signal
import threading
import uuid
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import track
from rich.table import Table

from logistics.synthetic import SyntheticDay

__all__ = ["DaySourcing", "source_orders", "demo_db_url"]

DEMO_DB = "logistics-demo.db"


@dataclass
class DaySourcing:
    """What the API decided for each order: ``shipments[order_id]`` as returned."""

    shipments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)

    def orders_shipped_from(self, warehouse_id: str, carrier_id: str | None = None) -> set[str]:
        """Order ids with a shipment leaving ``warehouse_id`` (by ``carrier_id`` if given)."""
        return {
            oid
            for oid, ships in self.shipments.items()
            for s in ships
            if s["warehouse_id"] == warehouse_id
            and (carrier_id is None or s["carrier_id"] == carrier_id)
        }


def demo_db_url(db_url: str | None) -> tuple[str, bool]:
    """``(url, fresh)``: ``db_url``, else ``LOGISTICS_DB_URL`` (a store that may already
    hold orders), else a fresh SQLite file ``logistics-demo.db`` (``fresh`` true)."""
    url = db_url or os.environ.get("LOGISTICS_DB_URL")
    if url:
        return url, False
    path = Path(DEMO_DB)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}", True


def source_orders(day: SyntheticDay, *, db_url: str | None, console: Console) -> DaySourcing:
    """Seed the store with the day's network and post every order to ``/v1/orders``."""
    warnings.filterwarnings("ignore", message=".*httpx.*")
    from fastapi.testclient import TestClient

    from api import create_app
    from api.seed import network_payloads, order_payload
    from logistics.cli.store_url import shown_url
    from logistics.domain.sourcing import NetworkSnapshot
    from logistics.settings import Settings
    from logistics.store import Store, upgrade_database
    from logistics.store.keys import create_key, revoke_key

    url, fresh = demo_db_url(db_url)
    upgrade_database(url)
    store = Store(url)
    net = NetworkSnapshot.build(day.warehouses, day.skus, day.carriers, day.inventory)
    # order ids must be new in a store that may hold an earlier run's orders
    id_suffix = "" if fresh else f"-{uuid.uuid4().hex[:8]}"
    out = DaySourcing()
    keys: list[Any] = []
    with _ctrl_c_between_requests() as check:  # the last request is answered, keys revoked
        try:
            keys.append(create_key(store, "admin", "demo admin"))
            keys.append(create_key(store, "shop", "demo shop"))
            admin, shop = (k.secret for k in keys)
            app = create_app(Settings(db_url=url), store=store, start_workers=False)
            with TestClient(app, raise_server_exceptions=False) as client:
                held = _reserved(client, admin)  # units an earlier run's orders still hold
                for path, body in network_payloads(net).items():
                    check()
                    if path == "stock":  # the day's free units on top of them (fewer: refused)
                        body = {"items": [_on_top(item, held) for item in body["items"]]}
                    r = client.put(f"/v1/{path}", json=body, headers={"X-API-Key": admin})
                    if r.status_code != 200:
                        raise RuntimeError(f"seeding /v1/{path} failed: {r.status_code} {r.text}")
                for order in track(day.orders, description="POST /v1/orders", console=console):
                    check()
                    oid = order.id + id_suffix
                    r = client.post(
                        "/v1/orders",
                        json=order_payload(order, oid),
                        headers={"X-API-Key": shop, "Idempotency-Key": f"demo-{oid}"},
                    )
                    if r.status_code in (200, 201):
                        out.shipments[order.id] = r.json()["shipments"]
                    else:
                        out.rejected[order.id] = (
                            r.json().get("type", str(r.status_code)).rsplit("/", 1)[-1]
                        )
                reserved = sum(_reserved(client, admin).values()) - sum(held.values())
        finally:  # this run's keys only: a shared store kept two live keys (one admin) a run
            for key in keys:
                revoke_key(store, key.id)
            store.dispose()
    out.summary = _summarise(day, out, reserved)
    _print(out, shown_url(url), console)
    return out


@contextmanager
def _ctrl_c_between_requests() -> Iterator[Callable[[], None]]:
    """Ctrl-C held back to the returned check, called between two API calls: it raises
    ``KeyboardInterrupt`` once Ctrl-C came. The in-process API answers on another
    thread; a ``KeyboardInterrupt`` while this thread waited for it left the request
    running while the keys were revoked and the store closed under it. Outside the main
    thread, or with Ctrl-C ignored, nothing changes."""
    came: list[int] = []

    def check() -> None:
        if came:
            raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield check
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.SIG_IGN:
        yield check
        return
    signal.signal(signal.SIGINT, lambda *_: came.append(1))
    try:
        yield check
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
    check()  # the block ended without an error: Ctrl-C may have come after its last check


def _reserved(client: Any, admin: str) -> dict[tuple[str, str], int]:
    """Units reserved in the store per ``(warehouse_id, sku_id)`` (``GET /v1/stock``, every
    page: a page holds at most 1000 positions)."""
    reserved: dict[tuple[str, str], int] = {}
    url: str | None = "/v1/stock?limit=1000"
    while url is not None:
        r = client.get(url, headers={"X-API-Key": admin})
        if r.status_code != 200:
            raise RuntimeError(f"reading /v1/stock failed: {r.status_code} {r.text}")
        page = r.json()
        reserved |= {(p["warehouse_id"], p["sku_id"]): int(p["reserved"]) for p in page["items"]}
        url = page["next"]
    return reserved


def _on_top(item: dict[str, Any], held: dict[tuple[str, str], int]) -> dict[str, Any]:
    """A ``PUT /v1/stock`` item whose ``on_hand`` adds the units already held there."""
    extra = held.get((item["warehouse_id"], item["sku_id"]), 0)
    return {**item, "on_hand": item["on_hand"] + extra}


def _summarise(day: SyntheticDay, out: DaySourcing, reserved: int) -> dict[str, Any]:
    """The day's sourcing in numbers; ``reserved``: units this run's orders reserved."""
    ships = [s for v in out.shipments.values() for s in v]
    by_site = Counter(s["warehouse_id"] for s in ships)
    by_carrier = Counter(s["carrier_id"] for s in ships)
    return {
        "orders": len(day.orders),
        "sourced": len(out.shipments),
        "rejected": dict(Counter(out.rejected.values())),
        "shipments": len(ships),
        "landed_cost_cents": sum(int(s["cost"]) for s in ships),
        "by_site": dict(by_site),
        "by_carrier": dict(by_carrier),
        "units_reserved": reserved,
    }


def _print(out: DaySourcing, url: str, console: Console) -> None:
    s = out.summary
    console.print(
        f"[bold]Sourcing[/bold] through POST /v1/orders on {url}: {s['sourced']}/{s['orders']} "
        f"orders placed, {s['shipments']} shipments "
        f"({s['shipments'] / max(1, s['sourced']):.2f} per order), landed cost "
        f"R${s['landed_cost_cents'] / 100:,.2f}, {s['units_reserved']} units reserved; "
        f"rejected: {', '.join(f'{n} {why}' for why, n in s['rejected'].items()) or 'none'}"
    )
    table = Table(title="Shipments by site and carrier")
    table.add_column("site")
    table.add_column("shipments", justify="right")
    for site, n in sorted(s["by_site"].items()):
        table.add_row(site, str(n))
    for carrier, n in sorted(s["by_carrier"].items()):
        table.add_row(f"  carrier {carrier}", str(n))
    console.print(table)
