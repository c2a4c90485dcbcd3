"""``logistics.printable``: ids from input files, safe to print."""

from __future__ import annotations

import pytest

from logistics.printable import printable, rich_text


@pytest.mark.parametrize(
    "text, shown",
    [
        ("o-1001", "o-1001"),
        ("前置仓 Ünïcode ✓", "前置仓 Ünïcode ✓"),
        ("esc\x1b[2J", "esc\\x1b[2J"),
        ("two\nlines", "two\\nlines"),
        ("cr\rover", "cr\\rover"),
        ("tab\there", "tab\\there"),
        ("c1\x9bcsi", "c1\\x9bcsi"),
        ("\u202eRTL", "\\u202eRTL"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("tag\U000e0041", "tag\\U000e0041"),
    ],
)
def test_control_and_format_characters_are_written_as_their_escapes(text, shown):
    assert printable(text) == shown
    assert printable(text).isprintable()


def test_rich_text_escapes_markup_too():
    from rich.console import Console

    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(f"ids {rich_text('[/]')} {rich_text('[red]x')} {rich_text('a' + chr(27))}")
    assert console.export_text().strip() == "ids [/] [red]x a\\x1b"


def test_ljust_cells_pads_by_terminal_cells():
    from logistics.printable import ljust_cells

    assert ljust_cells("前置仓", 8) == "前置仓  "  # three wide characters: six cells
    assert ljust_cells("a\x1b", 8) == "a\\x1b   "
    assert ljust_cells("N" * 10, 8) == "N" * 10
