"""Open the store a CLI command was pointed at, or say in one line why it cannot be opened."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from logistics.ctrl_c import raised_by_ctrl_c
from logistics.errors import InvalidValueError, quoted

if TYPE_CHECKING:
    from logistics.settings import Settings
    from logistics.store import Store

__all__ = ["open_store", "settings_or_error", "shown_url"]

_FORMS = "sqlite:///FILE or postgresql+psycopg://USER@HOST:PORT/DB"
_NOT_A_URL = f"not a database URL (expected {_FORMS})"
_AT_IN_PASSWORD = "the password holds an '@': write it as %40 (URLs percent-encode it)"
_IN_MEMORY = (
    "an in-memory SQLite database is gone when this command ends and the job workers "
    f"cannot see it (expected {_FORMS})"
)


def settings_or_error() -> Settings:
    """The ``LOGISTICS_*`` settings; a bad value is an error naming its variable.

    Raises
    ------
    InvalidValueError
        A variable holds a value of the wrong kind (``LOGISTICS_JOB_WORKERS=abc``); the
        field is the variable's name, the reason pydantic's message.
    """
    from pydantic import ValidationError

    from logistics.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        name = "LOGISTICS_" + str(err["loc"][0]).upper() if err["loc"] else "LOGISTICS_*"
        raise InvalidValueError(name, err.get("input"), err["msg"]) from None


def shown_url(url: str) -> str:
    """``url`` with its password hidden (``postgresql+psycopg://me:***@host/db``)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if _userinfo_has_at(url):  # make_url would cut the password at its first '@'
        scheme, _, rest = url.partition("://")
        userinfo, _, host = rest.rpartition("@")
        return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{host}"
    try:
        parsed = make_url(url)
        # as typed unless there is a password to hide (rendering re-quotes, e.g. ':memory:')
        return url if parsed.password is None else parsed.render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def _userinfo_has_at(url: str) -> bool:
    """True when ``USER:PASSWORD@HOST`` has an unencoded ``@`` in its password."""
    _, sep, rest = url.partition("://")
    authority = rest.split("/", 1)[0] if sep else ""
    userinfo = authority.rpartition("@")[0]
    return ":" in userinfo and "@" in userinfo.split(":", 1)[1]


def open_store(db_url: str | None, *, migrate: bool = True) -> Store:
    """The store at ``db_url`` (else ``LOGISTICS_DB_URL``), migrations applied.

    Raises
    ------
    InvalidValueError
        A ``LOGISTICS_*`` setting is malformed (the field is its variable), or the URL
        is malformed, names an unknown kind of database or an in-memory SQLite
        database (gone when the command ends), or the database cannot be reached or
        migrated (also: its schema is at a revision this version does not know); the
        field is ``db-url`` or ``LOGISTICS_DB_URL`` (whichever gave the URL), the value
        is the URL without its password, the reason the driver's first line.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

    from logistics.store.db import Store
    from logistics.store.migrate import upgrade_database

    settings = settings_or_error()  # the engine reads them too
    field = "db-url" if db_url else "LOGISTICS_DB_URL"
    url = db_url or settings.db_url
    if _userinfo_has_at(url):
        raise InvalidValueError(field, shown_url(url), _AT_IN_PASSWORD)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise InvalidValueError(field, shown_url(url), _NOT_A_URL) from None
    if parsed.get_backend_name() == "sqlite" and (
        parsed.database in (None, "", ":memory:") or parsed.query.get("mode") == "memory"
    ):
        raise InvalidValueError(field, shown_url(url), _IN_MEMORY)
    store: Store | None = None
    try:
        store = Store(url)
        if migrate:
            upgrade_database(engine=store.engine)
        return store
    except NoSuchModuleError as exc:
        kind = str(exc).rsplit(":", 1)[-1].strip()
        reason = f"no such kind of database {quoted(kind)} (expected {_FORMS})"
    except ArgumentError:
        reason = _NOT_A_URL
    except ImportError as exc:
        if raised_by_ctrl_c(exc):  # Ctrl-C broke the driver's import: not "not installed"
            if store is not None:
                store.dispose()
            raise
        reason = f"the driver for this database is not installed ({exc.name or exc})"
    except DBAPIError as exc:
        reason = f"cannot open the store: {_first_line(exc.orig or exc)}"
    except SQLAlchemyError as exc:
        reason = f"cannot open the store: {_first_line(exc)}"
    except Exception as exc:
        if not _is_alembic_command_error(exc):
            raise
        # alembic_version names a revision this version lacks
        reason = (
            f"cannot migrate the store: {_first_line(exc)} (its schema was written by a "
            "newer version of logistics or by another program)"
        )
    if store is not None:
        store.dispose()
    password = parsed.password  # parsed above, before any connection was tried
    if password:
        reason = reason.replace(password, "***")
    raise InvalidValueError(field, shown_url(url), reason)


def _is_alembic_command_error(exc: Exception) -> bool:
    """Whether ``exc`` is Alembic's ``CommandError`` (Alembic is imported only by a
    migration, so only then is it looked up)."""
    from alembic.util import CommandError

    return isinstance(exc, CommandError)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__
