"""Idempotency keys: a repeated request gets the first answer (design.md §5).

Two ways to use a key:

* **one transaction** (the order hot path): :func:`store_key` writes the key,
  already completed with the response, as the FIRST statement of the work's
  write transaction. A second request with the same key meets the first
  one's row there (on PostgreSQL it waits for the first to commit): it rolls
  back before touching anything else and answers with :func:`find_key` (the
  first answer, or 422/409). The caller tells "still running" apart within
  its process (HTTP 409 while the first runs).
* **claim, then complete**: :func:`claim_key` marks the key ``in_progress``
  in its own short transaction before the work starts, and
  :func:`complete_key` stores the response in the SAME transaction as the
  work's writes.

Either way:

* same key and same body after completion: the stored response is replayed;
* same key, another body: :class:`KeyReused` (HTTP 422);
* same key while a claim is ``in_progress``: :class:`KeyInProgress` (HTTP 409);
* a claim left ``in_progress`` by a crashed server is taken over after
  ``stale_after_s`` seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from logistics.errors import LogisticsError
from logistics.store.db import Store, connection_of
from logistics.store.models import IdempotencyKey, IdempotencyState, utcnow

__all__ = [
    "request_hash",
    "find_key",
    "store_key",
    "Replay",
    "KeyReused",
    "KeyInProgress",
    "claim_key",
    "complete_key",
    "forget_key",
    "KeyWithAnswer",
    "KeyTaken",
]


def request_hash(method: str, path: str, body: Any) -> str:
    """SHA-256 of the request's method, path and canonical JSON body."""
    canon = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{method} {path}\n{canon}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Replay:
    """The stored answer of a completed request."""

    status_code: int
    body: Any


@dataclass(frozen=True, slots=True)
class KeyWithAnswer:
    """A key to store, completed with its answer, as the first write of the work's transaction.

    Parameters
    ----------
    owner, key, request_hash
        Who sent it, the ``Idempotency-Key`` and the fingerprint of the request.
    answer
        ``answer(outcome) -> str``: the JSON text of the success answer (HTTP 201),
        built from the work's outcome just before it is written.
    stale_after_s
        An ``in_progress`` claim of the same request older than this is taken over.
    """

    owner: str
    key: str
    request_hash: str
    answer: Callable[[Any], str]
    stale_after_s: int = 120


class KeyTaken(LogisticsError):
    """Another request stored the key first; this transaction wrote nothing and rolls back."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"Idempotency-Key {key!r} is held by another request")


class KeyReused(LogisticsError):
    """The key was first used with a different request body."""


class KeyInProgress(LogisticsError):
    """The first request with this key has not finished yet."""


_FIND_STMT = select(
    IdempotencyKey.__table__.c.request_hash,
    IdempotencyKey.__table__.c.state,
    IdempotencyKey.__table__.c.status_code,
    IdempotencyKey.__table__.c.response,
    IdempotencyKey.__table__.c.locked_at,
).where(
    IdempotencyKey.__table__.c.owner == bindparam("o"),
    IdempotencyKey.__table__.c.key == bindparam("k"),
)
_CLAIM_STMT = insert(IdempotencyKey.__table__)


def claim_key(
    store: Store, owner: str, key: str, req_hash: str, *, stale_after_s: int = 120
) -> Replay | None:
    """Claim ``key`` for a new request, or return the stored answer of the first one.

    Returns
    -------
    Replay or None
        ``None`` when the caller now owns the key and must do the work.

    Raises
    ------
    KeyReused, KeyInProgress
    """
    for _ in range(3):
        with store.write() as session:
            conn = session.connection()
            row = conn.execute(_FIND_STMT, {"o": owner, "k": key}).first()
            if row is None:
                try:
                    now = utcnow()
                    conn.execute(
                        _CLAIM_STMT,
                        {
                            "owner": owner,
                            "key": key,
                            "request_hash": req_hash,
                            "state": IdempotencyState.IN_PROGRESS.value,
                            "created_at": now,
                            "locked_at": now,
                        },
                    )
                except IntegrityError:
                    session.rollback()
                    continue  # a concurrent first request just claimed it: look again
                return None
            if row.request_hash != req_hash:
                raise KeyReused(
                    f"Idempotency-Key {key!r} was already used with a different request body; "
                    "use a new key for a new request"
                )
            if row.state == IdempotencyState.COMPLETED:
                return Replay(int(row.status_code or 200), row.response)
            stale = utcnow() - dt.timedelta(seconds=stale_after_s)
            took = session.execute(
                update(IdempotencyKey)
                .where(
                    IdempotencyKey.owner == owner,
                    IdempotencyKey.key == key,
                    IdempotencyKey.state == IdempotencyState.IN_PROGRESS,
                    IdempotencyKey.locked_at < stale,
                )
                .values(locked_at=utcnow())
                .returning(IdempotencyKey.key),
                execution_options={"synchronize_session": False},
            ).first()
            if took is not None:
                return None
            raise KeyInProgress(
                f"a request with Idempotency-Key {key!r} is still being processed; "
                "retry in a moment to get its answer"
            )
    raise KeyInProgress(f"Idempotency-Key {key!r} is contended; retry in a moment")


_KEYS = IdempotencyKey.__table__


def find_key(
    session: Session,
    owner: str,
    key: str,
    req_hash: str,
    *,
    stale_after_s: int = 120,
    earlier_hashes: Callable[[], Collection[str]] | None = None,
) -> Replay | None:
    """The stored answer for ``key``, or ``None`` when the key is free (or its claim is stale).

    A plain read in the caller's transaction; nothing is written.

    Parameters
    ----------
    earlier_hashes
        ``earlier_hashes()``: the fingerprints this same request had under an earlier
        fingerprint format; a key stored with one of them still matches (called only
        when the stored fingerprint is not ``req_hash``).

    Raises
    ------
    KeyReused, KeyInProgress
    """
    row = session.connection().execute(_FIND_STMT, {"o": owner, "k": key}).first()
    if row is None:
        return None
    if row.request_hash != req_hash and (
        earlier_hashes is None or row.request_hash not in earlier_hashes()
    ):
        raise KeyReused(
            f"Idempotency-Key {key!r} was already used with a different request body; "
            "use a new key for a new request"
        )
    if row.state == IdempotencyState.COMPLETED:
        return Replay(int(row.status_code or 200), row.response)
    if row.locked_at < utcnow() - dt.timedelta(seconds=stale_after_s):
        return None  # a crashed claim: store_key takes it over
    raise KeyInProgress(
        f"a request with Idempotency-Key {key!r} is still being processed; "
        "retry in a moment to get its answer"
    )


_STORE_STMTS: dict[str, Any] = {}


def _store_stmt(dialect: str):
    stmt = _STORE_STMTS.get(dialect)
    if stmt is None:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        elif dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        else:  # pragma: no cover - the store supports SQLite and PostgreSQL
            raise LogisticsError(f"idempotency keys need SQLite or PostgreSQL, not {dialect}")
        ins = dialect_insert(_KEYS).values(
            owner=bindparam("o"),
            key=bindparam("k"),
            request_hash=bindparam("h"),
            state=IdempotencyState.COMPLETED.value,
            status_code=bindparam("sc"),
            response=bindparam("r"),
            created_at=bindparam("now"),
            locked_at=bindparam("now"),
        )
        # an existing row is only taken over when it is a stale claim of the same request
        stmt = ins.on_conflict_do_update(
            index_elements=[_KEYS.c.owner, _KEYS.c.key],
            set_={
                "state": ins.excluded.state,
                "status_code": ins.excluded.status_code,
                "response": ins.excluded.response,
                "locked_at": ins.excluded.locked_at,
            },
            where=(_KEYS.c.state == IdempotencyState.IN_PROGRESS.value)
            & (_KEYS.c.request_hash == ins.excluded.request_hash)
            & (_KEYS.c.locked_at < bindparam("stale")),
        ).returning(_KEYS.c.key)
        _STORE_STMTS[dialect] = stmt
    return stmt


def store_key(
    session: Session | Connection,
    owner: str,
    key: str,
    req_hash: str,
    status_code: int,
    body: Any,
    *,
    stale_after_s: int = 120,
) -> bool:
    """Write ``key`` completed with its answer, in the caller's transaction.

    Returns ``False`` when another request holds the key (its row exists and is
    not a stale claim of the same body): the caller rolls back and answers with
    :func:`find_key`. Make it the first write of the transaction, so a second
    request waits on the key before it touches any other row.
    """
    conn = connection_of(session)
    now = utcnow()
    params = {
        "o": owner,
        "k": key,
        "h": req_hash,
        "sc": status_code,
        "r": body,
        "now": now,
        "stale": now - dt.timedelta(seconds=stale_after_s),
    }
    return conn.execute(_store_stmt(conn.dialect.name), params).first() is not None


_COMPLETE_STMT = (
    update(_KEYS)
    .where(_KEYS.c.owner == bindparam("o"), _KEYS.c.key == bindparam("k"))
    .values(
        state=IdempotencyState.COMPLETED.value, status_code=bindparam("sc"), response=bindparam("r")
    )
)


def complete_key(session: Session, owner: str, key: str, status_code: int, body: Any) -> None:
    """Store the answer for ``key`` inside the caller's transaction."""
    session.connection().execute(
        _COMPLETE_STMT, {"o": owner, "k": key, "sc": status_code, "r": body}
    )


def forget_key(store: Store, owner: str, key: str) -> None:
    """Drop an in-progress claim (the work failed transiently; the client may retry)."""
    with store.write() as session:
        session.execute(
            delete(IdempotencyKey).where(
                IdempotencyKey.owner == owner,
                IdempotencyKey.key == key,
                IdempotencyKey.state == IdempotencyState.IN_PROGRESS,
            )
        )
