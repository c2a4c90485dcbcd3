"""The catalog of public sets: a copy of the data without a set a command reads."""

from __future__ import annotations

import pytest

from logistics.datasets.catalog import require_datasets
from logistics.errors import InvalidValueError


def test_the_shipped_data_holds_every_set():
    require_datasets("solomon_vrptw_100", "orlib_cap_warehouse_location")


def test_a_set_missing_from_the_copy_is_named(tmp_path, monkeypatch):
    (tmp_path / "solomon_vrptw_100").mkdir()
    monkeypatch.setenv("LOGISTICS_DATASETS", str(tmp_path))
    with pytest.raises(InvalidValueError) as err:
        require_datasets("solomon_vrptw_100", "slaprp_prunet")
    assert str(err.value) == f"dataset='slaprp_prunet': not in the data folder {tmp_path}"


def test_an_unknown_set_is_an_error_listing_the_known_ones():
    with pytest.raises(InvalidValueError, match="dataset='nope': one of"):
        require_datasets("nope")
