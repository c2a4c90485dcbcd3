"""Ids and names from input files, made safe to print in the CLI's text output.

Input files may hold any string as an id (the API allows only ``[A-Za-z0-9._:-]``, files
do not). Printed raw, a control character in an id acts on the terminal (``\\x1b[2J``
clears it, ``\\r`` overwrites the line, ``\\u202e`` reverses what follows) or, when the
output is piped, vanishes (Click strips ANSI sequences from ``typer.echo``), so the id
shown is not the id in the file. The JSON outputs (``--json``, ``--out``) keep ids exact.
"""

from __future__ import annotations

__all__ = ["printable", "rich_text", "cell_len", "ljust_cells"]


def printable(text: object) -> str:
    """``str(text)`` with every character Python's ``repr`` would escape written as that
    escape (``\\x1b``, ``\\n``, ``\\u202e``, ``\\u200b``...): control and format
    characters, line and paragraph separators, spaces other than ``' '``. Letters, marks
    and symbols of any script stay as they are."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def cell_len(text: str) -> int:
    """Terminal cells ``text`` takes (a wide character, e.g. CJK, takes two)."""
    from rich.cells import cell_len as cells

    return cells(text)


def ljust_cells(text: object, width: int) -> str:
    """:func:`printable` ``text``, padded with spaces to ``width`` terminal cells (``str``
    padding counts characters: a column of wide ids came out too wide)."""
    shown = printable(text)
    return shown + " " * max(0, width - cell_len(shown))


def rich_text(text: object) -> str:
    """:func:`printable` ``text`` with Rich markup escaped, to put inside a string that
    Rich renders as markup: an id ``[/]`` was a ``MarkupError`` traceback, an id
    ``[red]x`` was printed as ``x``."""
    from rich.markup import escape

    return escape(printable(text))


def _escape(c: str) -> str:
    code = ord(c)
    if code < 0x100:
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c, f"\\x{code:02x}")
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
