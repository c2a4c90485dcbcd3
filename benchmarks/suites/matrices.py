"""``logistics bench matrices``: how fast and how exact the travel matrices are.

Builds square matrices of 500 to 5,000 places with each builder and records the
wall time (best of ``--repeats``) and, on a random sample of pairs, the relative
error against the exact WGS84 geodesic of geopy (for the geographic builders)
or against full-precision Euclidean distance (for the rounded planar builder).

Places: uniform over the bounding box of the Loggi Rio de Janeiro delivery
samples (``datasets/loggibud_rj_samples``) for the city scale, and jittered
around the 99 US demand cities (``datasets/us_fulfillment_network``) for the
continental scale; planar points uniform on the CVRPLIB X grid (0..1000).
"""

from __future__ import annotations

import csv
import json
import math
import os
import time
from typing import Any

import numpy as np
import pandas as pd
import typer

from benchmarks.runner import BenchTask, check_name_part, run_suite
from logistics.datasets.catalog import require_datasets
from logistics.matrices import (
    euclidean_matrix,
    geodesic_distance,
    geodesic_matrix,
    haversine_matrix,
    lambert_matrix,
)
from logistics.paths import datasets_root

__all__ = [
    "MAX_SAMPLE",
    "MAX_SIZE",
    "STANDARD_SIZES",
    "register",
    "build_tasks",
    "parse_sizes",
    "run_one",
    "sizes_label",
]

GEOGRAPHIC = {"haversine": haversine_matrix, "lambert": lambert_matrix, "geodesic": geodesic_matrix}


def _rio_box() -> tuple[float, float, float, float]:
    lats, lons = [], []
    for f in sorted((datasets_root() / "loggibud_rj_samples" / "instances").glob("*.json")):
        d = json.loads(f.read_text())
        lats += [x["point"]["lat"] for x in d["deliveries"]]
        lons += [x["point"]["lng"] for x in d["deliveries"]]
    return min(lats), max(lats), min(lons), max(lons)


def _places(region: str, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if region == "rio":
        la0, la1, lo0, lo1 = _rio_box()
        return np.column_stack([rng.uniform(la0, la1, n), rng.uniform(lo0, lo1, n)])
    if region == "us":
        with open(datasets_root() / "us_fulfillment_network" / "cities.csv") as fh:
            cities = np.array(
                [(float(r["Latitude"]), float(r["Longitude"])) for r in csv.DictReader(fh)]
            )
        pick = cities[rng.integers(0, len(cities), n)]
        return pick + rng.normal(0.0, 0.3, (n, 2))
    if region == "plane":
        return np.round(rng.uniform(0, 1000, (n, 2)))
    raise ValueError(region)


STANDARD_SIZES = (500, 1000, 2000, 5000)
"""The sizes of the committed ``matrices_standard`` table."""


MAX_SIZE = 10_000
"""Largest ``--sizes`` place count: twice the committed table's largest. ``provider_build``
holds about 0.7 GB at 5,000 places and grows with the square (about 2.7 GB here); 99999999999
was a table whose every row was a MemoryError."""

MAX_SAMPLE = 1_000_000
"""Largest ``--sample``: geopy checks about 14,000 pairs a second, so this is over a minute
per row already; 99999999999 was a table of MemoryError rows."""


def parse_sizes(text: str) -> list[int]:
    """``--sizes``: comma-separated place counts, each within 2..:data:`MAX_SIZE`.

    Raises
    ------
    InvalidValueError
        Naming ``sizes``: ``abc`` was a traceback, ``0``, ``-5`` or ``''`` a run of the
        fixed US rows only, written over the committed table; a size given twice; a size
        past :data:`MAX_SIZE` (a table of MemoryError rows).
    """
    from logistics.errors import InvalidValueError

    parts = [p.strip() for p in text.split(",") if p.strip()]
    try:
        ns = [int(p) for p in parts]
    except ValueError:
        ns = []
    if not ns or min(ns) < 2:
        raise InvalidValueError("sizes", text, "comma-separated place counts >= 2")
    if max(ns) > MAX_SIZE:
        raise InvalidValueError("sizes", text, f"each place count at most {MAX_SIZE}")
    if len(set(ns)) < len(ns):  # 5,5 timed everything twice: duplicate rows in the table
        raise InvalidValueError("sizes", text, "each place count once")
    return ns


def sizes_label(sizes: list[int]) -> str:
    """The default label of the result files: ``standard`` for :data:`STANDARD_SIZES`, else
    ``sizes-<n>-<n>...`` (a run of other sizes never replaces the committed table)."""
    if tuple(sizes) == STANDARD_SIZES:
        return "standard"
    return "sizes-" + "-".join(map(str, sizes))


def build_tasks(sizes: list[int], geodesic_max: int, road_max: int) -> list[BenchTask]:
    """One task per (method, region, size)."""
    tasks = []
    for n in sizes:
        for method in ("haversine", "lambert", "provider_build"):
            tasks.append(BenchTask(f"rio-{n}", method, {"region": "rio", "n": n}))
        tasks.append(BenchTask(f"plane-{n}", "euclidean_round", {"region": "plane", "n": n}))
        if n <= geodesic_max:
            tasks.append(BenchTask(f"rio-{n}", "geodesic", {"region": "rio", "n": n}))
        if n <= road_max:
            tasks.append(BenchTask(f"rio-{n}", "road_graph", {"region": "rio", "n": n}))
    for method in ("haversine", "lambert"):
        tasks.append(BenchTask("us-1000", method, {"region": "us", "n": 1000}))
    return tasks


def _grid_graph(box: tuple[float, float, float, float], side: int):
    import networkx as nx

    la0, la1, lo0, lo1 = box
    lats, lons = np.linspace(la0, la1, side), np.linspace(lo0, lo1, side)
    g = nx.Graph()
    for i, la in enumerate(lats):
        for j, lo in enumerate(lons):
            g.add_node((i, j), lat=float(la), lon=float(lo))
    for i in range(side):
        for j in range(side):
            for di, dj in ((1, 0), (0, 1)):
                a, b = (i, j), (i + di, j + dj)
                if b in g:
                    pa, pb = g.nodes[a], g.nodes[b]
                    d = haversine_matrix(np.array([[pa["lat"], pa["lon"]], [pb["lat"], pb["lon"]]]))
                    g.add_edge(a, b, length=float(d[0, 1]))
    return g


def run_one(task: BenchTask, *, sample: int = 2000, repeats: int = 2, seed: int = 1):
    """Build one matrix, time it, check a sample of pairs."""
    region, n = task.payload["region"], task.payload["n"]
    pts = _places(region, n, seed + n)
    method = task.solver
    extra: dict[str, Any] = {}
    if method == "road_graph":
        from logistics.road_graph import RoadGraph

        road = RoadGraph(_grid_graph(_rio_box(), 40))

        def build():
            return road.distance_matrix(pts)

        extra["graph"] = "40x40 lat/lon grid, 3120 edges"
    elif method == "provider_build":
        from logistics.matrices import HaversineProvider
        from logistics.travel_time import SpeedProfile

        provider = HaversineProvider(1.0, SpeedProfile.urban_congested())

        def build():
            tm = provider.build(pts, departure_s=8 * 3600 + 1800)
            return tm.distance_m.astype(np.float64)

        extra["note"] = "int64 meters + time-dependent int64 seconds (08:30 departure)"
    elif method == "euclidean_round":

        def build():
            return euclidean_matrix(pts, rounding="round")
    else:
        fn = GEOGRAPHIC[method]

        def build():
            return fn(pts)

    reps = 1 if method in ("geodesic", "road_graph") else repeats
    best, m = math.inf, None
    for _ in range(reps):
        m = None
        t0 = time.perf_counter()
        m = build()
        best = min(best, time.perf_counter() - t0)
    rng = np.random.default_rng(seed)
    i = rng.integers(0, n, sample)
    j = rng.integers(0, n, sample)
    keep = i != j
    i, j = i[keep], j[keep]
    got = m[i, j]
    if method == "euclidean_round":
        ref = np.hypot(pts[i, 0] - pts[j, 0], pts[i, 1] - pts[j, 1])
        reference = "exact euclidean"
    else:
        from logistics.domain import LatLon

        ref = np.array(
            [
                geodesic_distance(LatLon(*pts[a]), LatLon(*pts[b]))
                for a, b in zip(i.tolist(), j.tolist(), strict=True)
            ]
        )
        reference = "geopy geodesic"
    rel = np.abs(got - ref) / ref
    row = {
        "instance": task.instance,
        "solver": method,
        "region": region,
        "n": n,
        "seconds": round(best, 4),
        "pairs_per_second": round(n * n / best) if best > 0 else None,
        "reference": reference,
        "pairs_checked": int(len(i)),
        "max_rel_err_%": round(100 * float(rel.max()), 5),
        "mean_rel_err_%": round(100 * float(rel.mean()), 5),
        "matrix_mb": round(m.nbytes / 1e6, 1),
    }
    if method == "road_graph":
        row["mean_road_over_geodesic"] = round(float(np.mean(got / ref)), 4)
        row["reference"] = "geopy geodesic (ratio = circuity of the grid)"
        row["max_rel_err_%"] = row["mean_rel_err_%"] = None
    row.update(extra)
    return [row]


def _table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    cols = [
        c
        for c in (
            "solver",
            "region",
            "n",
            "seconds",
            "pairs_per_second",
            "max_rel_err_%",
            "mean_rel_err_%",
            "mean_road_over_geodesic",
            "reference",
            "error",
        )
        if c in df
    ]
    return df[cols]


NOTES = """\
`seconds`: wall time to build the full square float64 matrix (best of the
repeats; geodesic and road graph once), on a shared machine (above).
`provider_build` is the whole pipeline a solver uses: haversine distances,
then time-dependent travel times for an 08:30 departure through the
congested urban speed profile, both as int64 matrices (its error columns
compare the integer meters with the geodesic, so they include rounding).
Errors are relative to geopy's WGS84 geodesic on a random sample of pairs
(euclidean_round: relative to full-precision Euclidean, i.e. the effect of
TSPLIB nint rounding). The haversine sphere is within 0.5% of the ellipsoid
(worst on north-south legs near the equator); Lambert's correction is within
about 0.0002%. road_graph runs one Dijkstra per place on a 40x40 lat/lon grid.
Command: `logistics bench matrices` (see `--help`).
"""


def register(app: typer.Typer) -> None:
    """Add ``logistics bench matrices``."""

    @app.command("matrices")
    def matrices(
        sizes: str = typer.Option(
            ",".join(map(str, STANDARD_SIZES)),
            help=f"Comma-separated place counts (2..{MAX_SIZE}).",
        ),
        geodesic_max: int = typer.Option(500, help="Largest size built with geopy (slow)."),
        road_max: int = typer.Option(1000, help="Largest size built on the road graph."),
        sample: int = typer.Option(
            2000, help=f"Pairs checked against the reference (1..{MAX_SAMPLE})."
        ),
        repeats: int = typer.Option(2, help="Timed builds per fast method (best is kept)."),
        budget: str | None = typer.Option(
            None,
            help="Label of the result files (default: standard for the standard sizes, "
            "else sizes-<n>-<n>...).",
        ),
    ) -> None:
        """Time the matrix builders (500-5,000 places) and check them against geopy."""
        from logistics.errors import InvalidValueError

        ns = parse_sizes(sizes)
        for name, value, least in (
            ("geodesic-max", geodesic_max, 0),
            ("road-max", road_max, 0),
            ("sample", sample, 1),
            ("repeats", repeats, 1),
        ):
            if value < least:
                raise InvalidValueError(name, value, f"expected an integer >= {least}")
        if sample > MAX_SAMPLE:  # 99999999999 was a table of MemoryError rows, exit 0
            raise InvalidValueError("sample", sample, f"expected an integer within 1..{MAX_SAMPLE}")
        # the Rio box and the US cities: without them, a table of error rows
        require_datasets("loggibud_rj_samples", "us_fulfillment_network")
        budget = check_name_part("budget", budget) if budget is not None else sizes_label(ns)
        load_before = os.getloadavg()[0]
        result = run_suite(
            "matrices",
            budget,
            build_tasks(ns, geodesic_max, road_max),
            lambda t: run_one(t, sample=sample, repeats=repeats),
            title="Travel matrix builders: speed and accuracy",
            notes=lambda _summary: (
                NOTES
                + f"\nMachine: {os.cpu_count()} cores; load average {load_before:.1f} at the start"
                + f" and {os.getloadavg()[0]:.1f} at the end of the run (other jobs share the"
                + " cores, so absolute seconds are pessimistic; compare rows of one run).\n"
            ),
            summarize_by=_table,
        )
        typer.echo(result.summary.to_string(index=False))
        typer.echo(f"wrote {result.csv_path} and {result.md_path}")
