"""Fixtures: a migrated store on SQLite (a temp file) and on PostgreSQL (own schema)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from logistics.domain import LatLon, Sku, Warehouse
from logistics.store import Store, upgrade_database, upsert_skus, upsert_warehouses

PG_URL = os.environ.get(
    "LOGISTICS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def pg_schema_url(base: str = PG_URL) -> Iterator[str]:
    """Create a fresh schema, yield a URL whose connections use it, drop it afterwards."""
    schema = "svc_" + uuid.uuid4().hex[:12]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:  # noqa: BLE001
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at {base}: {exc.__class__.__name__}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    """A migrated, empty database URL on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
        upgrade_database(url)
        yield url
    else:
        gen = pg_schema_url()
        url = next(gen)
        upgrade_database(url)
        yield url
        gen.close()


@pytest.fixture
def store(db_url) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.dispose()


WAREHOUSES = [
    Warehouse("W1", LatLon(40.7, -74.0), capacity_per_day=1000),
    Warehouse("W2", LatLon(34.05, -118.2), capacity_per_day=1000),
]
SKUS = [Sku("A"), Sku("B"), Sku("C")]


def seed_master(store: Store) -> None:
    with store.write() as session:
        upsert_warehouses(session, WAREHOUSES)
        upsert_skus(session, SKUS)
