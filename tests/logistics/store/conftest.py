"""Fixtures: a migrated store on SQLite (a temp file) and on PostgreSQL (own schema)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.exc import OperationalError

from logistics.store import Store, upgrade_database
from logistics.store.testing import pg_test_url, temporary_pg_schema


def pg_schema_url() -> Iterator[str]:
    """A URL on a fresh PostgreSQL schema (skips the test when the server is not there)."""
    try:
        ctx = temporary_pg_schema()
        url = ctx.__enter__()
    except OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {pg_test_url()}: {exc.__class__.__name__}")
    try:
        yield url
    finally:
        ctx.__exit__(None, None, None)


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
