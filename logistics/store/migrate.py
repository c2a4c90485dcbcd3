"""Apply the Alembic migrations packaged inside ``logistics`` (no alembic.ini needed).

Alembic is imported only when a migration is due: a store already at
:data:`HEAD_REVISION` is opened with one query (importing Alembic and loading its
scripts took about half of ``logistics keys list``'s start-up).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from logistics.store.db import make_engine

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["alembic_config", "upgrade_database", "migration_due", "HEAD_REVISION", "MIGRATIONS_DIR"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

HEAD_REVISION = max(
    p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py")
)
"""The newest migration's revision: scripts are named ``<revision>_<what>.py`` with
numbered revisions, one after another (a test checks it against Alembic's head), so a new
migration moves it without an edit here."""

_PG_MIGRATION_LOCK = 0x6C676D69  # "lgmi": with the schema's hash, the advisory lock's key


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration pointing at the packaged migration scripts."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade_database(url: str | None = None, *, engine: Engine | None = None) -> None:
    """Bring the database at ``url`` (or behind ``engine``) to the newest revision.

    Servers started at once on one database migrate it one after the other: the later
    ones wait for the first and then find nothing left to do.

    Parameters
    ----------
    url
        SQLAlchemy URL; ignored when ``engine`` is given.
    engine
        An existing engine (keeps its connect arguments, e.g. a PostgreSQL
        ``search_path``).
    """
    own = engine is None
    if engine is None:
        if url is None:
            raise ValueError("upgrade_database needs a url or an engine")
        engine = make_engine(url)
    try:
        if not migration_due(engine):
            return
        from alembic import command

        cfg = alembic_config(str(engine.url))
        with _alone(engine) as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        if own:
            engine.dispose()


def migration_due(engine: Engine) -> bool:
    """Whether the database behind ``engine`` is not (or not only) at :data:`HEAD_REVISION`:
    new (no ``alembic_version`` table), older, or at a revision this version does not
    know (Alembic then says so)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return True
        revisions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
        return list(revisions) != [HEAD_REVISION]


@contextmanager
def _alone(engine: Engine) -> Iterator[Connection]:
    """A transaction in which no other process migrates the same database.

    SQLite: ``BEGIN IMMEDIATE`` takes the write lock up front, so a second migrator waits
    (busy timeout) instead of failing with ``database is locked`` when its read snapshot
    turns into a write. PostgreSQL: a transaction-scoped advisory lock on the schema, so
    a second migrator waits instead of creating the same tables (``duplicate key value
    violates unique constraint "pg_type_typname_nsp_index"``).
    """
    if engine.dialect.name == "sqlite":
        engine = engine.execution_options(sqlite_begin="IMMEDIATE")  # see store.db
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(
                text("SELECT pg_advisory_xact_lock(:key, hashtext(current_schema()))"),
                {"key": _PG_MIGRATION_LOCK},
            )
        yield conn
