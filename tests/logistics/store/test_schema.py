"""Migrations, engine settings and the model's constraints on both databases."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import event, inspect, text
from sqlalchemy.exc import IntegrityError
from store_helpers import migrate_to, seed_master

from logistics.store import Store, upgrade_database
from logistics.store.db import make_engine
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


def _job_indexes(url: str) -> dict[str, list[str]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        found = {ix["name"]: ix["column_names"] for ix in inspect(conn).get_indexes("jobs")}
    engine.dispose()
    return found


def test_every_migration_goes_down_to_nothing_and_up_again(db_url):
    migrate_to(db_url, "base", down=True)
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade_database(db_url)
    test_migrations_create_every_table_and_match_the_models(db_url)


def test_migration_0009_drops_the_kind_index_that_0008_made_redundant(db_url):
    at_head = _job_indexes(db_url)
    assert "ix_jobs_kind" not in at_head
    assert at_head["ix_jobs_kind_created_at_id"] == ["kind", "created_at", "id"]
    migrate_to(db_url, "0008", down=True)
    assert _job_indexes(db_url)["ix_jobs_kind"] == ["kind"]
    migrate_to(db_url, "0009")
    assert _job_indexes(db_url) == at_head


def test_a_lookup_of_one_kind_of_job_uses_the_kind_created_at_id_index(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    upgrade_database(url)
    store = Store(url)
    with store.read() as s:
        plan = s.execute(text("EXPLAIN QUERY PLAN SELECT id FROM jobs WHERE kind = 'waves'"))
        assert "ix_jobs_kind_created_at_id" in " ".join(str(row[-1]) for row in plan)
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
