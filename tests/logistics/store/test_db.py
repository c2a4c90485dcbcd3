"""The engines' connection setup (``logistics.store.db``)."""

from __future__ import annotations

import socket
import sqlite3
import threading

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError, OperationalError

from logistics.store import Store, db
from logistics.store.db import make_engine
from logistics.store.testing import pg_test_url


def test_a_connection_waits_while_another_writes_a_new_database_before_switching_to_wal(
    tmp_path,
):
    # switching a rollback-journal file to WAL needs the exclusive lock, and SQLite said
    # "database is locked" at once, without its busy handler, while another connection
    # wrote: a server starting while another migrated the new database failed now and then
    path = tmp_path / "new.db"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE t (x INTEGER)")
    threading.Timer(0.5, lambda: writer.execute("COMMIT")).start()
    engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=10_000)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 0
    finally:
        engine.dispose()
        writer.close()


def test_a_postgresql_server_that_never_answers_is_a_connection_error_not_a_hang(monkeypatch):
    # a firewalled host, or a server that accepts and never answers: a connection (and
    # `logistics serve`, `keys list`, every request of a running server) waited for ever
    monkeypatch.setattr(db, "PG_CONNECT_TIMEOUT_S", 2)
    silent = socket.create_server(("127.0.0.1", 0))
    engine = make_engine(f"postgresql+psycopg://u:pw@127.0.0.1:{silent.getsockname()[1]}/x")
    met: list[BaseException] = []

    def connect() -> None:
        try:
            engine.connect().close()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            met.append(exc)

    attempt = threading.Thread(target=connect, daemon=True)
    attempt.start()
    attempt.join(60)  # a generous bound: without a connect timeout it never ends
    silent.close()
    engine.dispose()
    assert not attempt.is_alive()
    assert len(met) == 1 and isinstance(met[0], OperationalError)
    assert "timeout" in str(met[0])


@pytest.mark.parametrize(
    ("query", "timeout"), [("", db.PG_CONNECT_TIMEOUT_S), ("?connect_timeout=3", "3")]
)
def test_postgresql_connections_get_a_timeout_unless_the_url_sets_one(query, timeout):
    engine = make_engine(f"postgresql+psycopg://u@127.0.0.1/x{query}")
    passed: dict = {}

    @event.listens_for(engine, "do_connect")
    def _capture(_dialect, _record, _cargs, cparams):  # type: ignore[no-untyped-def]
        passed.update(cparams)
        raise ConnectionAbortedError  # captured: no need to connect

    with pytest.raises(ConnectionAbortedError):
        engine.connect()
    engine.dispose()
    assert passed["connect_timeout"] == timeout


@pytest.mark.parametrize("opening", ["write_connection", "postgres_write_cursor"])
def test_a_postgresql_server_that_refuses_connections_is_reported_as_lost(opening):
    # the API answers a lost connection with a 503 and order routing retries it once; a
    # connection that could not be opened (the server is down) was a bare error: a 500
    # (no server needed: the refusal is simulated)
    import psycopg

    store = Store(pg_test_url())

    def refuse(*_args):  # type: ignore[no-untyped-def] - as a server that is down does
        raise psycopg.OperationalError("connection failed: Connection refused")

    event.listen(store.engine, "do_connect", refuse)
    try:
        with pytest.raises(DBAPIError) as met, getattr(store, opening)():
            pass
    finally:
        store.dispose()
    assert met.value.connection_invalidated


def test_a_postgres_url_as_hosting_platforms_write_it_opens_the_store():
    # DATABASE_URL=postgres://... (Heroku, Render, Fly) was "no such kind of database 'postgres'"
    url = pg_test_url().replace("postgresql+psycopg://", "postgres://", 1)
    assert url.startswith("postgres://")
    engine = make_engine(url)
    try:
        assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "psycopg")
        with engine.connect() as conn:
            assert conn.execute(text("select 1")).scalar() == 1
    finally:
        engine.dispose()
