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

__all__ = ["read_json"]


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
        Naming ``name`` and the path: ``cannot read: WHY``, ``not UTF-8 text (byte N)``
        or ``not valid JSON (line L column C: WHY)``.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidValueError(name, str(path), f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InvalidValueError(name, str(path), f"cannot read: {exc.strerror or exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidValueError(
            name, str(path), f"not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
        ) from None
