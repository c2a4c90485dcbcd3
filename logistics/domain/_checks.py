"""Small validation helpers used by the frozen domain dataclasses.

Each helper raises :class:`~logistics.errors.InvalidValueError` naming the field
and the value; they are deliberately tiny so construction stays cheap (order
sourcing builds thousands of objects a second).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from logistics.errors import InvalidValueError


def require_int(field: str, value: Any, *, minimum: int | None = None) -> None:
    """``value`` is an ``int`` (not bool) and at least ``minimum`` when given."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(field, value, "expected an integer")
    if minimum is not None and value < minimum:
        raise InvalidValueError(field, value, f"must be >= {minimum}")


def require_number(field: str, value: Any, *, minimum: float | None = None) -> None:
    """``value`` is a real number, finite, and at least ``minimum`` when given."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError(field, value, "expected a number")
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidValueError(field, value, "must be finite")
    if minimum is not None and value < minimum:
        raise InvalidValueError(field, value, f"must be >= {minimum}")


def require_id(field: str, value: Any) -> None:
    """``value`` is a non-empty string identifier."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(field, value, "expected a non-empty string id")


def require_unique(field: str, ids: Iterable[Any]) -> None:
    """No identifier appears twice."""
    seen: set[Any] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            raise InvalidValueError(f"{field}[{i}]", ident, "duplicate id")
        seen.add(ident)


def require_int_vector(field: str, values: Any, *, minimum: int | None = 0) -> None:
    """``values`` is a tuple of integers, each at least ``minimum``."""
    if not isinstance(values, tuple):
        raise InvalidValueError(field, values, "expected a tuple of integers")
    for i, v in enumerate(values):
        require_int(f"{field}[{i}]", v, minimum=minimum)
