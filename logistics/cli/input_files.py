"""Check an input file given on the command line before any work is done.

Every command that reads a file calls :func:`check_input_file` on it first, so a
path it cannot read is reported the same way by all of them: one line,
``error: NAME='PATH': reason``, exit code 2 (``run_cli`` prints the
``InvalidValueError``), and no traceback.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from logistics.errors import InvalidValueError

__all__ = ["check_input_file"]

_CHUNK = 1 << 20


def check_input_file(name: str, path: Path) -> Path:
    """``path`` when it is a readable UTF-8 text file (a pipe such as ``/dev/stdin`` is
    not read here: its text would be gone for the command).

    Parameters
    ----------
    name
        How the command line names the file: the argument as the usage shows it
        (``ORDER.json``, ``FILE``) or the option without its dashes (``layout``).
    path
        The path as given.

    Returns
    -------
    Path
        ``path``, unchanged.

    Raises
    ------
    InvalidValueError
        Naming ``name`` and the path: ``file not found``, ``is a folder; give a file
        name``, ``not UTF-8 text (byte N)`` or ``cannot read: <why>``.
    """
    path = Path(path)
    if not path.exists():
        raise InvalidValueError(name, str(path), "file not found")
    if path.is_dir():
        raise InvalidValueError(name, str(path), "is a folder; give a file name")
    if not path.is_file():  # a pipe (``/dev/stdin``): it can be read once, by the command
        return path
    try:
        with path.open("rb") as f:
            bad = _first_bad_byte(f)
    except OSError as exc:
        raise InvalidValueError(name, str(path), f"cannot read: {exc.strerror or exc}") from None
    if bad is not None:
        raise InvalidValueError(name, str(path), f"not UTF-8 text (byte {bad})")
    return path


def _first_bad_byte(f) -> int | None:  # noqa: ANN001 - a binary file object
    """Offset of the first byte that is not UTF-8 (None: all of it is), read in chunks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0  # bytes fed to the decoder so far
    while True:
        chunk = f.read(_CHUNK)
        pending = len(decoder.getstate()[0])  # an unfinished character from the last chunk
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            return offset - pending + exc.start
        if not chunk:
            return None
        offset += len(chunk)
