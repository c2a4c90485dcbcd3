"""Text holding a lone UTF-16 surrogate (U+D800 to U+DFFF) is refused at the edge of the API.

JSON may write any code unit as an escape, so ``"\\ud800"`` is valid JSON syntax, and
``json.loads`` reads it as a string holding the surrogate alone (a pair such as
``"\\ud83d\\ude9a"`` is read as the one character it encodes). Such a string is no
Unicode text: it cannot be written as UTF-8, so a route plan naming a vehicle
``"van-\\ud800"`` passed ``?validate_only=true`` and then storing its job was a 500
(``UnicodeEncodeError``, on SQLite and PostgreSQL alike). A body string (an object's
key or value) holding one raises :class:`LoneSurrogateInBody` while the body is read
(:class:`api.unique_keys.UniqueKeysRequest`), with that string's pointer: a 422
``invalid-request``.
"""

from __future__ import annotations

import re
from typing import Any

from api.json_members import first_string_pointer

__all__ = ["LoneSurrogateInBody", "refuse_lone_surrogates_in_body"]

#: A string holding a surrogate code point (after parsing, every one is alone).
_SURROGATE = re.compile("[\ud800-\udfff]")
#: The escape of a surrogate code unit, as a body must write one.
_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF]")


class LoneSurrogateInBody(ValueError):
    """A string of the body holds a lone surrogate; ``pointer`` is that string's."""

    def __init__(self, pointer: str) -> None:
        super().__init__(f"a lone surrogate at {pointer or 'the body'}")
        self.pointer = pointer


def refuse_lone_surrogates_in_body(body: bytes | str, doc: Any) -> None:
    """Raise :class:`LoneSurrogateInBody` when a string of ``doc`` (parsed from ``body``)
    holds a lone surrogate.

    UTF-8 cannot encode a surrogate, so a body can only hold one as an escape
    (``\\udXXX``); a body without such an escape is not walked.
    """
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else bytes(body)
    if _ESCAPE.search(raw) is None:
        return
    pointer = first_string_pointer(doc, lambda text: _SURROGATE.search(text) is not None)
    if pointer is not None:
        raise LoneSurrogateInBody(pointer)
