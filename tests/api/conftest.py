"""An app on a fresh store per test (SQLite file; PostgreSQL schema for `postgres` tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_helpers import Api, make_api

from logistics.store.testing import pg_schema_or_skip
from tests.store_fixtures import db_url, sqlite_store, store  # noqa: F401 - job-runner tests


@pytest.fixture
def api(tmp_path) -> Iterator[Api]:
    yield from make_api(f"sqlite:///{tmp_path / 'api.db'}", max_body_bytes=64 * 1024)


def _api_on_postgres() -> Iterator[Api]:
    for url in pg_schema_or_skip():
        yield from make_api(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api_both(request, tmp_path) -> Iterator[Api]:
    if request.param == "sqlite":
        yield from make_api(f"sqlite:///{tmp_path / 'api.db'}")
    else:
        yield from _api_on_postgres()


@pytest.fixture
def api_pg() -> Iterator[Api]:
    """The app on a fresh PostgreSQL schema (skipped when PostgreSQL is not reachable)."""
    yield from _api_on_postgres()
