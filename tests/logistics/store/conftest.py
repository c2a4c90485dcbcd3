"""Fixtures: a migrated store on SQLite (a temp file) and on PostgreSQL (own schema)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from logistics.store import Store, upgrade_database
from logistics.store.testing import pg_schema_or_skip


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    """A migrated, empty database URL on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
        upgrade_database(url)
        yield url
    else:
        gen = pg_schema_or_skip()
        url = next(gen)
        upgrade_database(url)
        yield url
        gen.close()


@pytest.fixture
def store(db_url) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.dispose()
