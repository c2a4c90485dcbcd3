"""Request bodies nested deeper than :data:`MAX_DEPTH` levels are refused while read.

``json.loads`` reads about 990 levels, but a job request 256 or more levels deep (in a
free-form ``problem`` or ``scenario``) passed validation and then failed to serialise
(pydantic: "Maximum serialization depth exceeded"): a 500 ``internal-error``. Every body
is read through :class:`api.unique_keys.UniqueKeysRequest`, which raises
:class:`NestedTooDeeply` with the pointer of the first value past the limit; the error
handlers answer a 422 ``invalid-request`` at that pointer.
"""

from __future__ import annotations

from typing import Any

from api.json_members import json_members

__all__ = ["MAX_DEPTH", "NestedTooDeeply", "refuse_deep_nesting"]

MAX_DEPTH = 64
"""Most levels of arrays and objects in a body (the top-level object is level 1); the
deepest file this API reads (a routing problem's time windows) needs 6."""


class NestedTooDeeply(ValueError):
    """The value at ``pointer`` is an array or object at level ``MAX_DEPTH + 1``."""

    def __init__(self, pointer: str) -> None:
        super().__init__(f"nested deeper than {MAX_DEPTH} levels at {pointer}")
        self.pointer = pointer


def refuse_deep_nesting(body: bytes | str, doc: Any) -> None:
    """Raise :class:`NestedTooDeeply` when ``doc`` (parsed from ``body``) nests arrays and
    objects more than :data:`MAX_DEPTH` levels deep.

    A body can only be that deep if it holds more than ``MAX_DEPTH`` brackets, so an
    order's body is not walked; the walk keeps its own stack (no recursion) and builds a
    pointer only for a body it refuses.
    """
    raw = body.encode() if isinstance(body, str) else body
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return
    if not isinstance(doc, dict | list):
        return
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        node, level = stack.pop()
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, dict | list):
                if level >= MAX_DEPTH:
                    raise NestedTooDeeply(_first_too_deep(doc))
                stack.append((child, level + 1))


def _first_too_deep(doc: Any) -> str:
    """The pointer of the first container, in document order, past :data:`MAX_DEPTH` (a
    container at level ``L`` has ``L - 1`` tokens; the walk stops there)."""
    return next(
        at
        for at, _key, child in json_members(doc)
        if isinstance(child, dict | list) and at.count("/") >= MAX_DEPTH
    )
