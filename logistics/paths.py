"""Where the project's data and results live on disk."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["project_root", "datasets_root", "results_root"]


def project_root() -> Path:
    """The checkout this package was installed from (editable installs)."""
    return Path(__file__).resolve().parents[1]


def datasets_root() -> Path:
    """The public benchmark data; ``LOGISTICS_DATASETS`` overrides."""
    return Path(os.environ.get("LOGISTICS_DATASETS", project_root() / "datasets"))


def results_root() -> Path:
    """Where benchmark suites write their tables; ``LOGISTICS_RESULTS`` overrides."""
    return Path(os.environ.get("LOGISTICS_RESULTS", project_root() / "benchmarks" / "results"))
