"""Reader for the SBPO 2025 wave-picking instances."""

from pathlib import Path

import pytest

from logistics.datasets.sbpo import (
    load_sbpo_instance,
    read_sbpo,
    read_sbpo_references,
    sbpo_files,
    sbpo_reference,
)
from logistics.domain.wave_selection import WaveSelectionProblem
from logistics.errors import DatasetFormatError, InvalidValueError

DATA = Path(__file__).resolve().parents[2] / "data" / "sbpo"

# (orders, items, aisles, lb, ub) from each file's header and last line
KNOWN = {
    "dataset_a/instance_0001": (61, 155, 116, 30, 68),
    "dataset_a/instance_0002": (7, 7, 33, 0, 2),
    "dataset_a/instance_0014": (12402, 10974, 413, 1947, 7739),
    "dataset_a/instance_0020": (5, 5, 5, 5, 12),
    "dataset_b/instance_0011": (45112, 37820, 482, 8541, 19101),
}


def test_every_file_parses_with_its_counts():
    files = sbpo_files()
    assert len(files) == 35
    assert len(sbpo_files("a")) == 20 and len(sbpo_files("dataset_b")) == 15
    refs = read_sbpo_references()
    for f in files:
        p = read_sbpo(f)
        header = [int(t) for t in f.read_text().split("\n", 1)[0].split()]
        assert [p.n_orders, p.n_items, p.n_aisles] == header, f
        assert 0 <= p.lb <= p.ub
        assert all(p.order_units), f  # every order has at least one unit
        if p.name in KNOWN:
            assert (p.n_orders, p.n_items, p.n_aisles, p.lb, p.ub) == KNOWN[p.name]
        assert f"{f.parent.name}/{f.name}" in refs


def test_known_values_of_instance_0001():
    p, ref = load_sbpo_instance(sbpo_files("a")[0])
    assert p.name == "dataset_a/instance_0001"
    # line 2: "3 13 1 36 1 135 1"; line 5: "1 29 3"
    assert p.orders[0] == ((13, 1), (36, 1), (135, 1))
    assert p.orders[3] == ((29, 3),)
    assert p.order_units[3] == 3
    assert ref is not None and ref.objective == 15.0
    assert "NOT official" in ref.source


def test_small_file_and_sorting():
    p = read_sbpo(DATA / "OkSmall.txt")
    assert isinstance(p, WaveSelectionProblem)
    assert (p.n_orders, p.n_items, p.n_aisles, p.lb, p.ub) == (4, 3, 3, 3, 9)
    assert p.orders[3] == ((0, 1), (2, 1))
    assert p.aisles[2] == ((0, 1), (1, 4))
    assert p.order_units == (3, 2, 5, 2)
    assert p.units_of([0, 2, 2]) == 8
    assert sbpo_reference(DATA / "OkSmall.txt") is None


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("MissingBounds.txt", 5, "ends after 4"),
        ("WrongPairCount.txt", 3, "k=2"),
        ("ItemOutOfRange.txt", 3, "item in [0, 2)"),
        ("NotANumber.txt", 3, "integers"),
        ("LbAboveUb.txt", 5, "LB <= UB"),
        ("ItemTwice.txt", 3, "listed once"),
        ("ZeroUnits.txt", 3, "units >= 1"),
        ("BadHeader.txt", 1, "3 integers"),
        ("ExtraLine.txt", 6, "end of file"),
        # beyond int64: was an OverflowError traceback from numpy in the solver
        ("UnitsTooLarge.txt", 3, "<= 1000000000"),
    ],
)
def test_malformed_files_name_file_and_line(name, line, words):
    with pytest.raises(DatasetFormatError) as err:
        read_sbpo(DATA / name)
    assert err.value.line == line
    assert err.value.path.endswith(name)
    assert words in err.value.expected


def test_missing_file_is_a_format_error(tmp_path):
    with pytest.raises(DatasetFormatError):
        read_sbpo(tmp_path / "nope.txt")


def test_problem_validates_its_fields():
    with pytest.raises(InvalidValueError, match="ub"):
        WaveSelectionProblem(orders=(), aisles=(), n_items=1, lb=3, ub=2)
    with pytest.raises(InvalidValueError, match=r"orders\[0\]\[0\].item"):
        WaveSelectionProblem(orders=({5: 1},), aisles=(), n_items=2, lb=0, ub=2)
    with pytest.raises(InvalidValueError, match=r"aisles\[0\]\[1\].units"):
        WaveSelectionProblem(orders=(), aisles=(((0, 1), (1, 0)),), n_items=2, lb=0, ub=2)
    with pytest.raises(InvalidValueError, match=r"orders\[0\]\[0\].units"):
        WaveSelectionProblem(orders=({0: 2**63},), aisles=(), n_items=1, lb=0, ub=2)
    with pytest.raises(InvalidValueError, match="ub"):
        WaveSelectionProblem(orders=(), aisles=(), n_items=1, lb=0, ub=2**64)
    p = WaveSelectionProblem(orders=({1: 2, 0: 1},), aisles=({0: 1},), n_items=2, lb=0, ub=9)
    assert p.orders == (((0, 1), (1, 2)),)


def test_subset_name_is_checked():
    with pytest.raises(InvalidValueError):
        sbpo_files("c")
