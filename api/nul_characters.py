"""Text holding a NUL character (U+0000) is refused at the edge of the API.

PostgreSQL cannot store or compare a NUL in a text value: ``GET /v1/orders/a%00b``,
``GET /v1/stock?sku_id=a%00`` or a warehouse ``name`` of ``"a\\u0000b"`` was a 500
``internal-error`` there (psycopg: "PostgreSQL text fields cannot contain NUL (0x00)
bytes") and a 404 or a stored name on SQLite. Both databases now answer a 422
``invalid-request``: :func:`api.deps.nul_free_parameters` names the path or query
parameter; a body string (an object's key or value) raises :class:`NulInBody` while the
body is read (:class:`api.unique_keys.UniqueKeysRequest`), with that string's pointer.
"""

from __future__ import annotations

from typing import Any

from api.json_members import first_string_pointer

__all__ = ["NUL", "NulInBody", "refuse_nul_in_body"]

NUL = "\x00"


class NulInBody(ValueError):
    """A string of the body holds a NUL character; ``pointer`` is that string's."""

    def __init__(self, pointer: str) -> None:
        super().__init__(f"a NUL character at {pointer or 'the body'}")
        self.pointer = pointer


def refuse_nul_in_body(body: bytes | str, doc: Any) -> None:
    """Raise :class:`NulInBody` when a string of ``doc`` (parsed from ``body``) holds a NUL.

    JSON can only write a NUL as the escape ``\\u0000``, so a body without one is not
    walked (every order would pay for it otherwise).
    """
    escape = b"\\u0000" if isinstance(body, bytes | bytearray) else "\\u0000"
    if escape not in body:
        return
    pointer = first_string_pointer(doc, lambda text: NUL in text)
    if pointer is not None:
        raise NulInBody(pointer)
