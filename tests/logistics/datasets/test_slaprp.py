"""SLAPRP reader: every file parses, known values, malformed files name file and line."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from logistics.datasets.slaprp import read_slaprp, slaprp_files, slaprp_history, slaprp_layout
from logistics.errors import DatasetFormatError


def test_every_file_parses_with_consistent_counts():
    files = slaprp_files()
    assert len(files) == 198
    fams = Counter()
    for f in files:
        inst = read_slaprp(f)
        fams[inst.family] += 1
        assert inst.n_skus == 2 * inst.aisles * inst.cells
        assert inst.orders and all(1 <= s <= inst.n_skus for o in inst.orders for s in o)
        layout = slaprp_layout(inst)
        assert len(layout.slots) == inst.n_skus
    assert fams == {"silva": 108, "guo": 90}


def test_known_values():
    guo = read_slaprp(slaprp_files("guo")[0])
    assert guo.name == "guo/SLAPRP_Guo_small_O100_alpha0.2_v1"
    assert (guo.aisles, guo.cells, guo.n_skus, len(guo.orders)) == (4, 5, 40, 104)
    assert guo.orders[0] == (1, 4, 6, 7)
    assert guo.fixed_positions[:2] == ((5, 1), (16, 3))
    silva = read_slaprp(slaprp_files("silva")[0])
    assert silva.name == "silva/SLAP-PRP_A1_B10_O10_I3_v1"
    assert silva.layout_params == (1, 1)
    assert silva.orders[0] == (2, 19, 5) and len(silva.orders) == 10
    skus, history = slaprp_history(silva)
    assert len(skus) == 20 and history[1].skus == ("3", "17", "12") and history[1].time_s == 60


GOOD = "1 5\n1 1\n10\n2\n2 3\n1 2\n3 4 10\n"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("1 x\n", 1),
        ("1 5\n1 1\n12\n2\n2 3\n1 2\n3 4 10\n", 3),  # SKU count != 2 * aisles * cells
        ("1 5\n1 1\n10\n2\n2\n1 2\n3 4 10\n", 5),  # one size for two orders
        ("1 5\n1 1\n10\n2\n2 3\n1 2\n3 4 11\n", 7),  # SKU id out of range
        ("1 5\n1 1\n10\n2\n2 3\n1 2\n", 7),  # missing order line
        ("1 5\n1 1\n10\n2\n2 3\n1 2\n3 4 10\n4 9\n", 8),  # cell out of range
        ("1 5\n1 1\n10\n2\n2 3\n1 1\n3 4 10\n", 6),  # repeated SKU
    ],
)
def test_malformed_files_name_file_and_line(tmp_path: Path, text: str, line: int):
    f = tmp_path / "SLAP-PRP_bad.txt"
    f.write_text(text)
    with pytest.raises(DatasetFormatError) as exc:
        read_slaprp(f)
    assert exc.value.line == line
    assert "SLAP-PRP_bad.txt" in str(exc.value)


def test_good_small_file(tmp_path: Path):
    f = tmp_path / "SLAP-PRP_ok.txt"
    f.write_text(GOOD + "3 2\n")
    inst = read_slaprp(f)
    assert inst.orders == ((1, 2), (3, 4, 10)) and inst.fixed_positions == ((3, 2),)
