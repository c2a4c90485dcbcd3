"""Migration 0005 (warehouses.time_zone) and the store reading and writing it, on both
databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, text
from store_helpers import migrate_to

from logistics.domain import LatLon, Warehouse
from logistics.store import Store, upgrade_database
from logistics.store.db import make_engine
from logistics.store.stock import load_warehouses, upsert_warehouses
from logistics.store.testing import pg_schema_or_skip


def test_warehouse_time_zone_is_stored_and_read_back(store):
    chicago = Warehouse("ORD", LatLon(41.9, -87.6), 500, time_zone="America/Chicago")
    fixed = Warehouse("PHX", LatLon(33.4, -112.0), 500, utc_offset_s=-7 * 3600)
    with store.write() as s:
        assert upsert_warehouses(s, [chicago, fixed]) == 2
    with store.read() as s:
        assert load_warehouses(s) == [chicago, fixed]
    # back to a fixed offset: the zone is cleared
    with store.write() as s:
        upsert_warehouses(s, [Warehouse("ORD", LatLon(41.9, -87.6), 500, utc_offset_s=-6 * 3600)])
    with store.read() as s:
        assert load_warehouses(s)[0].time_zone is None


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db_url(request, tmp_path) -> Iterator[str]:
    """An empty (never migrated) database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        yield from pg_schema_or_skip()


def test_migration_0005_adds_a_nullable_time_zone_to_existing_warehouses(empty_db_url):
    url = empty_db_url
    migrate_to(url, "0004")
    engine = make_engine(url)
    with engine.begin() as conn:
        assert "time_zone" not in {c["name"] for c in inspect(conn).get_columns("warehouses")}
        conn.execute(
            text(
                "INSERT INTO warehouses (id, name, kind, lat, lon, capacity_per_day, "
                "handling_cost_per_order, handling_cost_per_unit, cutoffs_s, utc_offset_s) "
                "VALUES ('OLD', '', 'fulfillment_center', 40.7, -74.0, 10, 0, 0, '[57600]', "
                "-18000)"
            )
        )
    engine.dispose()
    upgrade_database(url)
    store = Store(url)
    with store.read() as s:
        (old,) = load_warehouses(s)
    assert (old.id, old.utc_offset_s, old.time_zone) == ("OLD", -18_000, None)
    with store.write() as s:
        upsert_warehouses(s, [Warehouse("NEW", LatLon(1, 1), 1, time_zone="Asia/Tokyo")])
    store.dispose()
    migrate_to(url, "0004", down=True)  # the downgrade drops the column, rows stay
    engine = make_engine(url)
    with engine.connect() as conn:
        assert "time_zone" not in {c["name"] for c in inspect(conn).get_columns("warehouses")}
        assert conn.execute(text("SELECT count(*) FROM warehouses")).scalar() == 2
    engine.dispose()
    upgrade_database(url)
