"""The catalog of public benchmark sets shipped in ``datasets/``.

Each entry says where the set lives, what problem it is, which files are its
instances and whether best-known solutions (BKS) come with it. Readers for each
set live in sibling modules (``logistics.datasets.solomon`` and so on).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from logistics.errors import InvalidValueError, one_of
from logistics.paths import datasets_root

__all__ = ["DatasetInfo", "DATASETS", "dataset", "instance_files", "require_datasets"]


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    """One benchmark set.

    Parameters
    ----------
    name
        Folder name under ``datasets/``.
    problem
        The problem it poses, in words.
    pattern
        Glob (relative to the folder) that matches every instance file.
    bks_file
        Name of the best-known-solutions table, or ``None``.
    """

    name: str
    problem: str
    pattern: str
    bks_file: str | None

    @property
    def folder(self) -> Path:
        return datasets_root() / self.name

    @property
    def has_bks(self) -> bool:
        return self.bks_file is not None and (self.folder / self.bks_file).exists()


DATASETS: dict[str, DatasetInfo] = {
    d.name: d
    for d in (
        DatasetInfo("solomon_vrptw_100", "VRPTW, 100 customers", "instances/*.txt", "bks.csv"),
        DatasetInfo("gehring_homberger_200", "VRPTW, 200 customers", "instances/*.txt", "bks.csv"),
        DatasetInfo("gehring_homberger_400", "VRPTW, 400 customers", "instances/*.txt", "bks.csv"),
        DatasetInfo("cvrplib_x", "CVRP, 100-1000 customers", "instances/*.vrp", "bks.csv"),
        DatasetInfo("cvrplib_xxl_belgium", "CVRP, 3k-30k customers", "instances/*.vrp", "bks.csv"),
        DatasetInfo("li_lim_pdptw_100", "PDPTW, ~100 nodes", "instances/*.txt", "bks.csv"),
        DatasetInfo(
            "orlib_cap_warehouse_location",
            "capacitated facility location",
            "instances/*.txt",
            "bks.csv",
        ),
        DatasetInfo(
            "order_batching_obp",
            "order batching + picker routing",
            "**/[0-9w]*[osl][-_][0-9]*.txt",
            None,
        ),
        DatasetInfo(
            "wave_picking_sbpo2025",
            "wave order picking (SBPO 2025)",
            "instances/*/*.txt",
            "reference_objectives_participant.csv",
        ),
        DatasetInfo(
            "slaprp_prunet",
            "storage location assignment + picker routing",
            "instances/*/*",
            None,
        ),
        DatasetInfo("loggibud_rj_samples", "last-mile CVRP, lat/lon", "instances/*.json", None),
        DatasetInfo(
            "us_fulfillment_network",
            "sourcing / network what-if geography",
            "*.csv",
            None,
        ),
    )
}


def dataset(name: str) -> DatasetInfo:
    """The catalog entry ``name``; an unknown name is an error listing the known ones."""
    try:
        return DATASETS[name]
    except KeyError:
        raise InvalidValueError("dataset", name, one_of(sorted(DATASETS))) from None


def instance_files(name: str) -> list[Path]:
    """Every instance file of set ``name``, sorted by path."""
    info = dataset(name)
    return sorted(p for p in info.folder.glob(info.pattern) if p.is_file())


def require_datasets(*names: str) -> None:
    """Check, before any work, that the data folder holds every set ``names``.

    Raises
    ------
    InvalidValueError
        Field ``dataset``, the first set whose folder is missing (a ``LOGISTICS_DATASETS``
        copy without it): commands said it later, as a ``KeyError`` traceback or as a
        table of error rows.
    """
    for name in names:
        info = dataset(name)
        if not info.folder.is_dir():
            raise InvalidValueError("dataset", name, f"not in the data folder {datasets_root()}")
