"""``upgrade_database``: servers started at once on one fresh database all come up."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError

from logistics.store import Store, upgrade_database
from logistics.store.testing import pg_test_url, temporary_pg_schema

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
