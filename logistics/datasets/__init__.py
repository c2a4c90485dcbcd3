"""Readers for the public benchmark sets in ``datasets/`` (one module per format)."""

from logistics.datasets.catalog import DATASETS, DatasetInfo, dataset, instance_files

__all__ = ["DATASETS", "DatasetInfo", "dataset", "instance_files"]
