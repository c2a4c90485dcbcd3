"""Read a JSON input file; a malformed one is reported like every other bad input file.

Every command that reads JSON (``route solve``, ``source``, ``waves plan``, ``slot``,
``whatif`` with a ``.json`` scenario) reads it through :func:`read_json`, so a syntax
error reads the same everywhere: ``error: NAME='PATH': not valid JSON (line L column C:
WHY)``, where ``NAME`` is the file as the command line names it (``FILE``,
``ORDER.json``, ``layout``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from logistics.errors import InvalidValueError

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
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _no_constant(word: str) -> Any:
    """``NaN``, ``Infinity``, ``-Infinity``: Python's ``json`` reads them, JSON has none."""
    raise ValueError(f"{word} is not a JSON value")


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
        ``not valid JSON (NaN is not a JSON value)`` (also ``Infinity``).
    """
    text = read_text(path, name)
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InvalidValueError(
            name, str(path), f"not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
        ) from None
    except ValueError as exc:  # a duplicate key (its object was read whole), a NaN
        raise InvalidValueError(name, str(path), f"not valid JSON ({exc})") from None
