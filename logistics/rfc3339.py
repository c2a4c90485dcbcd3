"""RFC 3339 date-times at the edges: every JSON reader parses times here, the same way.

RFC 3339 section 5.6: ``2026-11-23T08:00:00-03:00``, a ``T`` or a space between date and
time, ``Z`` or ``z`` for UTC, optional fractions of a second. ``datetime.fromisoformat``
alone also takes ISO 8601 forms that RFC 3339 does not (``20261123T080000Z``, ``08:00``
without seconds, a ``-0300`` offset, week dates).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from logistics.errors import InvalidValueError

__all__ = ["parse_rfc3339"]

# the offset is optional here so that a time without one is told so; its minutes are
# 00-59 (fromisoformat reads +05:75 as +06:15)
_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:[0-5]\d)?", re.ASCII
)


def parse_rfc3339(value: Any, field: str) -> datetime:
    """``value`` as an aware ``datetime``.

    Raises
    ------
    InvalidValueError
        Naming ``field``: not an RFC 3339 date-time, or one without a UTC offset.
    """
    if not isinstance(value, str) or not _RFC3339.fullmatch(value):
        raise InvalidValueError(field, value, "expected an RFC 3339 time with offset")
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:  # e.g. month 13
        raise InvalidValueError(field, value, "expected an RFC 3339 time with offset") from None
    if dt.tzinfo is None:
        raise InvalidValueError(field, value, "the time needs an offset, e.g. -03:00 or Z")
    return dt
