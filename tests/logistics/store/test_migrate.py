"""``upgrade_database``: servers started at once on one fresh database all come up; a
store already at the newest revision is opened without Alembic."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from logistics.store import Store, upgrade_database
from logistics.store.testing import pg_test_url, temporary_pg_schema

ROOT = Path(__file__).resolve().parents[3]
MIGRATORS = 3
ROUNDS = 2


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def new_database(request, tmp_path) -> Iterator[Callable[[], str]]:
    """Makes URLs of empty databases (no tables at all) on each backend."""
    with ExitStack() as stack:
        made: list[str] = []

        def make() -> str:
            if request.param == "sqlite":
                made.append(f"sqlite:///{tmp_path / f'fresh{len(made)}.db'}")
                return made[-1]
            try:
                return stack.enter_context(temporary_pg_schema(prefix="mig_"))
            except OperationalError as exc:
                pytest.skip(f"PostgreSQL not reachable at {pg_test_url()}: {exc}")

        yield make


def _migrate(url: str, start: Any, errors: Any) -> None:
    """One server's start: open the store, wait for the others, migrate."""
    store = Store(url)
    start.wait()
    try:
        upgrade_database(engine=store.engine)
    except Exception as exc:  # noqa: BLE001 - reported to the test
        errors.put(f"{type(exc).__name__}: {exc}".splitlines()[0])
    finally:
        store.dispose()


def _migrate_at_once(url: str) -> list[str]:
    """``MIGRATORS`` processes (as separate servers are) upgrading the empty database at
    ``url`` at the same moment; the errors they met."""
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(MIGRATORS)
    errors = ctx.Queue()
    procs = [ctx.Process(target=_migrate, args=(url, start, errors)) for _ in range(MIGRATORS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    met = []
    while not errors.empty():
        met.append(errors.get())
    assert [p.exitcode for p in procs] == [0] * MIGRATORS
    store = Store(url)
    assert "jobs" in inspect(store.engine).get_table_names()
    store.dispose()
    return met


def test_servers_started_at_once_on_a_new_database_all_migrate_it(new_database):
    # two `logistics serve` on one new database used to race: on PostgreSQL the later
    # one died on "duplicate key value violates unique constraint
    # pg_type_typname_nsp_index", on SQLite now and then on "database is locked"
    errors = [e for _ in range(ROUNDS) for e in _migrate_at_once(new_database())]
    assert errors == []


def test_head_revision_is_alembics_head():
    from alembic.script import ScriptDirectory

    from logistics.store.migrate import HEAD_REVISION, alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [HEAD_REVISION]


def test_a_store_at_head_is_opened_without_alembic(new_database):
    # Alembic and its scripts took half of `logistics keys list`'s start-up, on every run
    url = new_database()
    upgrade_database(url)
    code = (
        "import sys\n"
        "from logistics.store.migrate import migration_due, upgrade_database\n"
        "from logistics.store.db import make_engine\n"
        f"engine = make_engine({url!r})\n"
        "due = migration_due(engine)\n"
        "upgrade_database(engine=engine)\n"
        "print(due, 'alembic' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]


def test_an_older_store_is_still_migrated(new_database):
    from alembic import command

    from logistics.store.migrate import HEAD_REVISION, alembic_config, migration_due

    url = new_database()
    upgrade_database(url)
    store = Store(url)
    with store.engine.begin() as conn:
        cfg = alembic_config(url)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "-1")
    assert migration_due(store.engine)
    upgrade_database(engine=store.engine)
    assert not migration_due(store.engine)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            HEAD_REVISION
        )
    store.dispose()
