"""Request bodies whose objects name a key twice are refused, not read last-one-wins.

``json.loads`` keeps the last of two equal keys, so ``{"time_limit_s": 1, "time_limit_s":
700}`` was solved for 700 s without a word, while every JSON file the CLI reads refuses
duplicates (:mod:`logistics.json_file`). Every API route reads its body through
:class:`UniqueKeysRequest`; a duplicate raises :class:`DuplicateKeyInBody`, which
FastAPI wraps in its 400 "error parsing the body" and the error handlers turn into a 422
``invalid-request`` with the pointer of the second key.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from api.json_members import json_members
from api.lone_surrogates import refuse_lone_surrogates_in_body
from api.nesting import refuse_deep_nesting
from api.nul_characters import refuse_nul_in_body
from logistics.errors import pointer_token

__all__ = [
    "DuplicateKeyInBody",
    "NumberTooLong",
    "UniqueKeysRequest",
    "UniqueKeysRoute",
    "loads_unique_keys",
]


class DuplicateKeyInBody(ValueError):
    """A JSON object of the body names ``key`` twice; ``pointer`` is that member's."""

    def __init__(self, pointer: str, key: str) -> None:
        super().__init__(f"duplicate key {key!r} at {pointer}")
        self.pointer, self.key = pointer, key


class NumberTooLong(ValueError):
    """A number of the body has more digits than Python converts to an integer."""

    def __init__(self) -> None:
        self.max_digits = sys.get_int_max_str_digits()
        super().__init__(f"a number has more than {self.max_digits} digits")


class _Duplicated(dict):
    """An object that named ``duplicate`` more than once (its last value kept)."""

    duplicate: str = ""


def _first_duplicate(doc: Any) -> DuplicateKeyInBody | None:
    """The first duplicated key in ``doc``, in document order (an object's own before
    those of the objects inside it)."""
    for at, _key, node in itertools.chain([("", None, doc)], json_members(doc)):
        if isinstance(node, _Duplicated):
            return DuplicateKeyInBody(f"{at}/{pointer_token(node.duplicate)}", node.duplicate)
    return None


def loads_unique_keys(body: bytes | str) -> Any:
    """``json.loads(body)``, raising :class:`DuplicateKeyInBody` for a key named twice in
    one object and :class:`NumberTooLong` for an integer of more than 4,300 digits
    (``json.JSONDecodeError`` for text that is not JSON, as before). Bytes are read as
    UTF-8 (RFC 8259; a leading BOM is skipped): ``json.loads`` alone would also take
    UTF-16 and UTF-32, and those raise :class:`UnicodeDecodeError` here."""
    if isinstance(body, bytes):
        body = body.decode("utf-8").removeprefix("\ufeff")
    seen_duplicate = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal seen_duplicate
        obj = dict(items)
        if len(obj) == len(items):
            return obj
        seen_duplicate = True
        marked = _Duplicated(obj)
        keys: set[str] = set()
        for key, _value in items:
            if key in keys:
                marked.duplicate = key
                break
            keys.add(key)
        return marked

    try:
        doc = json.loads(body, object_pairs_hook=pairs)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise
    except ValueError as exc:  # only int() of the digits raises another ValueError
        raise NumberTooLong() from exc
    if seen_duplicate:
        found = _first_duplicate(doc)
        if found is not None:
            raise found
    return doc


class UniqueKeysRequest(Request):
    """A request whose ``json()`` refuses duplicate keys (:func:`loads_unique_keys`),
    nesting deeper than :data:`api.nesting.MAX_DEPTH` (:func:`api.nesting.refuse_deep_nesting`),
    strings holding a NUL character (:func:`api.nul_characters.refuse_nul_in_body`) and
    strings holding a lone surrogate
    (:func:`api.lone_surrogates.refuse_lone_surrogates_in_body`)."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            doc = loads_unique_keys(body)
            refuse_deep_nesting(body, doc)
            refuse_nul_in_body(body, doc)
            refuse_lone_surrogates_in_body(body, doc)
            self._json = doc
        return self._json


class UniqueKeysRoute(APIRoute):
    """The route class of every API router: its endpoint reads a :class:`UniqueKeysRequest`,
    and a route that takes a body and needs a key checks the key and its role first
    (:func:`api.deps.authorize_first`): FastAPI parses the body before the dependencies."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        from api.deps import authorize_first, role_check_of

        handler = super().get_route_handler()
        check = role_check_of(self.dependant) if self.body_field is not None else None

        async def unique_keys_handler(request: Request) -> Response:
            request = UniqueKeysRequest(request.scope, request.receive)
            if check is not None:
                await authorize_first(request, check)
            return await handler(request)

        return unique_keys_handler
