"""Read a JSON input file; a malformed one is reported like every other bad input file.

Every command that reads JSON (``route solve``, ``source``, ``waves plan``, ``slot``,
``whatif`` with a ``.json`` scenario) reads it through :func:`read_json`, so a syntax
error reads the same everywhere: ``error: NAME='PATH': not valid JSON (line L column C:
WHY)``, where ``NAME`` is the file as the command line names it (``FILE``,
``ORDER.json``, ``layout``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from logistics.errors import InvalidValueError, member, quoted

__all__ = ["read_json", "read_text"]


def read_text(path: str | Path, name: str) -> str:
    """The UTF-8 text of the input file ``path`` (a leading byte order mark, which some
    editors write, skipped); ``name`` as in :func:`read_json`.

    Raises
    ------
    InvalidValueError
        Naming ``name`` and the path: ``cannot read: WHY`` or ``not UTF-8 text (byte N)``.
    """
    try:
        return Path(path).read_text(encoding="utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InvalidValueError(name, str(path), f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InvalidValueError(name, str(path), f"cannot read: {exc.strerror or exc}") from None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key written twice (``json`` would keep the last)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {quoted(key)}")
        out[key] = value
    return out


def _no_constant(word: str) -> Any:
    """``NaN``, ``Infinity``, ``-Infinity``: Python's ``json`` reads them, JSON has none."""
    raise ValueError(f"{word} is not a JSON value")


#: A surrogate code point: after parsing, one in a string was written as a lone escape.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _strings(doc: Any, at: str = "") -> Iterator[tuple[str, str]]:
    """``(where, text)`` of every string of ``doc``, keys (``where`` ``a: key 'k'``)
    and values (``where`` the field path ``a.b[3]`` and the quoted value), in document
    order."""
    if isinstance(doc, str):
        yield f"{at}: {quoted(doc)}", doc
    elif isinstance(doc, dict):
        for key, value in doc.items():
            yield f"{at or '(the top)'}: key {quoted(key)}", key
            yield from _strings(value, member(at, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _strings(value, f"{at}[{i}]")


def _lone_surrogate(text: str, doc: Any) -> str | None:
    """Where the first string of ``doc`` holding a lone surrogate is (see :func:`_strings`);
    ``None`` when none does. ``json`` reads ``"\\ud800"`` without a low surrogate after it
    as that code point alone: valid JSON syntax, but no text (it cannot be written as
    UTF-8, so printing or saving it failed later with a traceback)."""
    if "\\u" not in text:  # a surrogate can only be written as an escape
        return None
    for where, value in _strings(doc):
        if _SURROGATE.search(value):
            return where
    return None


def read_json(path: str | Path, name: str) -> Any:
    """The parsed content of the JSON file ``path``.

    Parameters
    ----------
    path
        The file.
    name
        What the caller calls the file: the argument as the usage shows it
        (``FILE``, ``ORDER.json``) or the option without its dashes (``layout``).

    Returns
    -------
    Any
        The parsed JSON value.

    Raises
    ------
    InvalidValueError
        Naming ``name`` and the path: ``cannot read: WHY``, ``not UTF-8 text (byte N)``,
        ``not valid JSON (line L column C: WHY)``, ``not valid JSON (duplicate key
        'K')`` (a key written twice in one object: one of the two would be lost) or
        ``not valid JSON (NaN is not a JSON value)`` (also ``Infinity``), ``not valid JSON
        (nested too deeply to read)`` (arrays or objects about 1,000 levels deep) or ``not Unicode
        text (a lone UTF-16 surrogate at stops[2].id: 'a\\ud800')`` (an escape of half a
        surrogate pair, with the field path and the string).
    """
    text = read_text(path, name)
    try:
        doc = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
        where = _lone_surrogate(text, doc)
    except json.JSONDecodeError as exc:
        raise InvalidValueError(
            name, str(path), f"not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
        ) from None
    except ValueError as exc:  # a duplicate key (its object was read whole), a NaN
        raise InvalidValueError(name, str(path), f"not valid JSON ({exc})") from None
    except RecursionError:  # arrays or objects nested about 1,000 levels deep
        raise InvalidValueError(
            name, str(path), "not valid JSON (nested too deeply to read)"
        ) from None
    if where is not None:
        raise InvalidValueError(
            name, str(path), f"not Unicode text (a lone UTF-16 surrogate at {where})"
        )
    return doc
