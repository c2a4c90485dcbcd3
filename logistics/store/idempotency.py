"""Idempotency keys: a repeated request gets the first answer (design.md §5).

A key is claimed (``in_progress``) in its own short transaction before the
work starts, and completed with the response in the SAME transaction as the
work's writes (``complete_key`` is called from inside it). So:

* same key and same body after completion: the stored response is replayed;
* same key, another body: :class:`KeyReused` (HTTP 422);
* same key while the first is still running: :class:`KeyInProgress` (HTTP 409);
* a claim left ``in_progress`` by a crashed server is taken over after
  ``stale_after_s`` seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from logistics.errors import LogisticsError
from logistics.store.db import Store
from logistics.store.models import IdempotencyKey, IdempotencyState, utcnow

__all__ = [
    "request_hash",
    "Replay",
    "KeyReused",
    "KeyInProgress",
    "claim_key",
    "complete_key",
    "forget_key",
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


class KeyReused(LogisticsError):
    """The key was first used with a different request body."""


class KeyInProgress(LogisticsError):
    """The first request with this key has not finished yet."""


_FIND_STMT = select(
    IdempotencyKey.__table__.c.request_hash,
    IdempotencyKey.__table__.c.state,
    IdempotencyKey.__table__.c.status_code,
    IdempotencyKey.__table__.c.response,
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
