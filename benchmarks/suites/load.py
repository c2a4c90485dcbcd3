"""``logistics bench load``: order routing through ``logistics serve`` vs a bare FastAPI endpoint.

Both servers run as separate uvicorn processes on loopback, measured in the same
run by the same async load generator (httpx):

* **peak**: a closed loop with ``concurrency`` requests in flight, ``requests``
  requests in all: throughput and p50/p99 latency;
* **CPU**: during the peak phase, the CPU milliseconds per request spent by the
  server process, by the local PostgreSQL processes and by the generator (Linux);
* **steady**: an open loop at half of that target's own peak rate for
  ``steady_s`` seconds; latency is measured from each request's scheduled send
  time, so a server that falls behind is charged for the queue.

The order requests are the seeded US scenario's orders (``logistics.sourcing_scenario``,
mixed promises; some cannot be kept and get a 422 after the full decision), routed
through ``solvers.sourcing`` with their stock reserved. After the run the store
is checked: no stock row below zero, free + held units equal the start, held
units equal the reservations, and the units of every 201 answer equal what is
held -- zero oversold.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import typer

from benchmarks.runner import check_choice, without_negative_zero, write_results
from benchmarks.suites.cpu_time import CpuMeter, CpuSpent
from logistics.paths import project_root, results_root

__all__ = ["register", "run_load"]

BUDGETS = {
    "quick": {"requests": 300, "steady_s": 8.0, "warmup": 40},
    "full": {"requests": 1500, "steady_s": 20.0, "warmup": 100},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _up(base: str) -> bool:
    """Serving, and (``logistics serve``) its standby job workers done importing.

    A standby imports OR-Tools and PyVRP for about two seconds of CPU after the
    server starts; measuring before that would charge the order path for it.
    """
    if httpx.get(base + "/healthz", timeout=1).status_code != 200:
        return False
    ready = httpx.get(base + "/readyz", timeout=1)
    return ready.status_code == 404 or bool(ready.json().get("workers_warm", True))


@dataclass(frozen=True)
class _Served:
    base: str
    pid: int


@contextlib.contextmanager
def _server(args: list[str], port: int, env: dict[str, str]) -> Iterator[_Served]:
    base = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [sys.executable, *args], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=project_root()
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"server exited: {log.read().decode()[-2000:]}")
            try:
                if _up(base):
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError("server did not come up in 60 s")
        yield _Served(base, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


async def _closed_loop(
    client: httpx.AsyncClient, reqs: list[tuple[str, dict, dict]], concurrency: int
) -> tuple[list[float], list[int], float]:
    lat: list[float] = []
    codes: list[int] = []
    it = iter(reqs)

    async def worker() -> None:
        for path, body, headers in it:
            t = time.perf_counter()
            r = await client.post(path, json=body, headers=headers)
            lat.append((time.perf_counter() - t) * 1000)
            codes.append(r.status_code)

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return lat, codes, time.perf_counter() - t0


async def _open_loop(
    client: httpx.AsyncClient, reqs: list[tuple[str, dict, dict]], rate: float
) -> tuple[list[float], list[int], float]:
    """Send ``reqs`` at ``rate`` per second whatever the answers; latency from the schedule.

    One dispatcher starts each request at its time (a task per request in flight,
    not one per request up front: creating hundreds of sleeping tasks at once
    stalls the generator's own loop and would be charged to the server).
    """
    lat: list[float] = []
    codes: list[int] = []

    async def one(scheduled: float, path: str, body: dict, headers: dict) -> None:
        r = await client.post(path, json=body, headers=headers)
        lat.append((time.perf_counter() - scheduled) * 1000)
        codes.append(r.status_code)

    running: set[asyncio.Task] = set()
    t0 = time.perf_counter()
    for i, (path, body, headers) in enumerate(reqs):
        scheduled = t0 + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        task = asyncio.create_task(one(scheduled, path, body, headers))
        running.add(task)
        task.add_done_callback(running.discard)
    await asyncio.gather(*running)
    return lat, codes, time.perf_counter() - t0


def _cpu_columns(spent: CpuSpent) -> dict[str, float]:
    return {
        "server_cpu_ms": spent.server_ms,
        "db_cpu_ms": spent.database_ms,
        "generator_cpu_ms": spent.generator_ms,
    }


def _phase_row(target, db, phase, lat, codes, wall, **extra) -> dict[str, Any]:
    return {
        "target": target,
        "db": db,
        "phase": phase,
        "requests": len(codes),
        "throughput_rps": round(len(codes) / wall, 1),
        "p50_ms": round(_pct(lat, 50), 2),
        "p99_ms": round(_pct(lat, 99), 2),
        "ok_2xx": sum(1 for c in codes if 200 <= c < 300),
        "rejected_422": sum(1 for c in codes if c == 422),
        "conflict_409": sum(1 for c in codes if c == 409),
        "errors_5xx": sum(1 for c in codes if c >= 500),
        **extra,
    }


async def _measure(
    base: str, make_reqs, concurrency: int, budget: dict, cpu: CpuMeter
) -> tuple[dict, dict, list]:
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        await _closed_loop(client, make_reqs("warm", budget["warmup"]), concurrency)
        peak_reqs = make_reqs("peak", budget["requests"])
        with _no_generator_gc():
            cpu.start()
            lat, codes, wall = await _closed_loop(client, peak_reqs, concurrency)
            spent = cpu.per_request(len(peak_reqs))
        peak = {"lat": lat, "codes": codes, "wall": wall, "reqs": peak_reqs, "cpu": spent}
        rate = max(1.0, 0.5 * len(codes) / wall)
        steady_reqs = make_reqs("steady", max(10, int(rate * budget["steady_s"])))
        with _no_generator_gc():
            lat, codes, wall = await _open_loop(client, steady_reqs, rate)
        steady = {"lat": lat, "codes": codes, "wall": wall, "rate": rate, "reqs": steady_reqs}
    return peak, steady, peak_reqs + steady_reqs


@contextlib.contextmanager
def _no_generator_gc() -> Iterator[None]:
    """No cyclic-GC passes in the load generator while it measures.

    A full pass over this process's heap (the scenario, pandas, SQLAlchemy)
    took about 100 ms and stalled the generator's event loop: the requests
    scheduled meanwhile went out late and that delay was charged to the server.
    """
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


def _bare(concurrency: int, budget: dict, bodies: list[dict]) -> list[dict[str, Any]]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(project_root())}
    args = ["-m", "uvicorn", "benchmarks.suites.bare_app:app", "--port", str(port)]
    args += ["--log-level", "warning", "--no-access-log"]

    def make(phase: str, n: int):
        return [("/bare", bodies[i % len(bodies)], {}) for i in range(n)]

    with _server(args, port, env) as served:
        meter = CpuMeter(served.pid)
        peak, steady, _ = asyncio.run(_measure(served.base, make, concurrency, budget, meter))
    return [
        _phase_row(
            "bare",
            "-",
            "peak",
            peak["lat"],
            peak["codes"],
            peak["wall"],
            concurrency=concurrency,
            **_cpu_columns(peak["cpu"]),
        ),
        _phase_row(
            "bare",
            "-",
            "steady",
            steady["lat"],
            steady["codes"],
            steady["wall"],
            rate_rps=round(steady["rate"], 1),
        ),
    ]


def _orders(
    db_url: str, db: str, concurrency: int, budget: dict, seed: int
) -> list[dict[str, Any]]:
    from api.seed import order_payload, scenario_payloads, us_scenario
    from logistics.store import Store, stock_totals, upgrade_database
    from logistics.store.keys import create_key

    upgrade_database(db_url)
    store = Store(db_url)
    admin = create_key(store, "admin", "bench").secret
    shop = create_key(store, "shop", "bench").secret
    n_total = budget["warmup"] + budget["requests"] + int(budget["requests"] * 1.2) + 50
    scenario = us_scenario(seed=seed, n_orders=n_total)
    payloads = scenario_payloads(scenario, stock_scale=40.0)
    orders = [order_payload(o) for o in scenario.orders]
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(project_root()), "LOGISTICS_DB_URL": db_url}
    args = ["-m", "logistics", "serve", "--port", str(port), "--log-level", "warning"]
    args += ["--no-access-log"]
    counter = iter(range(10**9))

    def make(phase: str, n: int):
        out = []
        for _ in range(n):
            i = next(counter)
            body = dict(orders[i % len(orders)], id=f"{phase}-{i}")
            out.append(("/v1/orders", body, {"X-API-Key": shop, "Idempotency-Key": f"{phase}-{i}"}))
        return out

    with _server(args, port, env) as served:
        base = served.base
        h = {"X-API-Key": admin}
        for path, name in (
            ("/v1/warehouses", "warehouses"),
            ("/v1/skus", "skus"),
            ("/v1/carriers", "carriers"),
            ("/v1/stock", "stock"),
        ):
            r = httpx.put(base + path, json=payloads[name], headers=h, timeout=60)
            r.raise_for_status()
        with store.read() as s:
            start = stock_totals(s)
        meter = CpuMeter(served.pid, postgres=db == "postgres")
        peak, steady, sent = asyncio.run(_measure(base, make, concurrency, budget, meter))
    # the books after the run
    from sqlalchemy import func, select

    from logistics.store.models import Order, Reservation, Stock

    with store.read() as s:
        end = stock_totals(s)
        min_available = s.scalar(select(func.min(Stock.available)))
        placed = s.scalar(select(func.count()).select_from(Order))
        held_units = s.scalar(select(func.coalesce(func.sum(Reservation.quantity), 0)))
    store.dispose()
    balanced = end["available"] + end["reserved"] == start["available"] + start["reserved"]
    oversold = max(0, -int(min_available)) + abs(end["reserved"] - int(held_units))
    checks = {
        "orders_placed": int(placed),
        "units_held": int(held_units),
        "min_available": int(min_available),
        "books_balance": bool(balanced),
        "oversold_units": int(oversold),
    }
    return [
        _phase_row(
            "orders",
            db,
            "peak",
            peak["lat"],
            peak["codes"],
            peak["wall"],
            concurrency=concurrency,
            **_cpu_columns(peak["cpu"]),
            **checks,
        ),
        _phase_row(
            "orders",
            db,
            "steady",
            steady["lat"],
            steady["codes"],
            steady["wall"],
            rate_rps=round(steady["rate"], 1),
            **checks,
        ),
    ]


def run_load(
    budget: str = "quick", dbs: tuple[str, ...] = ("sqlite", "postgres"), concurrency: int = 8
) -> tuple[Path, Path, pd.DataFrame]:
    """Run the benchmark and write ``benchmarks/results/load_<budget>.csv`` + ``.md``."""
    b = BUDGETS[budget]
    from api.seed import order_payload, us_scenario

    bodies = [order_payload(o) for o in us_scenario(seed=5, n_orders=200).orders]
    rows: list[dict[str, Any]] = []
    for db in dbs:
        # the ceiling, measured right before and right after each order run (the machine
        # is shared: its speed drifts, so the ratio uses the mean of the two)
        for r in _bare(concurrency, b, bodies):
            rows.append({**r, "db": f"before {db}"})
        if db == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                rows += _orders(f"sqlite:///{tmp}/load.db", db, concurrency, b, seed=11)
        else:
            from logistics.store.testing import temporary_pg_schema

            base = os.environ.get("LOGISTICS_BENCH_PG_URL")
            with temporary_pg_schema(base, prefix="load_") as url:
                rows += _orders(url, db, concurrency, b, seed=11)
        for r in _bare(concurrency, b, bodies):
            rows.append({**r, "db": f"after {db}"})
    df = pd.DataFrame(rows)
    summary = []
    for db in dbs:
        sub = df[df.db.isin([db])]
        bare = df[(df.target == "bare") & (df.phase == "peak")]
        before = float(bare[bare.db == f"before {db}"].throughput_rps.iloc[0])
        after = float(bare[bare.db == f"after {db}"].throughput_rps.iloc[0])
        bare_peak = round((before + after) / 2, 1)
        o_peak = sub[sub.phase == "peak"].iloc[0]
        o_steady = sub[sub.phase == "steady"].iloc[0]
        ratio = o_peak.throughput_rps / bare_peak
        summary.append(
            {
                "db": db,
                "bare_peak_rps": bare_peak,
                "bare_before_after": f"{before:.0f} / {after:.0f}",
                "orders_peak_rps": o_peak.throughput_rps,
                "ratio": round(ratio, 3),
                "orders_peak_p99_ms": o_peak.p99_ms,
                "cpu_ms_per_order_server_db_generator": (
                    f"{o_peak.server_cpu_ms:.2f} / {o_peak.db_cpu_ms:.2f} / "
                    f"{o_peak.generator_cpu_ms:.2f}"
                ),
                "bare_cpu_ms_server_generator": _bare_cpu(bare, db),
                "steady_rate_rps": o_steady.rate_rps,
                "steady_p50_ms": o_steady.p50_ms,
                "steady_p99_ms": o_steady.p99_ms,
                "oversold_units": int(o_peak.oversold_units),
                "books_balance": bool(o_peak.books_balance),
                "target_ratio_ge_0.30": bool(ratio >= 0.30),
                "target_p99_lt_50ms": bool(o_steady.p99_ms < 50),
            }
        )
    notes = __doc__.split("\n\n", 1)[1] + (
        f"\n\nBudget `{budget}`: {b['requests']} peak requests at concurrency {concurrency}, "
        f"{b['steady_s']} s steady at half of each target's own peak; one uvicorn worker per "
        "server; client and servers share the machine (2 cores, shared with other work)."
    )
    csv, md = write_results(
        "load",
        budget,
        rows,
        pd.DataFrame(summary),
        title="Load: order routing vs bare FastAPI",
        notes=notes,
    )
    return csv, md, pd.DataFrame(summary)


def _bare_cpu(bare: pd.DataFrame, db: str) -> str:
    """Mean server / generator CPU ms per bare request over the runs before and after."""
    rows = bare[bare.db.isin([f"before {db}", f"after {db}"])]
    return f"{rows.server_cpu_ms.mean():.2f} / {rows.generator_cpu_ms.mean():.2f}"


def register(app: typer.Typer) -> None:
    @app.command("load")
    def load(
        budget: str = typer.Option("quick", help="quick or full"),
        db: str = typer.Option("both", help="sqlite, postgres or both"),
        concurrency: int = typer.Option(
            8, help="requests in flight in the peak phase (at most the budget's peak requests)"
        ),
    ) -> None:
        """Order routing with stock reservation through `logistics serve` vs a bare endpoint."""
        from logistics.errors import InvalidValueError

        check_choice("budget", budget, tuple(BUDGETS))
        # '--db mysql' measured PostgreSQL and labelled its rows mysql
        check_choice("db", db, ("sqlite", "postgres", "both"))
        if concurrency < 1:
            raise InvalidValueError("concurrency", concurrency, "expected an integer >= 1")
        peak = BUDGETS[budget]["requests"]
        if concurrency > peak:  # idle client tasks: 99999999999 grew past 6 GB, no table
            raise InvalidValueError(
                "concurrency",
                concurrency,
                f"at most {peak}, the peak requests of budget {budget!r}",
            )
        results_root()  # a file in the way is an error before the run, not after it
        dbs = ("sqlite", "postgres") if db == "both" else (db,)
        csv, md, summary = run_load(budget, dbs, concurrency)
        typer.echo(without_negative_zero(summary).to_string(index=False))
        typer.echo(f"wrote {csv} and {md}")
