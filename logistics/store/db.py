"""Engines and sessions for the store: SQLite (WAL, busy timeout) or PostgreSQL.

Writers that change stock open their transaction with :meth:`Store.write`; on
SQLite that issues ``BEGIN IMMEDIATE`` so the write lock is taken up front
(a deferred transaction that reads and then upgrades to a writer can fail with
``database is locked`` instead of waiting). ``with_for_update()`` does nothing
on SQLite, so correctness never depends on it: every stock change is a
conditional ``UPDATE``.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from pydantic_core import to_json
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from logistics.settings import get_settings

__all__ = [
    "Store",
    "make_engine",
    "is_sqlite",
    "RawJSON",
    "connection_of",
    "reporting_lost_connections",
]


class RawJSON(str):
    """A JSON document already serialized: a JSON column stores its text as is.

    The hot path serializes an answer once and hands the same text to the
    response and to the store, instead of the column serializing it again.
    """

    __slots__ = ()


def json_text(value: Any) -> str:
    """``value`` as JSON text the way the store writes it (pydantic-core's serializer: a
    few times faster than json; infinities and NaN as constants)."""
    return to_json(value, inf_nan_mode="constants").decode()


def _json_serializer(value: Any) -> str:
    """JSON column values as text."""
    if isinstance(value, RawJSON):
        return str.__str__(value)
    return json_text(value)


def connection_of(session_or_connection: Session | Connection) -> Connection:
    """The Core connection behind a session (or the connection itself)."""
    if isinstance(session_or_connection, Session):
        return session_or_connection.connection()
    return session_or_connection


def reporting_lost_connections(conn: Connection) -> AbstractContextManager[None]:
    """Around driver calls on ``conn``'s DBAPI connection: a connection found broken
    (the server restarted) is dropped with the whole pool and reported as SQLAlchemy
    reports it, ``DBAPIError`` with ``connection_invalidated`` (the API answers 503;
    order routing retries once)."""
    return _reporting_lost(conn.engine, conn.connection.dbapi_connection, conn.invalidate)


@contextmanager
def _reporting_lost(
    engine: Engine, dbapi_connection: Any, invalidate: Callable[[BaseException], None]
) -> Iterator[None]:
    """:func:`reporting_lost_connections` for a DBAPI connection of ``engine``'s pool;
    ``invalidate`` drops that pooled connection."""
    try:
        yield
    except engine.dialect.loaded_dbapi.Error as exc:
        if not engine.dialect.is_disconnect(exc, dbapi_connection, None):
            raise
        invalidate(exc)
        engine.dispose(close=False)  # the other pooled connections died too
        raise DBAPIError(None, None, exc, connection_invalidated=True) from exc


PG_CONNECT_TIMEOUT_S = 10
"""PostgreSQL: seconds to establish a connection, unless the URL sets ``connect_timeout``."""


def sqlalchemy_url(url: str) -> str:
    """``url`` as SQLAlchemy reads it: ``postgres://...``, the form of many hosting
    platforms' ``DATABASE_URL`` (which SQLAlchemy does not know), is
    ``postgresql+psycopg://...``; any other URL is unchanged."""
    scheme, sep, rest = url.partition("://")
    return f"postgresql+psycopg://{rest}" if sep and scheme.lower() == "postgres" else url


def is_sqlite(url: str) -> bool:
    """Whether ``url`` names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, *, busy_timeout_ms: int | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the project's connection settings.

    Parameters
    ----------
    url
        SQLAlchemy URL (``sqlite:///path.db`` or ``postgresql+psycopg://...``;
        ``postgres://...`` is read as the latter).
    busy_timeout_ms
        SQLite only: how long to wait for the write lock (milliseconds).
    **kwargs
        Passed to :func:`sqlalchemy.create_engine`. PostgreSQL connections give up after
        :data:`PG_CONNECT_TIMEOUT_S` unless the URL sets ``connect_timeout``.
    """
    url = sqlalchemy_url(url)
    kwargs.setdefault("json_serializer", _json_serializer)
    if is_sqlite(url):
        timeout = (
            get_settings().sqlite_busy_timeout_ms if busy_timeout_ms is None else busy_timeout_ms
        )
        connect_args = {"check_same_thread": False, "timeout": timeout / 1000}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _configure_sqlite(engine, timeout)
        return engine
    if "connect_timeout" not in make_url(url).query:
        # a host that drops packets or a server that accepts and never answers: an error
        # after this long instead of a connection attempt (and a request) hanging for ever
        kwargs["connect_args"] = {
            "connect_timeout": PG_CONNECT_TIMEOUT_S,
            **kwargs.get("connect_args", {}),
        }
    kwargs.setdefault("pool_pre_ping", get_settings().db_pre_ping)
    kwargs.setdefault("pool_recycle", 1800)  # seconds; before idle-connection reapers act
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    engine = create_engine(url, **kwargs)
    _unreachable_is_lost(engine)
    return engine


def _unreachable_is_lost(engine: Engine) -> None:
    """A new connection that fails (the server is down, refuses or does not answer) is
    reported like a lost one: ``DBAPIError`` with ``connection_invalidated`` (the API
    answers 503 with ``Retry-After``, not a 500)."""
    refused = engine.dialect.loaded_dbapi.OperationalError

    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> None:
        if context.connection is None and isinstance(context.original_exception, refused):
            context.is_disconnect = True


def _switch_to_wal(cursor: Any, wait_s: float) -> None:
    """``PRAGMA journal_mode=WAL``, retried for up to ``wait_s`` seconds while the file is
    locked.

    On a file still in rollback-journal mode (a new database) the switch needs the
    exclusive lock, and SQLite answers ``database is locked`` at once, without its busy
    handler, while another process writes: a server that connected while another one
    migrated the new database failed now and then. Once the file is in WAL mode the
    pragma takes no lock.
    """
    deadline = time.monotonic() + wait_s
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # take transaction control away from pysqlite so BEGIN is ours to emit
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        if not memory:
            _switch_to_wal(cur, busy_timeout_ms / 1000)
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


class Store:
    """The database behind the product: one engine and its session factories.

    Parameters
    ----------
    url
        SQLAlchemy URL; ``None`` reads ``LOGISTICS_DB_URL`` (default SQLite file).
    **engine_kwargs
        Passed to :func:`make_engine`.
    """

    def __init__(self, url: str | None = None, **engine_kwargs: Any) -> None:
        self.url = url or get_settings().db_url
        self.engine = make_engine(self.url, **engine_kwargs)
        self.sqlite = is_sqlite(self.url)
        writer = (
            self.engine.execution_options(sqlite_begin="IMMEDIATE") if self.sqlite else self.engine
        )
        self._write_lock = threading.Lock() if self.sqlite else None
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        # PostgreSQL snapshot reads run in autocommit: no BEGIN/ROLLBACK round trips
        self._snapshot_engine = (
            self.engine
            if self.sqlite
            else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        )
        self._snapshot = sessionmaker(self._snapshot_engine, expire_on_commit=False)
        self._writer_engine = writer
        self.driver = self.engine.dialect.dbapi  # the DBAPI module: sqlite3 or psycopg
        self._sqlite_writer: Any = None  # see sqlite_write_cursor
        self._sqlite_memory = self.sqlite and self.engine.url.database in (None, "", ":memory:")
        self._writer = sessionmaker(writer, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading (and light writes that need no write lock up front)."""
        with self._reader() as session:
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A session for a few independent reads that need no common snapshot.

        On PostgreSQL each statement runs on its own (autocommit: no ``BEGIN``
        and ``ROLLBACK`` round trips); on SQLite it is :meth:`read`.
        """
        with self._snapshot() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits on success and rolls back on error.

        On SQLite it begins with ``BEGIN IMMEDIATE`` (the write lock is taken at
        once; other writers wait up to the busy timeout).
        """
        if self._write_lock is None:
            with self._writer() as session, session.begin():
                yield session
            return
        # SQLite has one writer at a time; queue this process's writers on a mutex that
        # wakes the next one at once (SQLite's busy handler sleeps up to 100 ms between
        # retries), and keep BEGIN IMMEDIATE + busy timeout for other processes.
        with self._write_lock, self._writer() as session, session.begin():
            yield session

    @contextmanager
    def snapshot_connection(self) -> Iterator[Connection]:
        """:meth:`snapshot` as a Core connection (no ORM session: the order hot path)."""
        with self._snapshot_engine.connect() as conn:
            yield conn

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """:meth:`write` as a Core connection in a transaction (the order hot path)."""
        if self._write_lock is None:
            with self._writer_engine.begin() as conn:
                yield conn
            return
        with self._write_lock, self._writer_engine.begin() as conn:
            yield conn

    @contextmanager
    def sqlite_write_cursor(self) -> Iterator[Any]:
        """SQLite: a driver (``sqlite3``) cursor in a ``BEGIN IMMEDIATE`` transaction, under
        this process's writer mutex; commits on success and rolls back on error.

        The order hot path: no SQLAlchemy per statement, and no pool checkout either --
        this process writes one transaction at a time anyway, so it keeps one driver
        connection for these writes (closed by :meth:`dispose`).
        """
        if self._write_lock is None:
            raise TypeError("sqlite_write_cursor needs a SQLite store")
        with self._write_lock:
            fairy = None
            conn = self._sqlite_writer
            if conn is None:
                fairy = self.engine.raw_connection()
                conn = fairy.dbapi_connection  # the sqlite3 connection
                if not self._sqlite_memory:  # an in-memory database lives in its connection
                    fairy.detach()  # ours for good: not returned to the pool
                    self._sqlite_writer, fairy = conn, None
            cur = conn.cursor()
            try:
                cur.execute("BEGIN IMMEDIATE")
                yield cur
                cur.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            finally:
                cur.close()
                if fairy is not None:
                    fairy.close()

    @contextmanager
    def postgres_write_cursor(self) -> Iterator[Any]:
        """PostgreSQL: a driver (psycopg) cursor in a transaction on a pooled connection;
        commits on success and rolls back on error (the order hot path).

        A connection found broken (the server restarted) is dropped with the whole
        pool and reported as SQLAlchemy reports it, and so is one that cannot be opened
        (the server is down): ``DBAPIError`` with ``connection_invalidated`` (the API
        answers 503; order routing retries once).
        """
        try:
            fairy = self.engine.raw_connection()
        except self.engine.dialect.loaded_dbapi.OperationalError as exc:  # see make_engine
            raise DBAPIError(None, None, exc, connection_invalidated=True) from exc
        conn = fairy.dbapi_connection
        try:
            with _reporting_lost(self.engine, conn, fairy.invalidate):
                cur = conn.cursor()
                try:
                    yield cur
                    conn.commit()
                except BaseException:
                    if not self.engine.dialect.is_disconnect(None, conn, cur):
                        conn.rollback()
                    raise
                finally:
                    cur.close()
        finally:
            fairy.close()

    def ping(self) -> bool:
        """Whether the database answers a trivial query."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any failure means "not reachable"
            return False

    def dispose(self) -> None:
        """Close every pooled connection (and the SQLite writer connection)."""
        if self._sqlite_writer is not None:
            with self._write_lock:
                self._sqlite_writer.close()
                self._sqlite_writer = None
        self.engine.dispose()
