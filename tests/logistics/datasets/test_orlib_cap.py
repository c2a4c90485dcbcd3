"""OR-Library capacitated warehouse location reader: every file, known values, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from logistics.datasets.catalog import instance_files
from logistics.datasets.orlib_cap import (
    CAPACITY_SETTINGS,
    orlib_cap_bks,
    orlib_cap_cases,
    read_capopt,
    read_orlib_cap,
)
from logistics.errors import DatasetFormatError, InvalidValueError

DATA = Path(__file__).resolve().parents[2] / "data" / "orlib_cap"
SIZES = {4: (16, 50), 5: (16, 50), 6: (16, 50), 7: (16, 50)}
SIZES.update({8: (25, 50), 9: (25, 50), 10: (25, 50), 11: (50, 50), 12: (50, 50), 13: (50, 50)})


def _expected_size(stem: str) -> tuple[int, int]:
    if stem in CAPACITY_SETTINGS:
        return 100, 1000
    return SIZES[int(stem[3:-1])]


def test_every_file_parses_with_expected_sizes():
    files = instance_files("orlib_cap_warehouse_location")
    assert len(files) == 40
    for path in files:
        cap = CAPACITY_SETTINGS.get(path.stem, (None,))[0]
        inst = read_orlib_cap(path, cap)
        p = inst.problem
        assert (p.num_sites, p.num_customers) == _expected_size(path.stem), path.name
        assert p.assignment_costs.shape == (p.num_sites, p.num_customers)
        assert np.all(p.demands > 0)
        assert inst.bks is not None, path.name
        assert p.capacities.sum() >= p.total_demand  # every case is feasible


def test_every_bks_case_resolves_and_matches_capopt():
    cases = orlib_cap_cases()
    assert len(cases) == 49
    assert sum(c.capacity is not None for c in cases) == 12
    capopt = read_capopt()
    assert orlib_cap_bks() == capopt
    for case in cases:
        assert case.path.exists(), case
        assert capopt[case.name] == case.bks


def test_cap41_known_values():
    inst = read_orlib_cap(instance_files("orlib_cap_warehouse_location")[0].parent / "cap41.txt")
    p = inst.problem
    assert inst.name == "cap41" and inst.bks == 1040444.375
    assert p.capacities.tolist() == [5000.0] * 16
    assert p.fixed_costs[0] == 7500.0 and p.fixed_costs[10] == 0.0
    assert p.demands[:3].tolist() == [146.0, 87.0, 672.0]
    assert p.assignment_costs[0, 0] == 6739.725
    assert p.assignment_costs[15, 0] == 6051.7
    assert p.assignment_costs[1, 1] == 5457.075


def test_capa_needs_capacity_and_gets_the_right_bks():
    path = instance_files("orlib_cap_warehouse_location")[0].parent / "capa.txt"
    with pytest.raises(InvalidValueError) as err:
        read_orlib_cap(path)
    assert err.value.field == "capacity" and "8000" in str(err.value)
    inst = read_orlib_cap(path, 10000)
    assert inst.name == "capa-10000" and inst.bks == 18438046.543
    p = inst.problem
    assert np.all(p.capacities == 10000)
    assert p.fixed_costs[:2].tolist() == [2141200.0, 2107403.0]
    assert p.demands[-1] == 20.0 and p.assignment_costs[-1, -1] == 11118.67771


def test_small_fixture_with_wrapped_lines():
    inst = read_orlib_cap(DATA / "OkSmall.txt")
    p = inst.problem
    assert inst.bks is None and inst.name == "OkSmall"
    assert p.capacities.tolist() == [100, 80, 120]
    assert p.fixed_costs.tolist() == [50, 40, 70]
    assert p.demands.tolist() == [10, 20, 5, 15]
    assert p.assignment_costs[:, 0].tolist() == [5.0, 8.0, 12.0]  # wrapped over two lines
    assert p.assignment_costs[:, 3].tolist() == [12.0, 9.0, 3.0]


def test_capacity_override_and_placeholder():
    inst = read_orlib_cap(DATA / "OkSmall.txt", capacity=60)
    assert inst.problem.capacities.tolist() == [60, 60, 60] and inst.name == "OkSmall-60"
    inst = read_orlib_cap(DATA / "OkPlaceholder.txt", capacity=5)
    assert inst.problem.capacities.tolist() == [5, 5] and inst.problem.fixed_costs.tolist() == [
        10,
        12,
    ]
    with pytest.raises(InvalidValueError):
        read_orlib_cap(DATA / "OkSmall.txt", capacity=-1)


@pytest.mark.parametrize("capacity", [0, float("nan"), float("inf"), 1e20])
def test_a_capacity_setting_that_is_not_finite_and_positive_names_capacity(capacity):
    # inf, 1e20: not capacities[0]=... from the problem
    with pytest.raises(InvalidValueError) as err:
        read_orlib_cap(DATA / "OkSmall.txt", capacity=capacity)
    assert err.value.field == "capacity"


@pytest.mark.parametrize(
    ("name", "line", "needle"),
    [
        ("MissingCost.txt", 9, "end of file"),
        ("NonNumericCost.txt", 6, "'ten'"),
        ("NegativeDemand.txt", 7, "'-5'"),
        ("TrailingData.txt", 9, "end of file after 4 customers"),
        ("MissingCustomerCount.txt", 2, "number of customers"),
        ("BadCapacity.txt", 3, "capacity of warehouse 2"),
    ],
)
def test_malformed_files_name_file_and_line(name, line, needle):
    with pytest.raises(DatasetFormatError) as err:
        read_orlib_cap(DATA / name)
    assert err.value.path.endswith(name)
    assert err.value.line == line
    assert needle in err.value.expected


@pytest.mark.parametrize("name", ["NoSuchFile.txt", "."])
def test_a_file_that_cannot_be_read_is_a_format_error_naming_it(tmp_path, name):
    path = tmp_path / name
    with pytest.raises(DatasetFormatError) as err:
        read_orlib_cap(path)
    assert (err.value.path, err.value.line) == (str(path), 0)
    assert err.value.expected.startswith("a readable text file")


@pytest.mark.parametrize(
    "header",
    ["1000000000000 1", "99999999999999999999999 1"],  # a MemoryError, a TypeError before
)
def test_a_header_with_a_huge_site_count_is_a_format_error_at_the_end_of_the_file(tmp_path, header):
    path = tmp_path / "huge.txt"
    path.write_text(f"{header}\n10 5\n")
    with pytest.raises(DatasetFormatError) as err:
        read_orlib_cap(path)
    assert err.value.line == 3  # the line after the last one read, as for any short file
    assert err.value.expected == "capacity of warehouse 2, got end of file"
