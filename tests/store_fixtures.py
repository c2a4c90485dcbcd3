"""Store fixtures shared by the store and job-runner tests: a migrated, empty store on
SQLite (a temp file) and on PostgreSQL (its own schema; skipped when unreachable).

A ``conftest.py`` imports ``db_url`` and ``store`` from here to offer them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from logistics.store import Store
from logistics.store.testing import migrated_db_url

__all__ = ["db_url", "sqlite_store", "store"]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    """A migrated, empty database URL on each backend."""
    yield from migrated_db_url(request.param, tmp_path / "store.db")


@pytest.fixture
def store(db_url) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Store]:
    """A migrated, empty store on a SQLite file only (the job runner's process tests)."""
    s = Store(next(migrated_db_url("sqlite", tmp_path / "jobs.db")))
    yield s
    s.dispose()
