"""The SQLite engine's connection setup (``logistics.store.db``)."""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import text

from logistics.store.db import make_engine


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
