"""Apply the Alembic migrations packaged inside ``logistics`` (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from logistics.store.db import make_engine

__all__ = ["alembic_config", "upgrade_database", "MIGRATIONS_DIR"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration pointing at the packaged migration scripts."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade_database(url: str | None = None, *, engine: Engine | None = None) -> None:
    """Bring the database at ``url`` (or behind ``engine``) to the newest revision.

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
    cfg = alembic_config(str(engine.url))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        if own:
            engine.dispose()
