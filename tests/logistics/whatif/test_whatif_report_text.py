"""The what-if text report shows ids as written (control characters escaped) in aligned
columns, whatever their width."""

from __future__ import annotations

import pandas as pd
from test_whatif import SMALL

from logistics.cli.whatif_cmd import _frontier_text
from logistics.printable import cell_len
from logistics.whatif import format_report, run_scenario

IDS = ["前置仓前置仓", "X\x1b[2J", "N" * 40]


def test_site_ids_are_escaped_and_the_columns_stay_aligned():
    """A 40-character id pushed its row's columns right, a wide (CJK) id made its row
    too wide, an ESC went raw to the terminal and a name with a line break split the
    first line."""
    report = run_scenario(SMALL)
    sites = [
        s.model_copy(update={"id": new, "open": True})
        for s, new in zip(report.sites, IDS, strict=False)
    ]
    text = format_report(report.model_copy(update={"name": "a\nb", "sites": sites}))
    assert "\x1b" not in text
    lines = text.splitlines()
    assert lines[0].startswith("scenario a\\nb: total cost ")
    table = lines[lines.index(next(t for t in lines if t.startswith("site "))) :]
    assert [t.split()[0] for t in table[1:]] == ["前置仓前置仓", "X\\x1b[2J", "N" * 40]
    kind_at = {cell_len(t[: t.index(" existing ") if " existing " in t else t.index(" kind ")])
               for t in table if " existing " in t or t.startswith("site ")}  # fmt: skip
    assert len(kind_at) == 1, table


def test_sweep_table_escapes_ids_in_names_and_values():
    text = _frontier_text(pd, [{"capacity_factor.X\x1b[2J": 1.0, "open": "A\x1b[31m+B"}])
    assert "\x1b" not in text
    assert "capacity_factor.X\\x1b[2J" in text and "A\\x1b[31m+B" in text
