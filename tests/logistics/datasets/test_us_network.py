"""The US fulfillment network reader: every file parses; each error path names file and line."""

from pathlib import Path

import pytest

from logistics.datasets.catalog import instance_files
from logistics.datasets.us_network import (
    read_cities,
    read_fulfillment_centers,
    read_us_network,
    state_utc_offset_s,
)
from logistics.domain import WarehouseKind
from logistics.errors import DatasetFormatError


def test_reads_the_whole_set():
    net = read_us_network()
    assert len(net.cities) == 99
    assert len(net.centers) == 10
    assert len({c.id for c in net.cities}) == 99
    ny = net.cities[0]
    assert (ny.name, ny.state, ny.population) == ("New York", "New York", 18_680_025)
    assert ny.location.lat == pytest.approx(40.6943)
    assert ny.location.lon == pytest.approx(-73.9249)
    assert ny.utc_offset_s == -5 * 3600
    la = next(c for c in net.cities if c.name == "Los Angeles")
    assert la.utc_offset_s == -8 * 3600 and la.population == 12_531_334
    sj = next(c for c in net.cities if c.state == "Puerto Rico")
    assert sj.utc_offset_s == -4 * 3600
    assert [w.id for w in net.centers] == [
        "OAK4", "ONT6", "PHX6", "IND1", "AVP3", "CAE1", "BNA2", "DFW7", "SAT1", "RIC2",
    ]  # fmt: skip
    oak = net.centers[0]
    assert oak.location.lat == pytest.approx(37.7448)
    assert oak.location.lon == pytest.approx(-121.3985)
    assert oak.utc_offset_s == -8 * 3600 and oak.kind == WarehouseKind.FULFILLMENT_CENTER
    assert net.centers[6].utc_offset_s == -6 * 3600  # BNA2, Tennessee
    assert net.center_states[2] == "AZ"
    assert net.total_population > 150_000_000


def test_every_catalog_file_is_read():
    files = {p.name for p in instance_files("us_fulfillment_network")}
    assert files == {"cities.csv", "fulfillment_centers.csv"}


def test_center_options_are_applied():
    net = read_us_network(capacity_per_day=123, handling_cost_per_order=7)
    assert {w.capacity_per_day for w in net.centers} == {123}
    assert {w.handling_cost_per_order for w in net.centers} == {7}


def test_unknown_state_falls_back_to_longitude():
    assert state_utc_offset_s("Atlantis", -75.0) == -5 * 3600
    assert state_utc_offset_s("tx", -97.0) == -6 * 3600


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


CITY_HEADER = "City,State,Latitude,Longitude,Population\n"
FC_HEADER = "Facility,State,Latitude,Longitude\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Town,State,Lat,Lon,Pop\n", 1, "header"),
        (CITY_HEADER + "A,Ohio,40.0,-80.0,10\nB,Ohio,40.0\n", 3, "5 comma-separated"),
        (CITY_HEADER + "A,Ohio,40.0,-80.0,ten\n", 2, "integer population"),
        (CITY_HEADER + "A,Ohio,40.0,-80.0,-3\n", 2, "population >= 0"),
        (CITY_HEADER + "A,Ohio,north,-80.0,10\n", 2, "latitude and longitude"),
        (CITY_HEADER + "A,Ohio,95.0,-80.0,10\n", 2, "latitude and longitude"),
        (CITY_HEADER + "A,Ohio,40,-80,1\nA,Ohio,41,-81,2\n", 3, "unique city"),
        (CITY_HEADER + ",Ohio,40,-80,1\n", 2, "city and a state"),
        (CITY_HEADER, 1, "at least one data line"),
    ],
)
def test_malformed_cities(tmp_path, text, line, words):
    path = _write(tmp_path, "cities.csv", text)
    with pytest.raises(DatasetFormatError) as info:
        read_cities(path)
    assert info.value.path == str(path)
    assert info.value.line == line
    assert words in info.value.expected


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (FC_HEADER + "X1,Ohio,40,-80\n", 2, "two-letter state"),
        (FC_HEADER + "X1,OH,40,-80\nX1,OH,41,-81\n", 3, "unique facility"),
        (FC_HEADER + "X1,OH,40,-200\n", 2, "latitude and longitude"),
        (FC_HEADER + "X1,OH,40\n", 2, "4 comma-separated"),
    ],
)
def test_malformed_centers(tmp_path, text, line, words):
    path = _write(tmp_path, "fulfillment_centers.csv", text)
    with pytest.raises(DatasetFormatError) as info:
        read_fulfillment_centers(path)
    assert (info.value.path, info.value.line) == (str(path), line)
    assert words in info.value.expected


def test_missing_file_names_it(tmp_path):
    with pytest.raises(DatasetFormatError) as info:
        read_us_network(tmp_path)
    assert info.value.path.endswith("cities.csv")
