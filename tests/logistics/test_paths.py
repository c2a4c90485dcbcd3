"""Where data and results live: a results folder that is a file is an error naming it."""

from __future__ import annotations

import pytest

from logistics.errors import InvalidValueError
from logistics.paths import datasets_root, project_root, results_root


def test_results_folder_from_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("LOGISTICS_RESULTS", str(tmp_path / "new"))
    assert results_root() == tmp_path / "new"  # not there yet: the suite makes it


@pytest.mark.parametrize("below", ["", "sub"])
def test_a_file_in_the_way_names_the_variable(tmp_path, monkeypatch, below):
    blocker = tmp_path / "results.txt"
    blocker.write_text("")
    target = blocker / below if below else blocker
    monkeypatch.setenv("LOGISTICS_RESULTS", str(target))
    with pytest.raises(InvalidValueError) as err:
        results_root()
    assert err.value.field == "LOGISTICS_RESULTS"
    assert str(err.value) == f"LOGISTICS_RESULTS='{target}': not a folder ({blocker} is a file)"


def test_an_empty_variable_is_not_set(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # an empty LOGISTICS_DATASETS was the current folder
    monkeypatch.setenv("LOGISTICS_DATASETS", "")
    monkeypatch.setenv("LOGISTICS_RESULTS", "")
    assert datasets_root() == project_root() / "datasets"
    assert results_root() == project_root() / "benchmarks" / "results"


def test_a_datasets_variable_that_names_no_folder_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("LOGISTICS_DATASETS", str(tmp_path / "nope"))
    with pytest.raises(InvalidValueError) as err:
        datasets_root()
    assert err.value.field == "LOGISTICS_DATASETS"
