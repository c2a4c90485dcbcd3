"""Migrations, engine settings and the model's constraints on both databases."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import event, inspect, text
from sqlalchemy.exc import IntegrityError
from store_helpers import seed_master

from logistics.store import Store, upgrade_database
from logistics.store.migrate import MIGRATIONS_DIR, alembic_config
from logistics.store.models import Stock


def test_migrations_create_every_table_and_match_the_models(db_url):
    upgrade_database(db_url)  # a second run is a no-op
    store = Store(db_url)
    names = set(inspect(store.engine).get_table_names())
    assert {
        "warehouses",
        "skus",
        "stock",
        "reservations",
        "orders",
        "shipments",
        "decision_log",
        "idempotency_keys",
        "api_keys",
        "jobs",
        "alembic_version",
    } <= names
    with store.engine.connect() as conn:
        cfg = alembic_config(db_url)
        cfg.attributes["connection"] = conn
        command.check(cfg)  # raises if the models drifted from the migrations
    store.dispose()


def test_migration_scripts_are_inside_the_package():
    assert MIGRATIONS_DIR.parent.name == "store"
    assert (MIGRATIONS_DIR / "env.py").exists()
    assert list((MIGRATIONS_DIR / "versions").glob("0001_*.py"))


def test_stock_check_constraint_rejects_negative_available(store):
    seed_master(store)
    with pytest.raises(IntegrityError), store.write() as s:
        s.add(Stock(warehouse_id="W1", sku_id="A", available=-1, reserved=0))


def test_sqlite_is_wal_with_busy_timeout_and_writes_begin_immediate(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    upgrade_database(url)
    store = Store(url, busy_timeout_ms=1234)
    seen: list[str] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _log(conn, cursor, statement, *args):
        seen.append(statement)

    with store.write() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA busy_timeout")).scalar() == 1234
    assert "BEGIN IMMEDIATE" in seen
    seen.clear()
    with store.read() as s:
        s.execute(text("SELECT 1"))
    assert "BEGIN DEFERRED" in seen and "BEGIN IMMEDIATE" not in seen
    store.dispose()
