"""API keys: random secrets shown once, stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import aliased

from logistics.errors import InvalidValueError, LogisticsError
from logistics.store.db import Store
from logistics.store.keyset import keyset_page
from logistics.store.models import ApiKey, Role, utcnow

__all__ = [
    "LastAdminKey",
    "NewKey",
    "KeyInfo",
    "hash_key",
    "check_key_name",
    "create_key",
    "lookup_key",
    "revoke_key",
    "list_keys",
    "page_keys",
]

PREFIX = "lgk_"
NAME_MAX = 200
"""Longest key name (the ``api_keys.name`` column)."""


class LastAdminKey(LogisticsError):
    """Revoking this key would leave no live admin key (nothing was revoked)."""

    def __init__(self, key_id: str) -> None:
        self.key_id = key_id
        super().__init__(f"key {key_id!r} is the last live admin key")


@dataclass(frozen=True, slots=True)
class NewKey:
    """A freshly made key: ``secret`` is shown once and never stored."""

    id: str
    role: Role
    secret: str


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """What the server knows about a key (never the secret)."""

    id: str
    role: Role
    name: str


def hash_key(secret: str) -> str:
    """SHA-256 hex digest of a key (keys are 256-bit random, so no slow hash is needed)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def check_key_name(name: str) -> None:
    """Refuse a key name the store cannot hold or ``logistics keys list`` cannot print.

    Raises
    ------
    InvalidValueError
        ``name`` is longer than 200 characters (PostgreSQL refuses it, SQLite would
        keep it whole) or holds a control character (a tab or line break would split
        the tab-separated, one-key-per-line listing).
    """
    if len(name) > NAME_MAX:
        shown = f"{name[:20]}...({len(name)} characters)"
        raise InvalidValueError("name", shown, f"at most {NAME_MAX} characters")
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise InvalidValueError(
            "name", name, "no control characters (tabs, line breaks): keys are listed one a line"
        )


def create_key(store: Store, role: str, name: str = "") -> NewKey:
    """Create a key with ``role`` (shop, dispatcher, planner, admin).

    Raises
    ------
    InvalidValueError
        An unknown role, or a name :func:`check_key_name` refuses.
    """
    try:
        r = Role(role)
    except ValueError:
        raise InvalidValueError("role", role, f"one of {[x.value for x in Role]}") from None
    check_key_name(name)
    key_id = secrets.token_hex(8)
    secret = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    with store.write() as session:
        session.add(ApiKey(id=key_id, key_hash=hash_key(secret), role=r.value, name=name))
    return NewKey(key_id, r, secret)


def lookup_key(store: Store, secret: str) -> KeyInfo | None:
    """The live key behind ``secret``, or ``None``."""
    with store.read() as session:
        row = session.scalar(
            select(ApiKey).where(ApiKey.key_hash == hash_key(secret), ApiKey.revoked_at.is_(None))
        )
        return None if row is None else KeyInfo(row.id, Role(row.role), row.name)


def revoke_key(store: Store, key_id: str, *, keep_an_admin: bool = False) -> bool:
    """Revoke a key by id; ``False`` when there was no live key with that id.

    With ``keep_an_admin``, the last live admin key is not revoked: the live admin keys
    are locked first (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN
    IMMEDIATE`` already runs one writer at a time), so of two revocations of the last
    two admin keys at once the second waits for the first, and the revoking ``UPDATE``
    applies only while another live admin key remains.

    Raises
    ------
    LastAdminKey
        ``keep_an_admin`` and ``key_id`` is the last live admin key.
    """
    live = ApiKey.revoked_at.is_(None)
    where = [ApiKey.id == key_id, live]
    with store.write() as session:
        if keep_an_admin:
            admin = Role.ADMIN.value
            session.execute(
                select(ApiKey.id)
                .where(ApiKey.role == admin, live)
                .order_by(ApiKey.id)
                .with_for_update()
            ).all()
            other = aliased(ApiKey)
            another_admin = exists().where(
                other.role == admin, other.revoked_at.is_(None), other.id != key_id
            )
            where.append(or_(ApiKey.role != admin, another_admin))
        got = session.execute(
            update(ApiKey).where(*where).values(revoked_at=utcnow()).returning(ApiKey.id),
            execution_options={"synchronize_session": False},
        ).first()
        if got is None and keep_an_admin and session.scalar(select(ApiKey.id).where(*where[:2])):
            raise LastAdminKey(key_id)
    return got is not None


def list_keys(store: Store) -> list[KeyInfo]:
    """Live keys, oldest first."""
    with store.read() as session:
        rows = session.scalars(
            select(ApiKey).where(ApiKey.revoked_at.is_(None)).order_by(ApiKey.created_at)
        ).all()
        return [KeyInfo(r.id, Role(r.role), r.name) for r in rows]


def page_keys(store: Store, *, after: str | None = None, limit: int | None = None) -> list[KeyInfo]:
    """Live keys ordered by id (keyset paging): at most ``limit`` of those whose id comes
    after ``after``."""
    live = select(ApiKey.id, ApiKey.role, ApiKey.name).where(ApiKey.revoked_at.is_(None))
    q = keyset_page(live, [ApiKey.id], None if after is None else [after], limit)
    with store.read() as session:
        return [KeyInfo(i, Role(role), name) for i, role, name in session.execute(q)]
