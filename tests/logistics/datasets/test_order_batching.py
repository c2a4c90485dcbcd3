"""Readers of datasets/order_batching_obp: every file, known values, broken files."""

from __future__ import annotations

import collections
import shutil
from pathlib import Path

import pytest

from logistics.datasets.catalog import instance_files
from logistics.datasets.order_batching import (
    obp_instances,
    read_arrival_times,
    read_obp_instance,
)
from logistics.errors import DatasetFormatError
from logistics.paths import datasets_root

ROOT = datasets_root() / "order_batching_obp"
W1 = ROOT / "albareda2009_W1-W4" / "W1" / "50" / "wsrp_input_pedido_01_000.txt"
HENN = ROOT / "henn_W5A" / "abc1" / "29s-40-30-0.txt"


def test_catalog_pattern_matches_exactly_the_order_files():
    files = instance_files("order_batching_obp")
    assert len(files) == 80 + 64 + 400
    names = {f.name for f in files}
    assert not any(n.startswith(("sett", "Tiempos", "wsrp_input_layout")) for n in names)
    assert all(f.suffix == ".txt" for f in files)


def test_every_instance_parses_with_the_announced_counts():
    per_class = collections.Counter()
    for path in obp_instances():
        inst = read_obp_instance(path)
        per_class[inst.instance_class] += 1
        if inst.family == "henn":
            n_orders, cap = (int(x) for x in path.stem.split("-")[1:3])
            assert len(inst.orders) == n_orders and inst.capacity == cap
            assert len(inst.layout.slots) == 900
        else:
            assert len(inst.orders) == int(path.parent.name)
        for order in inst.orders:
            for line in order.lines:
                assert inst.layout.has_slot(line.slot_id)
    assert per_class == {"W1": 20, "W2": 20, "W3": 20, "W4": 20, "W5A": 64, "W5B": 400}


def test_known_values_albareda():
    inst = read_obp_instance(W1)
    assert inst.name == "W1/50/01_000" and inst.capacity_kind == "weight_g"
    assert inst.capacity == 12000
    assert inst.layout.aisle_x_mm == (0, 7167, 14333, 21500)
    assert inst.layout.cross_aisle_y_mm == (0, 86917)
    first = inst.orders[0]
    assert first.cutoff_s == 1433 and [ln.slot_id for ln in first.lines] == ["I186", "I77"]
    slot = inst.layout.slot("I186")
    assert (slot.aisle, slot.side.value, slot.position_mm) == (3, "left", 9722)
    centre = read_obp_instance(W1.with_name("wsrp_input_pedido_01_060.txt"))
    assert centre.layout.aisle_x_mm == (-10750, -3583, 3583, 10750)
    assert centre.layout.depot_x_mm == 0


def test_known_values_henn():
    inst = read_obp_instance(HENN)
    assert inst.name == "W5A/abc1/29s-40-30-0" and inst.capacity == 30
    assert inst.layout.aisle_x_mm[:3] == (0, 5000, 10000)
    assert inst.layout.block_length_mm(0) == 47000 and inst.layout.depot_offset_mm == 1000
    first = inst.orders[0]
    assert first.items == 6
    assert first.slot_ids[:2] == ("A00-R002-0", "A00-L002-0")
    assert inst.layout.slot("A00-L002-0").position_mm == 1000 + 2500


def test_arrival_times():
    times = read_arrival_times(ROOT / "henn_W5A" / "ArrivalTimes" / "TiemposOrders_E_100_H1.txt")
    assert len(times) == 100 and times[:2] == (11344, 11344 + 18516)
    assert list(times) == sorted(times)


def _copy_albareda(tmp_path: Path) -> tuple[Path, Path]:
    ped = tmp_path / W1.name
    lay = tmp_path / "wsrp_input_layout_01_000.txt"
    shutil.copy(W1, ped)
    shutil.copy(W1.with_name(lay.name), lay)
    return ped, lay


def _edit(path: Path, lineno: int, text: str) -> None:
    lines = path.read_text(encoding="latin-1").splitlines()
    lines[lineno - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="latin-1")


@pytest.mark.parametrize(
    "which, lineno, text, want_line",
    [
        ("orders", 2, " fifty", 2),
        ("orders", 5, " 3 0 9.72 1.0", 5),
        ("orders", 5, " 9 0 9.72 1.0 186", 5),
        ("orders", 4, " 100.0", 4),
        ("layout", 2, " 4", 2),
        ("layout", 19, " 7 7.16 7.16 1", 19),
        ("layout", 22, " 1234", 22),
    ],
)
def test_malformed_albareda_names_file_and_line(tmp_path, which, lineno, text, want_line):
    ped, lay = _copy_albareda(tmp_path)
    target = ped if which == "orders" else lay
    _edit(target, lineno, text)
    with pytest.raises(DatasetFormatError) as e:
        read_obp_instance(ped)
    assert e.value.path == str(target) and e.value.line == want_line


def test_malformed_henn_names_file_and_line(tmp_path):
    order = tmp_path / HENN.name
    shutil.copy(HENN, order)
    shutil.copy(HENN.with_name("sett29.txt"), tmp_path / "sett29.txt")
    _edit(order, 3, "1\tAisle 0\tPlace 28")
    with pytest.raises(DatasetFormatError) as e:
        read_obp_instance(order)
    assert e.value.path == str(order) and e.value.line == 3
    shutil.copy(HENN, order)
    _edit(order, 2, "0\tAisle 99\tLocation 2")
    with pytest.raises(DatasetFormatError) as e:
        read_obp_instance(order)
    assert e.value.line == 2
    with pytest.raises(DatasetFormatError):
        read_obp_instance(tmp_path / "whatever.txt")
