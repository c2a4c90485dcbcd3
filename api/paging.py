"""Keyset (cursor) paging of list answers: ``?limit=`` and an opaque ``?cursor=``.

A list answers ``{"items": [...], "next": URL | null}`` and, while there is a next
page, ``Link: <URL>; rel="next"`` (RFC 8288) with the same URL: the path, the
request's filters, ``limit`` and the ``cursor`` where the next page starts. Items
come in a stable order (the primary key; jobs newest first), read a page at a time
in SQL (:func:`logistics.store.keyset.keyset_page`), one row more than ``limit`` to
know whether another page follows.

A cursor is the last item's key, base64url-encoded with a checksum of the key, the
path and the filters: a cursor that is cut, edited or given to another list or with
other filters is a 422 naming ``cursor``. The checksum is not a secret: a made-up
cursor that passes it starts a page after a key of the caller's choosing in a list
the caller may read whole anyway.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel, Field

from api.errors import Problem
from api.nul_characters import NUL

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "Page",
    "Paging",
    "PagingDep",
    "LINK_HEADER",
    "bad_cursor",
]

DEFAULT_LIMIT = 100
"""Items per page when ``limit`` is not given."""
MAX_LIMIT = 1000
"""The most items one page holds (a larger ``limit`` is a 422)."""
MAX_CURSOR_CHARS = 512
"""Longest cursor taken: a key of two 64-character ids and a checksum is about 200."""
_DIGEST_BYTES = 9
_KEY_PART_CHARS = 64  # the longest id a key part is (warehouse, SKU, carrier ids)

T = TypeVar("T")

#: The ``Link`` header of a list answer, for the OpenAPI document.
LINK_HEADER = {
    "Link": {
        "description": 'the next page, RFC 8288: `<PATH>; rel="next"`, PATH relative to the '
        "server (`/v1/keys?limit=100&cursor=...`, as in `next`; like the Location headers); "
        "absent on the last page",
        "schema": {"type": "string"},
    }
}


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    next: str | None = Field(
        description="the next page's path and query, relative to the server like the "
        "Location headers (`/v1/keys?limit=100&cursor=...`; also in the Link header, "
        "rel=next); null on the last page"
    )


def _digest(scope: str, payload: bytes) -> bytes:
    return hashlib.sha256(scope.encode() + b"\n" + payload).digest()[:_DIGEST_BYTES]


def bad_cursor(why: str) -> Problem:
    """The 422 of a cursor this API did not give (``why``: what is wrong with it)."""
    detail = (
        f"cursor is not one this list gave ({why}); use the `next` address of the previous "
        "page as it is, or ask again without cursor for the first page"
    )
    return Problem(
        "invalid-request",
        detail,
        errors=[{"parameter": "cursor", "in": "query", "detail": why}],
    )


def encode_cursor(scope: str, key: Sequence[str]) -> str:
    """The opaque cursor of the page after the row whose key is ``key`` in list ``scope``."""
    payload = json.dumps(list(key), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(_digest(scope, payload) + payload).decode().rstrip("=")


def decode_cursor(token: str, scope: str, parts: int) -> tuple[str, ...]:
    """The key in ``token``, a cursor :func:`encode_cursor` made for ``scope``.

    Raises
    ------
    Problem
        422 naming ``cursor``: not base64url, a checksum that does not match (cut,
        edited, or another list's), or not ``parts`` ids.
    """
    try:
        raw = base64.b64decode(token + "=" * (-len(token) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise bad_cursor("not base64url") from None
    digest, payload = raw[:_DIGEST_BYTES], raw[_DIGEST_BYTES:]
    if not payload or digest != _digest(scope, payload):
        raise bad_cursor("its checksum does not match: cut, changed, or from another list")
    try:
        key = json.loads(payload)
    except ValueError:
        raise bad_cursor("its key is not JSON") from None
    if (
        not isinstance(key, list)
        or len(key) != parts
        or not all(
            isinstance(k, str) and 0 < len(k) <= _KEY_PART_CHARS and NUL not in k for k in key
        )
    ):
        raise bad_cursor(f"its key is not {parts} id(s)")
    return tuple(key)


class Paging:
    """The ``limit`` and ``cursor`` of one list request (:data:`PagingDep`)."""

    def __init__(self, request: Request, limit: int, cursor: str | None) -> None:
        self.request = request
        self.limit = limit
        self.cursor = cursor
        filters = sorted(
            (k, v) for k, v in request.query_params.items() if k not in ("limit", "cursor")
        )
        self._filters = filters
        self._scope = f"{request.url.path}?{urlencode(filters)}"

    def after(self, parts: int = 1) -> tuple[str, ...] | None:
        """The key the page starts after (``parts`` ids); ``None`` for the first page."""
        if self.cursor is None:
            return None
        return decode_cursor(self.cursor, self._scope, parts)

    def after_id(self) -> str | None:
        """The id the page starts after, for a list keyed by one id; ``None`` for the
        first page."""
        after = self.after()
        return None if after is None else after[0]

    @property
    def fetch(self) -> int:
        """Rows to read: one more than ``limit`` tells whether a next page exists."""
        return self.limit + 1

    def page(
        self,
        rows: Sequence[Any],
        key_of: Callable[[Any], Sequence[str]],
        response: Response,
        show: Callable[[Any], Any] = lambda row: row,
    ) -> dict[str, Any]:
        """``{"items", "next"}`` of ``rows`` read with :attr:`fetch`, and the ``Link``
        header on ``response`` when a next page exists.

        Parameters
        ----------
        key_of
            A row's key, as the ids :meth:`after` gives back.
        show
            What an item shows of its row (default: the row).
        """
        items = [show(row) for row in rows[: self.limit]]
        if len(rows) <= self.limit:
            return {"items": items, "next": None}
        cursor = encode_cursor(self._scope, key_of(rows[self.limit - 1]))
        query = [*self._filters, ("limit", self.limit), ("cursor", cursor)]
        next_url = f"{self.request.url.path}?{urlencode(query)}"
        response.headers["Link"] = f'<{next_url}>; rel="next"'
        return {"items": items, "next": next_url}


async def _paging(
    request: Request,
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=MAX_LIMIT,
            description=f"items per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT})",
        ),
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(
            max_length=MAX_CURSOR_CHARS,
            description="where the page starts: from the previous answer's `next` (opaque)",
        ),
    ] = None,
) -> Paging:
    return Paging(request, limit, cursor)


PagingDep = Annotated[Paging, Depends(_paging)]
