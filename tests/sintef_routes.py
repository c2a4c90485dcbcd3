"""The routes of a SINTEF best-known solution file (Gehring-Homberger, Li & Lim)."""

from __future__ import annotations

from pathlib import Path


def sintef_bks_routes(folder: Path, instance: str) -> list[list[str]]:
    """Stop ids of each ``Route N: ...`` line of ``folder/bks_solutions/<instance>.*.txt``."""
    sol = next((folder / "bks_solutions").glob(f"{instance}.*.txt"))
    return [
        line.split(":", 1)[1].split()
        for line in sol.read_text().splitlines()
        if line.startswith("Route")
    ]
