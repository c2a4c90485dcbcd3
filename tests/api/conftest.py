"""An app on a fresh store per test (SQLite file; PostgreSQL schema for `postgres` tests)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.exc import OperationalError

from logistics.settings import Settings
from logistics.store import Store, upgrade_database
from logistics.store.keys import create_key
from logistics.store.testing import temporary_pg_schema

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from api import create_app  # noqa: E402

ROLES = ("shop", "dispatcher", "planner", "admin")


@dataclass
class Api:
    client: TestClient
    app: FastAPI
    store: Store
    url: str
    keys: dict[str, str]

    def h(self, role: str, **extra: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[role], **extra}


def make_api(url: str, **settings) -> Iterator[Api]:
    upgrade_database(url)
    store = Store(url)
    keys = {r: create_key(store, r, f"test {r}").secret for r in ROLES}
    app = create_app(Settings(db_url=url, **settings), store=store)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, app, store, url, keys)
    store.dispose()


@pytest.fixture
def api(tmp_path) -> Iterator[Api]:
    yield from make_api(f"sqlite:///{tmp_path / 'api.db'}", max_body_bytes=64 * 1024)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api_both(request, tmp_path) -> Iterator[Api]:
    if request.param == "sqlite":
        yield from make_api(f"sqlite:///{tmp_path / 'api.db'}")
    else:
        try:
            ctx = temporary_pg_schema()
            url = ctx.__enter__()
        except OperationalError as exc:
            pytest.skip(f"PostgreSQL not reachable: {exc.__class__.__name__}")
        try:
            yield from make_api(url)
        finally:
            ctx.__exit__(None, None, None)
