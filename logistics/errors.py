"""Typed errors shared by the library, the CLI and the API.

Every error that comes from bad input names what was wrong: the field (a dotted
path such as ``lines[2].quantity``) and the offending value, so the API can turn
it into an RFC 9457 problem with a JSON pointer and the CLI can print it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

__all__ = [
    "LogisticsError",
    "InvalidValueError",
    "DatasetFormatError",
    "InfeasibleError",
    "field_pointer",
    "member",
    "one_of",
    "pointer_token",
    "quoted",
    "MAX_QUOTED_CHARS",
]

MAX_QUOTED_CHARS = 300
"""At most this many characters of a bad value are quoted in an error message (the
library's ``str()``, the CLI's ``error:`` line, the API's ``detail``): a 5,000-character
id in an input file came back whole, and a 200 KB string in a request body made a 200 KB
answer (and log line). Every ordinary value fits: ids are at most 64 characters in the
API, and a routing file's long object or list is already shown as JSON of at most 300."""


def quoted(value: Any, limit: int = MAX_QUOTED_CHARS) -> str:
    """``value`` as an error message quotes it: its ``repr`` when that is short, else cut.

    A string longer than ``limit`` characters is shown as the ``repr`` of its first
    ``limit`` characters, then ``... (N characters)`` (``N`` its length); any other value
    whose ``repr`` is longer than ``limit`` as the first ``limit`` characters of that
    ``repr``, then ``... (N characters)`` (``N`` the length of the ``repr``). A value
    nested too deeply for ``repr`` is named by its type.
    """
    if type(value) is str:  # a subclass may have a repr of its own: shown as any value
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}... ({len(value)} characters)"
    try:
        text = repr(value)
    except RecursionError:
        return f"<{type(value).__name__} nested too deeply to show>"
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text)} characters)"


class LogisticsError(Exception):
    """Base class of every error raised on purpose by this project."""


class InvalidValueError(LogisticsError, ValueError):
    """A value given by the caller is not acceptable.

    Parameters
    ----------
    field
        Dotted path of the bad field, e.g. ``"lines[2].quantity"``.
    value
        The value that was rejected, kept whole; the message quotes it cut short when
        it is long (:func:`quoted`).
    reason
        What was expected, in words a person can act on.
    """

    def __init__(self, field: str, value: Any, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}={quoted(value)}: {reason}")

    def __reduce__(self) -> tuple[type, tuple[str, Any, str]]:
        # picklable, so the error crosses from a worker process to its parent intact
        return (type(self), (self.field, self.value, self.reason))

    def prefixed(self, prefix: str) -> InvalidValueError:
        """The same error with ``prefix`` put in front of the field path."""
        if not self.field:  # the error is about the whole value at ``prefix``
            return InvalidValueError(prefix, self.value, self.reason)
        joined = f"{prefix}.{self.field}" if not self.field.startswith("[") else prefix + self.field
        return InvalidValueError(joined, self.value, self.reason)

    @property
    def pointer(self) -> str:
        """The field as an RFC 6901 JSON pointer, e.g. ``/lines/2/quantity``."""
        return field_pointer(self.field)


class DatasetFormatError(LogisticsError, ValueError):
    """A data file does not follow its format.

    Parameters
    ----------
    path
        The file that was read.
    line
        1-based line number where reading failed (0 when not line based).
    expected
        What the reader expected to find there.
    """

    def __init__(self, path: Any, line: int, expected: str) -> None:
        self.path = str(path)
        self.line = line
        self.expected = expected
        super().__init__(f"{self.path}:{line}: expected {expected}")

    def __reduce__(self) -> tuple[type, tuple[str, int, str]]:
        return (type(self), (self.path, self.line, self.expected))


class InfeasibleError(LogisticsError):
    """A problem has no feasible solution; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


_PATH_TOKEN = re.compile(r'\["((?:[^"\\]|\\.)*)"\]|\[([^\]]*)\]|\.?([^.\[]+)|\.')


def one_of(choices: Iterable[Any]) -> str:
    """The reason for a value outside ``choices``: ``one of 'dimacs', 'exact'``."""
    return "one of " + ", ".join(repr(str(c)) for c in choices)


def member(path: str, key: str) -> str:
    """The field path of ``key`` of the object at ``path``: ``current.S001``, or
    ``current["A.1"]`` when the key holds a ``.``, ``[``, ``]`` or ``"`` (keys are ids)."""
    if key and not any(c in key for c in '.[]"'):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key)}]"


def pointer_token(key: str | int) -> str:
    """``key`` as one reference token of a JSON pointer (RFC 6901: ``~`` is written
    ``~0`` and ``/`` is written ``~1``)."""
    return str(key).replace("~", "~0").replace("/", "~1")


def field_pointer(field: str) -> str:
    """Turn a field path (``a.b[3].c``, ``current["A.1"]``) into a JSON pointer
    (``/a/b/3/c``, ``/current/A.1``)."""
    if not field:
        return ""
    parts: list[str] = []
    for m in _PATH_TOKEN.finditer(field):
        quoted, index, name = m.groups()
        if quoted is not None:
            piece = json.loads(f'"{quoted}"')
        elif index is not None:
            piece = index
        elif name is not None:
            piece = name
        else:
            continue  # a bare "." between segments
        parts.append(pointer_token(piece))
    return "/" + "/".join(parts)
