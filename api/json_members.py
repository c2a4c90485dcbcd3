"""Walk a parsed JSON body member by member, with each member's JSON pointer."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from logistics.errors import pointer_token

__all__ = ["json_members", "first_string_pointer"]


def json_members(node: Any, pointer: str = "") -> Iterator[tuple[str, str | int, Any]]:
    """``(pointer, key, value)`` of every object member and list item under ``node``,
    depth first in document order (a member before the members of its value)."""
    if isinstance(node, dict):
        items: Any = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, child in items:
        at = f"{pointer}/{pointer_token(key)}"
        yield at, key, child
        yield from json_members(child, at)


def first_string_pointer(doc: Any, holds: Callable[[str], bool]) -> str | None:
    """The pointer of the first string in ``doc`` (an object's key or a value, ``doc``
    itself included) for which ``holds`` is true; ``None`` when there is none. A key
    points at its member."""
    for at, key, value in itertools.chain([("", None, doc)], json_members(doc)):
        if (isinstance(key, str) and holds(key)) or (isinstance(value, str) and holds(value)):
            return at
    return None
