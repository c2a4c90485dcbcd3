"""Test-side deciders, a deliberately naive reservation used to show the lost update, and
migrating a test database to a revision."""

from __future__ import annotations

import threading
import time

from alembic import command
from sqlalchemy import select, update

from logistics.domain import LatLon, Sku, Warehouse
from logistics.errors import InfeasibleError
from logistics.store import Allocation, PlannedShipment, Store, upsert_skus, upsert_warehouses
from logistics.store.db import make_engine
from logistics.store.migrate import alembic_config
from logistics.store.models import Stock


def first_fit(lines: list[tuple[str, int]]):
    """A decider: each line from the first warehouse (by id) with enough free units."""

    def decide(snapshot):
        ships: dict[str, list[tuple[str, int]]] = {}
        for sku, q in lines:
            options = sorted(w for (w, s), a in snapshot.items() if s == sku and a >= q)
            if not options:
                raise InfeasibleError(f"no warehouse has {q} free units of {sku}")
            ships.setdefault(options[0], []).append((sku, q))
        return Allocation(
            tuple(PlannedShipment(w, tuple(ls)) for w, ls in sorted(ships.items())),
            explanation={"rule": "first fit"},
        )

    return decide


def fixed(shipments: dict[str, list[tuple[str, int]]]):
    """A decider that always asks for the same shipments (conflicts cannot be decided away)."""
    alloc = Allocation(tuple(PlannedShipment(w, tuple(ls)) for w, ls in sorted(shipments.items())))
    return lambda _snapshot: alloc


def naive_reserve(
    store: Store, warehouse_id: str, sku_id: str, q: int, barrier: threading.Barrier
) -> bool:
    """Read free units, then write ``read - q`` in a later transaction: the unsafe pattern."""
    with store.read() as s:
        free = s.scalar(
            select(Stock.available).where(
                Stock.warehouse_id == warehouse_id, Stock.sku_id == sku_id
            )
        )
    barrier.wait()  # every racer has read the same number before anyone writes
    if free < q:
        return False
    time.sleep(0.01)
    with store.write() as s:
        s.execute(
            update(Stock)
            .where(Stock.warehouse_id == warehouse_id, Stock.sku_id == sku_id)
            .values(available=free - q, reserved=Stock.reserved + q),
            execution_options={"synchronize_session": False},
        )
    return True


WAREHOUSES = [
    Warehouse("W1", LatLon(40.7, -74.0), capacity_per_day=1000),
    Warehouse("W2", LatLon(34.05, -118.2), capacity_per_day=1000),
]
SKUS = [Sku("A"), Sku("B"), Sku("C")]


def seed_master(store: Store) -> None:
    with store.write() as session:
        upsert_warehouses(session, WAREHOUSES)
        upsert_skus(session, SKUS)


def migrate_to(url: str, revision: str, *, down: bool = False) -> None:
    """Run Alembic's upgrade (or downgrade) of the database at ``url`` to ``revision``."""
    engine = make_engine(url)
    cfg = alembic_config(str(engine.url))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(cfg, revision)
    finally:
        engine.dispose()
