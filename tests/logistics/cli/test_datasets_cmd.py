"""``logistics datasets list`` on a copy of the data that lacks a set."""

from __future__ import annotations

from tests.cli_run import ROOT, run_logistics


def test_a_set_missing_from_the_copy_is_named_missing(tmp_path):
    """It showed '0' instances and BKS 'no' for a set the copy simply does not hold."""
    for folder in (ROOT / "datasets").iterdir():
        if folder.is_dir() and folder.name != "solomon_vrptw_100":
            (tmp_path / folder.name).symlink_to(folder)
    out = run_logistics("datasets", "list", LOGISTICS_DATASETS=str(tmp_path), COLUMNS="200")
    assert out.returncode == 0, out.stderr
    solomon = next(ln for ln in out.stdout.splitlines() if "solomon_vrptw_100" in ln)
    assert "missing" in solomon and " 0 " not in solomon
    assert f"missing under {tmp_path}: solomon_vrptw_100" in out.stderr
    cvrp = next(ln for ln in out.stdout.splitlines() if "cvrplib_x " in ln)
    assert " 90 " in cvrp and "yes" in cvrp


def test_the_shipped_data_has_every_set():
    out = run_logistics("datasets", "list", COLUMNS="200")
    assert out.returncode == 0 and "missing" not in out.stdout + out.stderr, out
