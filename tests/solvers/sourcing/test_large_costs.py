"""Bulk orders whose costs do not fit the int64 keys: decisions stay exact, never wrap.

The subset table packs ``cost * 2^30 + distance`` into int64 while a bound proves it
fits; beyond (about 2^31 cents per order) it is computed in Python ints. Before, such
shipments were treated as impossible or wrapped around, so a heavier order could
cost less than a light one, a feasible order was called infeasible, or the
partition search raised IndexError.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import numpy as np
import pytest
from sourcing_cases import random_problem

from logistics.domain import OrderLine
from logistics.errors import InvalidValueError
from logistics.paths import project_root
from logistics.sourcing_json import network_from_json, problem_from_json
from solvers.sourcing import SourcingStatus, solve, validate
from solvers.sourcing import subsets as subsets_mod
from solvers.sourcing.feasibility import order_view
from solvers.sourcing.lanes import order_lanes
from solvers.sourcing.subsets import subset_table

EXAMPLES = project_root() / "examples" / "sourcing"


def _network(extra_skus=(), stock=10**9, extra_on_hand=10**6):
    raw = json.loads((EXAMPLES / "network_small.json").read_text())
    for pos in raw["stock"]:
        pos.update(on_hand=stock, reserved=0, safety_stock=0)
    for w in raw["warehouses"]:
        w["capacity_left"] = 100
    for sku in extra_skus:
        raw["skus"].append(sku)
        for w in ("DFW7", "EWR1"):
            raw["stock"].append({"warehouse_id": w, "sku_id": sku["id"], "on_hand": extra_on_hand})
    return network_from_json(raw)


def _order(lines):
    raw = json.loads((EXAMPLES / "order_split.json").read_text())
    raw["lines"] = [{"sku_id": s, "quantity": q} for s, q in lines]
    return raw


def _exact_brute_force(problem):
    """Min landed cost over every unit -> site assignment, in Python ints."""
    view = order_view(problem)
    lanes = order_lanes(problem)
    net, rules = problem.network, problem.rules
    best = None
    for assign in itertools.product(range(len(net.warehouses)), repeat=view.n_groups):
        if any(not view.in_stock[w, g] for g, w in enumerate(assign)):
            continue
        used = sorted(set(assign))
        if len(used) > rules.max_shipments:
            continue
        total = rules.cost_per_extra_shipment * (len(used) - 1)
        for w in used:
            groups = [g for g, x in enumerate(assign) if x == w]
            weight = sum(view.weights_g[g] for g in groups)
            units = sum(int(view.group_units[g]) for g in groups)
            prices = [
                ln.base_cents + ln.per_kg_cents * -(-weight // 1000)
                for ln in lanes
                if ln.warehouse == w
                and ln.on_time
                and (not ln.max_weight_g or weight <= ln.max_weight_g)
            ]
            if not prices:
                break
            site = net.warehouses[w]
            total += min(prices) + site.handling_cost_per_order
            total += site.handling_cost_per_unit * units
        else:
            if best is None or total < best:
                best = total
    return best


def test_more_units_never_cost_less():
    """CLI repro: 4 lines of 3e7 units used to report a lower total than 4 lines of 1e7."""
    net, rules = _network()
    skus = ("LAMP-01", "TEE-M", "DESK-TOP", "DESK-LEGS")
    totals = []
    for q in (10**7, 2 * 10**7, 3 * 10**7):
        problem = problem_from_json(_order([(s, q) for s in skus]), net, rules)
        result = solve(problem)
        assert result.sourced and validate(problem, result).ok
        assert result.plan.total_cost == _exact_brute_force(problem)
        totals.append(result.plan.total_cost)
    assert totals[0] < totals[1] < totals[2]


def test_heavy_bulk_lines_are_priced_not_called_infeasible():
    """API repro: 1e6 units of a 100 kg SKU was 'too heavy' while 3000 kg shipped cheaper."""
    heavy = [{"id": "W100", "weight_g": 100_000}, {"id": "W3000", "weight_g": 3_000_000}]
    net, rules = _network(heavy)
    cost = {}
    for sku in ("W100", "W3000"):
        problem = problem_from_json(_order([(sku, 10**6)]), net, rules)
        result = solve(problem)
        assert result.status == SourcingStatus.SOURCED, result.reason
        assert validate(problem, result).ok
        assert result.plan.total_cost == _exact_brute_force(problem)
        cost[sku] = result.plan.total_cost
    assert cost["W100"] < cost["W3000"]


def test_ten_lines_at_the_api_limits_are_sourced():
    """10 lines x 1e6 units x 1e12 g (2^63 g and more): was IndexError in best_partitions."""
    skus = [{"id": f"H{i}", "weight_g": 10**12} for i in range(10)]
    net, rules = _network(skus)
    problem = problem_from_json(_order([(s["id"], 10**6) for s in skus]), net, rules)
    view = order_view(problem)
    assert sum(view.weights_g) > np.iinfo(np.int64).max
    table = subset_table(problem, view, order_lanes(problem), None)
    assert not table.exact_int64
    result = solve(problem)
    assert result.sourced and validate(problem, result).ok
    assert result.plan.total_cost > 10**17
    assert result.plan.total_cost == min(r.total_cost for r in (result.plan, *result.runner_ups))


def test_the_cpsat_path_refuses_what_it_cannot_hold_with_a_clear_error():
    skus = [{"id": f"H{i}", "weight_g": 10**12} for i in range(13)]  # > exact_max_groups
    net, rules = _network(skus)
    problem = problem_from_json(_order([(s["id"], 10**6) for s in skus]), net, rules)
    with pytest.raises(InvalidValueError) as err:
        solve(problem)
    assert err.value.field == "order.lines" and "too large" in err.value.reason


def _scaled(problem, factor):
    lines = tuple(OrderLine(ln.sku_id, ln.quantity * factor) for ln in problem.order.lines)
    net = problem.network
    net = net.with_stock(net.available * factor, net.capacity_left)
    return replace(problem, order=replace(problem.order, lines=lines), network=net)


@pytest.mark.parametrize("seed", range(40))
def test_bulk_orders_match_exact_brute_force(seed):
    problem = _scaled(random_problem(seed, n_sites=5, n_lines=4), 10**7)
    result = solve(problem)
    expected = _exact_brute_force(problem)
    assert validate(problem, result).ok
    if expected is None:
        assert not result.sourced
    else:
        assert result.sourced and result.plan.total_cost == expected


@pytest.mark.parametrize("seed", range(40))
def test_python_int_path_decides_exactly_like_the_int64_path(seed, monkeypatch):
    """Same decision, runner-ups and notes when the wide path is forced on small orders."""
    problem = random_problem(seed, n_sites=6, n_lines=5)
    view = order_view(problem)
    assert subset_table(problem, view, order_lanes(problem), None).exact_int64
    fast = solve(problem).to_dict()
    monkeypatch.setattr(subsets_mod, "INF", np.int64(0))  # no bound fits: Python ints
    assert not subset_table(problem, view, order_lanes(problem), None).exact_int64
    assert solve(problem).to_dict() == fast
