"""Fixtures: a migrated store on SQLite (a temp file) and on PostgreSQL (own schema)."""

from __future__ import annotations

from tests.store_fixtures import db_url, store  # noqa: F401 - offered to the tests here
