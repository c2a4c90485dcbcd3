"""Ctrl-C while SCIP solves a batch reaches the caller's ``should_stop``: SCIP's own
SIGINT handler took it, printed "pressed CTRL-C" on stdout and ended the solve as at its
time limit, and the command's Ctrl-C check (the wakeup fd of ``sigint_stops``) never saw
it. The network MIP's twin is ``tests/solvers/test_network_mip_ctrl_c.py``."""

from __future__ import annotations

import os
import signal
import threading
from dataclasses import replace

from benchmarks.suites.sourcing import _apply
from logistics.cli.interrupt import sigint_stops
from logistics.domain.sourcing import SourcingProblem
from logistics.sourcing_scenario import START_UNIX, us_scenario
from solvers.sourcing import BatchParams, SourcingParams, reoptimize_batch, solve


def _day(n_orders: int):
    """The seeded US stream, squeezed before the first cut-off, placed order by order."""
    sc = us_scenario(seed=101, n_orders=n_orders, days=1, coverage=1.15)
    net0 = sc.network
    avail, cap = net0.available.copy(), net0.capacity_left.copy()
    fast = SourcingParams(explain=False, runner_ups=0)
    orders, plans = [], []
    for o in sc.orders:
        order = replace(o, created_at=START_UNIX + (o.created_at - START_UNIX) * 11 // 24)
        net = net0.with_stock(avail, cap)
        plan = solve(SourcingProblem(order, net, sc.rules), fast).plan
        if plan is not None:
            _apply(avail, cap, net, plan)
            orders.append(order)
            plans.append(plan)
    return sc, orders, plans


def test_ctrl_c_during_a_scip_batch_solve_reaches_should_stop(capfd):
    sc, orders, plans = _day(1000)
    params = BatchParams(time_limit_s=60, method="mip", backend="scip", now=START_UNIX + 11 * 3600)
    sent: list[int] = []
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with sigint_stops(keep_best=True) as ctrl_c:

            def should_stop() -> bool:
                # polled from a thread only while SCIP solves: press Ctrl-C there, once
                if threading.current_thread() is not threading.main_thread() and not sent:
                    sent.append(1)
                    os.kill(os.getpid(), signal.SIGINT)
                return ctrl_c()

            reoptimize_batch(sc.network, sc.rules, orders, plans, params, should_stop=should_stop)
            seen = ctrl_c()
    finally:
        signal.signal(signal.SIGINT, before)
    assert sent, "SCIP ended before the first poll: the batch is too easy for this test"
    assert seen  # was False: SCIP's handler had the Ctrl-C
    assert "pressed CTRL-C" not in capfd.readouterr().out
