"""Where the project's data and results live on disk."""

from __future__ import annotations

import os
from pathlib import Path

from logistics.errors import InvalidValueError

__all__ = ["project_root", "datasets_root", "results_root"]


def project_root() -> Path:
    """The checkout this package was installed from (editable installs)."""
    return Path(__file__).resolve().parents[1]


def datasets_root() -> Path:
    """The public benchmark data; ``LOGISTICS_DATASETS`` overrides (empty: not set, as for
    ``LOGISTICS_RESULTS``).

    Raises
    ------
    InvalidValueError
        ``LOGISTICS_DATASETS`` names no folder (every command reading data says so, naming
        the variable, rather than the first file it misses).
    """
    override = os.environ.get("LOGISTICS_DATASETS")
    if not override:  # an empty value was the current folder: every set "missing"
        return project_root() / "datasets"
    if not Path(override).is_dir():
        raise InvalidValueError(
            "LOGISTICS_DATASETS", override, "no such folder (the public benchmark data)"
        )
    return Path(override)


def results_root() -> Path:
    """Where benchmark suites write their tables; ``LOGISTICS_RESULTS`` overrides.

    Raises
    ------
    InvalidValueError
        The folder (or one above it) is a file: suites ask before they run, so a long run
        does not end in ``File exists`` with nothing written.
    """
    override = os.environ.get("LOGISTICS_RESULTS")
    root = Path(override) if override else project_root() / "benchmarks" / "results"
    blocked = next((p for p in (root, *root.parents) if p.exists() and not p.is_dir()), None)
    if blocked is not None:
        raise InvalidValueError(
            "LOGISTICS_RESULTS" if override else "results folder",
            str(root),
            f"not a folder ({blocked} is a file)",
        )
    return root
