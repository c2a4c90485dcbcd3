"""The decision is optimal: compare with brute-force enumeration on small orders."""

from __future__ import annotations

import itertools
import math

import pytest
from sourcing_cases import random_problem

from solvers.sourcing import SourcingParams, solve, validate
from solvers.sourcing.feasibility import order_view
from solvers.sourcing.lanes import order_lanes


def brute_force(problem):
    """Min landed cost over every unit -> site assignment (one shipment per site)."""
    view = order_view(problem)
    lanes = order_lanes(problem)
    net = problem.network
    rules = problem.rules
    best = None
    sites = range(len(net.warehouses))
    for assign in itertools.product(sites, repeat=view.n_groups):
        if any(not view.in_stock[w, g] for g, w in enumerate(assign)):
            continue
        used = sorted(set(assign))
        if len(used) > rules.max_shipments:
            continue
        total = rules.cost_per_extra_shipment * (len(used) - 1)
        ok = True
        for w in used:
            groups = [g for g, x in enumerate(assign) if x == w]
            weight = sum(int(view.group_weight_g[g]) for g in groups)
            units = sum(int(view.group_units[g]) for g in groups)
            prices = [
                ln.base_cents + ln.per_kg_cents * math.ceil(weight / 1000)
                for ln in lanes
                if ln.warehouse == w
                and ln.on_time
                and (not ln.max_weight_g or weight <= ln.max_weight_g)
            ]
            if not prices:
                ok = False
                break
            site = net.warehouses[w]
            handling = site.handling_cost_per_order + site.handling_cost_per_unit * units
            total += min(prices) + handling
        if ok and (best is None or total < best):
            best = total
    return best


@pytest.mark.parametrize("seed", range(100))
def test_matches_brute_force(seed):
    problem = random_problem(seed, n_sites=5, n_lines=4)
    result = solve(problem)
    expected = brute_force(problem)
    check = validate(problem, result)
    assert check.ok, check.errors
    if expected is None:
        assert not result.sourced and result.reason
    else:
        assert result.sourced
        assert result.plan.total_cost == expected
        assert result.exact and result.bound == expected
        for option in result.runner_ups:
            assert option.objective >= result.plan.objective


@pytest.mark.parametrize("seed", range(12))
def test_cp_sat_path_agrees_with_subset_search(seed):
    problem = random_problem(seed, n_sites=6, n_lines=5)
    exact = solve(problem)
    large = solve(problem, SourcingParams(exact_max_groups=1, time_limit_s=5))
    assert exact.sourced == large.sourced
    if exact.sourced:
        assert large.plan.total_cost == exact.plan.total_cost
        assert validate(problem, large).ok
