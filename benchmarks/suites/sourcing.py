"""``logistics bench sourcing``: sourcing policies side by side on one seeded US order stream.

Stream and network: :mod:`logistics.sourcing_scenario` (10 fulfillment centres of
``datasets/us_fulfillment_network`` + 10 forward warehouses in the largest cities,
five carriers, Zipf-popular SKUs with kits, stock at ``coverage`` x expected
demand spread over the centres at random, orders from the 99 cities by
population with a promise mix of standard / next-day / same-day / same-city).

Every policy sees the same orders in the same sequence and the stock its own
earlier decisions left:

``nearest``      nearest site with the whole order in stock (else per unit);
``rule_chain``   Shopify-style: sites that meet the promise, fewest shipments, closest;
``myopic``       :func:`solvers.sourcing.solve` (exact minimum landed cost per order);
``look_ahead``   the same with stock priced by transportation-LP duals over the
                 expected remaining demand (Acimovic & Graves 2015), re-priced every
                 ``reprice`` orders;
``hindsight``    LP lower bound on the offline optimum knowing the whole stream.

When a policy cannot keep an order's promise it ships it anyway at the cheapest
(a *missed promise*, ``MISS_PENALTY`` cents); when no site holds a line it ships
the rest and cancels that line (a *stock-out*, ``STOCKOUT_PENALTY`` cents per
unit lost). The score is landed cost plus those penalties, per order.

Batch re-optimisation: a second stream of ``batch_orders`` orders arriving
00:00-11:00 US Eastern is sourced myopically, then re-assigned jointly at 11:00
(before the first cut-off) with :func:`solvers.sourcing.reoptimize_batch`.
*Avoidable* extra shipments are the online extra shipments minus a lower bound
on the extra shipments of ANY assignment: an LP maximising how many orders can
ship in one on-time parcel at once from the pooled stock and capacity
(``_split_floor``). The re-optimised plans are checked independently: pooled
stock and capacity respected, every shipment within its promise.

Latency: 20 sites, orders of 10 lines of distinct SKUs with 0-2 units per site
(many splits), in-process, with and without look-ahead prices.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import typer

from logistics.domain.orders import Order, OrderLine, Promise, PromiseKind
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem
from logistics.paths import results_root
from logistics.sourcing_scenario import START_UNIX, SourcingScenario, us_scenario

__all__ = ["DEFAULT_SEED", "default_label", "register", "run", "simulate"]

MISS_PENALTY = 3000  # cents per order delivered after its promise (> any express premium)
STOCKOUT_PENALTY = 10_000  # cents per unit of an order that cannot be served (lost sale)
RELAXED = Promise(PromiseKind.STANDARD, standard_days=30)
PROMISE_MIX = (
    (Promise(PromiseKind.STANDARD, standard_days=5), 0.55),
    (Promise(PromiseKind.NEXT_DAY), 0.30),
    (Promise(PromiseKind.SAME_DAY), 0.10),
    (Promise(PromiseKind.SAME_CITY, hours=4), 0.05),
)


def _apply(avail: np.ndarray, cap: np.ndarray, net: NetworkSnapshot, plan) -> None:
    for s in plan.shipments:
        w = net.warehouse_index[s.warehouse_id]
        cap[w] -= 1
        for ln in s.lines:
            avail[w, net.sku_index[ln.sku_id]] -= ln.quantity


def _in_stock_part(problem: SourcingProblem) -> tuple[Order | None, int]:
    """The order without the shipping units no usable site holds, and the units dropped."""
    from solvers.sourcing.feasibility import order_view

    view = order_view(problem)
    keep = sorted(
        i for g, lines in enumerate(view.groups) if view.in_stock[:, g].any() for i in lines
    )
    lines = tuple(problem.order.lines[i] for i in keep)
    dropped = problem.order.units - sum(ln.quantity for ln in lines)
    return (replace(problem.order, lines=lines) if lines else None), dropped


def simulate(
    scenario: SourcingScenario,
    decide: Callable[[SourcingProblem, int], Any],
    orders: tuple[Order, ...] | None = None,
) -> dict[str, Any]:
    """Run one policy over the stream; ``decide(problem, n)`` gets the order's index ``n``."""
    net0 = scenario.network
    avail = net0.available.copy()
    cap = net0.capacity_left.copy()
    orders = orders or scenario.orders
    landed = shipments = misses = stockouts = lost_units = 0
    times = []
    plans = []
    refresh = getattr(decide, "refresh", None)
    for n, order in enumerate(orders):
        net = net0.with_stock(avail, cap)
        if refresh is not None:
            refresh(n, net)
        problem = SourcingProblem(order, net, scenario.rules)
        t = time.perf_counter()
        result = decide(problem, n)
        times.append(time.perf_counter() - t)
        plan = result.plan
        missed = False
        lost_here = 0
        if plan is None and result.status == "out_of_stock":
            # Ship what is in stock, cancel the rest (the lost units are stock-outs).
            kept, lost_here = _in_stock_part(problem)
            if kept is None:
                lost_here = 0  # nothing in stock: the whole order is lost below
            else:
                problem = SourcingProblem(kept, net, scenario.rules)
                result = decide(problem, n)
                plan = result.plan
        if plan is None and result.status != "out_of_stock":
            order = problem.order
            relaxed = SourcingProblem(replace(order, promise=RELAXED), net, scenario.rules)
            plan = decide(relaxed, n).plan
            missed = plan is not None
        if plan is None:
            stockouts += 1
            lost_units += problem.order.units + lost_here
            plans.append(None)
            continue
        stockouts += lost_here > 0
        lost_units += lost_here
        _apply(avail, cap, net, plan)
        landed += plan.total_cost
        shipments += len(plan.shipments)
        misses += missed
        plans.append(plan)
    n = len(orders)
    served = n - stockouts
    score = landed + MISS_PENALTY * misses + STOCKOUT_PENALTY * lost_units
    return {
        "orders": n,
        "cost_per_order": round(score / n / 100, 4),
        "landed_per_served_order": round(landed / max(served, 1) / 100, 4),
        "shipments_per_order": round(shipments / max(served, 1), 4),
        "promise_hit_rate": round((served - misses) / n, 4),
        "missed_promises": misses,
        "stockouts": stockouts,
        "lost_units": lost_units,
        "decision_ms_p50": round(float(np.percentile(times, 50)) * 1000, 3),
        "decision_ms_p99": round(float(np.percentile(times, 99)) * 1000, 3),
        "_plans": plans,
    }


class LookAhead:
    """Myopic solve plus stock prices from the LP over the expected remaining demand."""

    def __init__(self, scenario: SourcingScenario, reprice: int) -> None:
        from solvers.sourcing import unit_costs

        self.sc = scenario
        self.reprice = reprice
        cities = scenario.us.cities
        pop = np.array([c.population for c in cities], dtype=float)
        self.share = pop / pop.sum()
        self.per_order = scenario.units_per_order
        t = time.perf_counter()
        self.cost = unit_costs(
            scenario.network,
            [c.location for c in cities],
            [c.utc_offset_s for c in cities],
            PROMISE_MIX,
            MISS_PENALTY,
            day_start=START_UNIX - 5 * 3600,
        )
        self.cost_seconds = time.perf_counter() - t
        self.prices = None
        self.lp_seconds: list[float] = []

    def refresh(self, n: int, net: NetworkSnapshot) -> None:
        """Re-price the stock every ``reprice`` orders (outside the timed decision)."""
        from solvers.sourcing import price_stock

        if self.prices is not None and n % self.reprice:
            return
        remaining = len(self.sc.orders) - n
        demand = remaining * self.share[:, None] * self.per_order[None, :]
        t = time.perf_counter()
        self.prices = price_stock(
            net.available,
            self.cost,
            demand,
            np.full(len(self.share), float(STOCKOUT_PENALTY)),
            [w.id for w in net.warehouses],
            [s.id for s in net.skus],
        )
        self.lp_seconds.append(time.perf_counter() - t)

    def __call__(self, problem: SourcingProblem, n: int):
        from solvers.sourcing import SourcingParams, solve

        if self.prices is None:
            self.refresh(0, problem.network)
        return solve(problem, SourcingParams(stock_prices=self.prices, explain=False))


def _policies(scenario: SourcingScenario, reprice: int) -> dict[str, Callable]:
    from solvers.sourcing import SourcingParams, nearest_with_stock, rule_chain, solve

    fast = SourcingParams(explain=False, runner_ups=0)
    return {
        "nearest": lambda p, n: nearest_with_stock(p),
        "rule_chain": lambda p, n: rule_chain(p),
        "myopic": lambda p, n: solve(p, fast),
        "look_ahead": LookAhead(scenario, reprice),
    }


def _latency(seed: int, n: int, prices_too: bool) -> list[dict[str, Any]]:
    from solvers.sourcing import SourcingParams, solve

    sc, problems = _latency_problems(seed, n)
    net = problems[0].network
    variants = [("myopic", SourcingParams())]
    if prices_too:
        la = LookAhead(sc, reprice=10**9)
        la.refresh(0, net)
        variants.append(("look_ahead", SourcingParams(stock_prices=la.prices)))
    rows = []
    for name, params in variants:
        solve(problems[0], params)  # warm caches
        times = []
        split = 0
        t_all = time.perf_counter()
        for p in problems:
            t = time.perf_counter()
            r = solve(p, params)
            times.append(time.perf_counter() - t)
            split += r.plan is not None and len(r.plan.shipments) > 1
        wall = time.perf_counter() - t_all
        rows.append(
            {
                "section": "latency",
                "solver": name,
                "case": "20 sites x 10 lines",
                "decisions": n,
                "decisions_per_s": round(n / wall, 1),
                "p50_ms": round(float(np.percentile(times, 50)) * 1000, 3),
                "p99_ms": round(float(np.percentile(times, 99)) * 1000, 3),
                "split_share": round(split / n, 3),
            }
        )
    return rows


def _latency_problems(seed: int, n: int) -> tuple[SourcingScenario, list[SourcingProblem]]:
    """The worst case: 20 sites, 10 lines of distinct SKUs, 0-2 units per site and SKU."""
    sc = us_scenario(seed=seed, n_orders=200)
    rng = np.random.default_rng(seed + 1)
    plain = [s.id for s in sc.network.skus if s.kit_id is None]
    avail = rng.integers(0, 3, sc.network.available.shape)
    net = sc.network.with_stock(avail, sc.network.capacity_left)
    problems = []
    for i in range(n):
        o = sc.orders[i % len(sc.orders)]
        picked = sorted(rng.choice(len(plain), 10, replace=False))
        lines = tuple(OrderLine(plain[k], 1) for k in picked)
        order = Order(f"L{i}", lines, o.ship_to, Promise(PromiseKind.STANDARD), o.created_at)
        problems.append(SourcingProblem(order, net, sc.rules))
    return sc, problems


def _latency_db(seed: int, n: int, url: str | None, label: str) -> dict[str, Any]:
    """Decide + reserve through the store (``place_order``): snapshot read, solve, commit."""
    import tempfile

    from logistics.errors import InfeasibleError
    from logistics.store import (
        Allocation,
        PlannedShipment,
        StockLevel,
        Store,
        place_order,
        put_stock,
        upgrade_database,
        upsert_skus,
        upsert_warehouses,
    )
    from solvers.sourcing import SourcingParams, solve

    sc, problems = _latency_problems(seed, n)
    net = problems[0].network
    big = net.available * 1000  # plenty: every order commits, the stock never runs dry
    with tempfile.TemporaryDirectory() as tmp:
        url = url or f"sqlite:///{tmp}/bench.db"
        upgrade_database(url)
        store = Store(url)
        with store.write() as session:
            upsert_warehouses(session, net.warehouses)
            upsert_skus(session, net.skus)
            put_stock(
                session,
                [
                    StockLevel(w.id, s.id, int(big[i, k]))
                    for i, w in enumerate(net.warehouses)
                    for k, s in enumerate(net.skus)
                ],
            )
        params = SourcingParams(explain=False)
        times = []
        t_all = time.perf_counter()
        for p in problems:
            order = replace(p.order, id=f"{label}-{p.order.id}")

            def decide(snapshot, order=order):
                avail = np.zeros_like(net.available)
                for (w, s_id), units in snapshot.items():
                    avail[net.warehouse_index[w], net.sku_index[s_id]] = max(units, 0)
                problem = SourcingProblem(order, net.with_stock(avail, net.capacity_left), sc.rules)
                r = solve(problem, params)
                if r.plan is None:
                    raise InfeasibleError(r.reason or "not sourced")
                return Allocation(
                    tuple(
                        PlannedShipment(
                            s.warehouse_id,
                            tuple((ln.sku_id, ln.quantity) for ln in s.lines),
                            s.carrier_id,
                            s.cost,
                        )
                        for s in r.plan.shipments
                    ),
                    r.plan.total_cost,
                )

            t = time.perf_counter()
            place_order(
                store,
                order_id=order.id,
                sku_ids=[ln.sku_id for ln in order.lines],
                request={"id": order.id},
                decide=decide,
            )
            times.append(time.perf_counter() - t)
        wall = time.perf_counter() - t_all
        store.dispose()
    return {
        "section": "latency",
        "solver": f"myopic + reservation ({label})",
        "case": "20 sites x 10 lines",
        "decisions": n,
        "decisions_per_s": round(n / wall, 1),
        "p50_ms": round(float(np.percentile(times, 50)) * 1000, 3),
        "p99_ms": round(float(np.percentile(times, 99)) * 1000, 3),
    }


def _split_floor(pool: NetworkSnapshot, rules, orders, now: int) -> float:
    """Lower bound on the extra shipments of ANY assignment of ``orders`` to ``pool``.

    An order ships in one parcel only from a site holding all of it with an on-time
    lane taking its weight. The LP maximises how many orders can do so at once
    (stock and capacity shared); every other order needs at least one extra
    shipment. Split orders' own stock use is left out (a relaxation), so
    ``len(orders) - LP`` is a valid lower bound.
    """
    from ortools.linear_solver import pywraplp

    from solvers.sourcing.feasibility import order_view
    from solvers.sourcing.lanes import order_lanes
    from solvers.sourcing.plans import best_lane

    solver = pywraplp.Solver.CreateSolver("GLOP")
    inf = solver.infinity()
    stock: dict[tuple[int, int], Any] = {}
    cap = [solver.Constraint(-inf, float(c)) for c in pool.capacity_left]
    obj = solver.Objective()
    for order in orders:
        problem = SourcingProblem(order, pool, rules, now=max(now, order.created_at))
        view = order_view(problem)
        lanes = order_lanes(problem)
        weight = int(view.group_weight_g.sum())
        one = solver.Constraint(-inf, 1.0)
        for w in np.flatnonzero(view.in_stock.all(axis=1)):
            if best_lane([ln for ln in lanes if ln.warehouse == w], weight) is None:
                continue
            z = solver.NumVar(0.0, 1.0, "")
            obj.SetCoefficient(z, 1.0)
            one.SetCoefficient(z, 1.0)
            cap[int(w)].SetCoefficient(z, 1.0)
            for i, ln in enumerate(order.lines):
                key = (int(w), int(view.line_sku[i]))
                if key not in stock:
                    stock[key] = solver.Constraint(-inf, float(pool.available[key]))
                stock[key].SetCoefficient(z, float(ln.quantity))
    obj.SetMaximization()
    solver.Solve()
    return len(orders) - obj.Value()


def _check_batch(pool: NetworkSnapshot, rules, orders, plans) -> None:
    """Independent check: pooled stock and capacity respected, every shipment on time."""
    from solvers.sourcing.timing import promise_deadline

    used = np.zeros_like(pool.available)
    ships = np.zeros_like(pool.capacity_left)
    for order, plan in zip(orders, plans, strict=True):
        problem = SourcingProblem(order, pool, rules)
        due = promise_deadline(order.promise, order.created_at, problem.customer_zone)
        assert sorted((ln.sku_id, ln.quantity) for s in plan.shipments for ln in s.lines) == sorted(
            (ln.sku_id, ln.quantity) for ln in order.lines
        ), order.id
        for s in plan.shipments:
            assert s.delivers_by <= due, f"{order.id} late after batch"
            w = pool.warehouse_index[s.warehouse_id]
            ships[w] += 1
            for ln in s.lines:
                used[w, pool.sku_index[ln.sku_id]] += ln.quantity
    assert (used <= pool.available).all(), "batch oversold the pool"
    assert (ships <= pool.capacity_left).all(), "batch exceeded a site's capacity"


def _batch(seed: int, n_orders: int, time_limit_s: float) -> dict[str, Any]:
    from solvers.sourcing import BatchParams, SourcingParams, reoptimize_batch, solve

    sc = us_scenario(seed=seed + 100, n_orders=n_orders, days=1, coverage=1.15)
    # Squeeze the stream into 00:00-11:00 US Eastern (before the first cut-off).
    orders = tuple(
        replace(o, created_at=START_UNIX + (o.created_at - START_UNIX) * 11 // 24)
        for o in sc.orders
    )
    net0 = sc.network
    avail = net0.available.copy()
    cap = net0.capacity_left.copy()
    fast = SourcingParams(explain=False, runner_ups=0)
    kept_orders, plans = [], []
    late = 0
    t = time.perf_counter()
    for order in orders:
        net = net0.with_stock(avail, cap)
        r = solve(SourcingProblem(order, net, sc.rules), fast)
        plan = r.plan
        if plan is None and r.status != "out_of_stock":
            order = replace(order, promise=RELAXED)  # shipped late: its promise is gone
            plan = solve(SourcingProblem(order, net, sc.rules), fast).plan
            late += plan is not None
        if plan is None:
            continue
        _apply(avail, cap, net, plan)
        kept_orders.append(order)
        plans.append(plan)
    online_s = time.perf_counter() - t
    pool = net0  # nothing released yet: the pool is the starting stock and capacity
    batch_now = START_UNIX + 11 * 3600
    result = reoptimize_batch(
        pool, sc.rules, kept_orders, plans, BatchParams(time_limit_s=time_limit_s, now=batch_now)
    )
    _check_batch(pool, sc.rules, kept_orders, result.plans)
    floor = _split_floor(pool, sc.rules, kept_orders, batch_now)
    extra_before = result.extra_shipments_before
    extra_after = result.extra_shipments_after
    avoidable = extra_before - floor
    removed = extra_before - extra_after
    return {
        "section": "batch",
        "solver": "batch_reopt",
        "orders": len(kept_orders),
        "late_online": late,
        "extra_shipments_online": extra_before,
        "extra_shipments_after": extra_after,
        "extra_shipments_floor": round(floor, 1),
        "avoidable_removed_share": round(removed / avoidable, 4) if avoidable > 0 else None,
        "cost_before": round(result.cost_before / 100, 2),
        "cost_after": round(result.cost_after / 100, 2),
        "moved_orders": len(result.moves),
        "candidate_orders": result.candidate_orders,
        "candidate_seconds": round(result.candidate_seconds, 2),
        "reopt_seconds": round(result.seconds, 2),
        "online_seconds": round(online_s, 2),
        "optimal": result.optimal,
        "example_moves": " | ".join(f"{m.order_id}: {m.reason}" for m in result.moves[:3]),
    }


DEFAULT_SEED = 7
"""The seed of the committed ``sourcing_2k`` table."""


def default_label(orders: int, seed: int, skip_batch: bool) -> str:
    """The result files' name part when ``--budget`` is not given: ``2k`` for 2,000 orders
    (``2500`` for 2,500), ``_seed<n>`` for another seed than 7 and ``_no_batch`` without
    the batch section, so that a smaller or different run never replaces ``sourcing_2k``
    (``--orders 2500`` and ``--seed 11`` wrote ``sourcing_2k``, ``--orders 500``
    ``sourcing_0k``)."""
    label = f"{orders // 1000}k" if orders % 1000 == 0 else str(orders)
    if seed != DEFAULT_SEED:
        label += f"_seed{seed}"
    if skip_batch:
        label += "_no_batch"
    return label


def run(
    *,
    seed: int = 7,
    orders: int = 2000,
    batch_orders: int = 10_000,
    reprice: int = 50,
    latency_decisions: int = 1000,
    batch_time_limit: float = 45.0,
    budget: str | None = None,
    skip_batch: bool = False,
    show: Callable[[str], None] = print,
) -> tuple[list[dict[str, Any]], str]:
    """Run every section; returns the rows and the Markdown notes."""
    from benchmarks.runner import write_results
    from solvers.sourcing.hindsight import hindsight_bound

    sc = us_scenario(seed=seed, n_orders=orders)
    rows: list[dict[str, Any]] = []
    results = {}
    for name, policy in _policies(sc, reprice).items():
        t = time.perf_counter()
        res = simulate(sc, policy)
        res.pop("_plans")
        res["seconds"] = round(time.perf_counter() - t, 2)
        if isinstance(policy, LookAhead):
            res["reprice_lp_runs"] = len(policy.lp_seconds)
            res["reprice_lp_seconds"] = round(sum(policy.lp_seconds), 2)
            res["unit_cost_seconds"] = round(policy.cost_seconds, 2)
        results[name] = res
        rows.append({"section": "policies", "solver": name, **res})
        show(f"{name}: {res}")
    hb = hindsight_bound(sc.network, sc.rules, sc.orders, MISS_PENALTY, STOCKOUT_PENALTY)
    n = len(sc.orders)
    rows.append(
        {
            "section": "policies",
            "solver": "hindsight_bound",
            "orders": n,
            "cost_per_order": round(hb.total / n / 100, 4),
            "promise_hit_rate": round((n - hb.misses - hb.stockouts) / n, 4),
            "missed_promises": round(hb.misses, 2),
            "lost_units": round(hb.lost_units, 2),
            "seconds": round(hb.seconds, 2),
        }
    )
    show(f"hindsight bound: {hb}")
    rule = results["rule_chain"]["cost_per_order"]
    bound = hb.total / n / 100
    gaps = {}
    for name in ("myopic", "look_ahead"):
        gap = rule - bound
        gaps[name] = (rule - results[name]["cost_per_order"]) / gap if gap > 0 else float("nan")
    rows += _latency(seed, latency_decisions, prices_too=True)
    show(str(rows[-2:]))
    db_n = max(latency_decisions // 5, 50)
    rows.append(_latency_db(seed, db_n, None, "sqlite"))
    show(str(rows[-1]))
    pg_skipped = None
    try:
        from logistics.store.testing import temporary_pg_schema

        with temporary_pg_schema(prefix="srcbench_") as url:
            rows.append(_latency_db(seed, db_n, url, "postgresql"))
        show(str(rows[-1]))
    except Exception as exc:  # no server: say so in the results instead of failing
        pg_skipped = (str(exc).splitlines() or [repr(exc)])[0][:200]
        show(f"postgresql latency skipped: {pg_skipped}")
    batch = None
    if not skip_batch:
        batch = _batch(seed, batch_orders, batch_time_limit)
        rows.append(batch)
        show(str(batch))
    df = pd.DataFrame(rows)
    pol = df[df.section == "policies"][
        [
            "solver",
            "cost_per_order",
            "landed_per_served_order",
            "shipments_per_order",
            "promise_hit_rate",
            "missed_promises",
            "stockouts",
            "lost_units",
            "decision_ms_p50",
            "decision_ms_p99",
        ]
    ]
    lat = df[df.section == "latency"][["solver", "case", "decisions_per_s", "p50_ms", "p99_ms"]]
    notes = [
        "## Policies on the same stream",
        "",
        f"{n} orders, seed {seed}, look-ahead re-priced every {reprice} orders "
        f"({results['look_ahead'].get('reprice_lp_runs')} LP runs, "
        f"{results['look_ahead'].get('reprice_lp_seconds')} s in all, outside the timed "
        "decisions). "
        f"Cost per order = (landed cost + {MISS_PENALTY / 100:.2f} per missed promise + "
        f"{STOCKOUT_PENALTY / 100:.2f} per unit lost to a stock-out) / orders, dollars. "
        "`stockouts` = orders with a lost line; decision times are per call over the "
        "whole stream (mostly 1-2 line orders) on a shared, busy machine (above).",
        "",
        pol.to_markdown(index=False),
        "",
        "Gap between the rule chain and the hindsight bound closed: "
        + ", ".join(f"{k} {100 * v:.1f}%" for k, v in gaps.items())
        + " (target for look-ahead: >= 35%).",
        "",
        "## Latency (one decision, 20 sites x 10 lines)",
        "",
        "In-process solve; `+ reservation` adds the store round trip of "
        "`logistics.store.place_order` (snapshot read, solve, conditional decrements, "
        "order/shipments/decision log, commit) on a local SQLite file and on the local "
        "PostgreSQL server, one order after another."
        + ("" if pg_skipped is None else f" PostgreSQL was skipped: {pg_skipped}."),
        "",
        lat.to_markdown(index=False),
        "",
    ]
    if batch is not None:
        share = batch["avoidable_removed_share"]
        notes += [
            "## Batch re-optimisation",
            "",
            f"{batch['orders']} orders sourced myopically, then re-assigned together: extra "
            f"shipments {batch['extra_shipments_online']} -> {batch['extra_shipments_after']} "
            f"(floor {batch['extra_shipments_floor']}), "
            f"{'n/a' if share is None else f'{100 * share:.1f}%'} of the avoidable extra "
            f"shipments removed (target >= 40%); cost {batch['cost_before']:.2f} -> "
            f"{batch['cost_after']:.2f}; {batch['moved_orders']} orders moved; "
            f"{batch['reopt_seconds']} s (target < 60 s), optimal: {batch['optimal']}.",
            "",
            f"Examples: {batch['example_moves']}",
            "",
        ]
    notes.append(__doc__.split("\n\n", 1)[1].strip())
    budget = budget or default_label(orders, seed, skip_batch)
    summary = pd.DataFrame()
    write_results(
        "sourcing",
        budget,
        rows,
        summary,
        title="Order sourcing policies, batch re-optimisation and latency",
        notes="\n".join(notes),
    )
    return rows, "\n".join(notes)


MAX_ORDERS = 100_000
"""Most orders in either stream (``--orders``, ``--batch-orders``): 50x and 10x the
defaults; generating 100,000 took 27 s and 87 MB. Far larger counts ended in a
MemoryError traceback after the work began, with no table written."""


def register(app: typer.Typer) -> None:
    """Add ``logistics bench sourcing``."""

    @app.command("sourcing")
    def sourcing_cmd(
        seed: int = typer.Option(DEFAULT_SEED, help="Seed of the network, stock and order stream."),
        orders: int = typer.Option(2000, help="Orders in the policy comparison stream."),
        batch_orders: int = typer.Option(10_000, help="Orders in the batch re-opt stream."),
        reprice: int = typer.Option(50, help="Look-ahead: re-price stock every N orders."),
        latency_decisions: int = typer.Option(1000, help="Decisions timed per variant."),
        batch_time_limit: float = typer.Option(45.0, help="Seconds for batch re-optimisation."),
        budget: str = typer.Option(
            "",
            help="Results name suffix (default: 2k for 2000 orders, else the count; "
            "_seed<n> for another seed, _no_batch with --skip-batch).",
        ),
        skip_batch: bool = typer.Option(False, help="Skip the batch re-optimisation section."),
    ) -> None:
        """Compare sourcing policies, batch re-optimisation and latency on the US network."""
        from benchmarks.runner import check_name_part
        from logistics.cli.seed_option import check_seed
        from logistics.cli.time_limit import check_time_limit
        from logistics.errors import InvalidValueError

        # before any work, named as typed: 0 orders or --reprice 0 divided by zero (traceback)
        for name, value in (
            ("orders", orders),
            ("reprice", reprice),
            ("batch-orders", batch_orders),
            ("latency-decisions", latency_decisions),
        ):
            if value < 1:
                raise InvalidValueError(name, value, "expected an integer >= 1")
        for name, value in (("orders", orders), ("batch-orders", batch_orders)):
            if value > MAX_ORDERS:
                raise InvalidValueError(
                    name, value, f"expected an integer within 1..{MAX_ORDERS:,}"
                )
        check_time_limit(batch_time_limit, name="batch-time-limit")
        check_seed(seed)  # -1 was numpy's ValueError traceback once the stream was made
        if budget:
            check_name_part("budget", budget)
        results_root()  # a file in the way is an error before the run, not after it
        run(
            seed=seed,
            orders=orders,
            batch_orders=batch_orders,
            reprice=reprice,
            latency_decisions=latency_decisions,
            batch_time_limit=batch_time_limit,
            budget=budget or None,
            skip_batch=skip_batch,
        )
