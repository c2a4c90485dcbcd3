"""Helpers for tests against a real PostgreSQL: a throw-away schema per test run."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

from sqlalchemy import create_engine, text

__all__ = [
    "DEFAULT_PG_URL",
    "pg_test_url",
    "temporary_pg_schema",
    "pg_schema_or_skip",
    "migrated_db_url",
]

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pg_test_url() -> str:
    """``LOGISTICS_TEST_PG_URL`` or the local default."""
    return os.environ.get("LOGISTICS_TEST_PG_URL", DEFAULT_PG_URL)


@contextmanager
def temporary_pg_schema(base: str | None = None, prefix: str = "svc_") -> Iterator[str]:
    """Create a uniquely named schema and yield a URL whose connections use it.

    The schema goes into the URL as ``options=-csearch_path=...``, so other
    processes given the URL (workers, a served app) use it too. It is dropped
    on exit.

    Raises
    ------
    sqlalchemy.exc.OperationalError
        The server cannot be reached.
    """
    base = base or pg_test_url()
    schema = prefix + uuid.uuid4().hex[:12]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        sep = "&" if "?" in base else "?"
        try:
            yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
        finally:
            with admin.connect() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    finally:
        admin.dispose()


def pg_schema_or_skip() -> Iterator[str]:
    """For pytest fixtures: yield a :func:`temporary_pg_schema` URL, or skip the test
    when the server cannot be reached."""
    import pytest
    from sqlalchemy.exc import OperationalError

    try:
        ctx = temporary_pg_schema()
        url = ctx.__enter__()
    except OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {pg_test_url()}: {exc.__class__.__name__}")
    try:
        yield url
    finally:
        ctx.__exit__(None, None, None)


def migrated_db_url(backend: str, sqlite_file: os.PathLike | str) -> Iterator[str]:
    """For pytest fixtures on both backends: yield the URL of a migrated, empty store,
    a SQLite file at ``sqlite_file`` (``backend == "sqlite"``) or a fresh PostgreSQL
    schema (``"postgres"``; the test is skipped when the server cannot be reached)."""
    from logistics.store import upgrade_database

    urls = [f"sqlite:///{sqlite_file}"] if backend == "sqlite" else pg_schema_or_skip()
    for url in urls:
        upgrade_database(url)
        yield url
