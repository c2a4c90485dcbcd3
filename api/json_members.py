"""Walk a parsed JSON body member by member, with each member's JSON pointer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from logistics.errors import pointer_token

__all__ = ["json_members"]


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
