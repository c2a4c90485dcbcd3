"""Why an order cannot be sourced: each status and reason says what actually blocks it.

Before, stock held only at sites out of picking capacity (or excluded) was reported
as ``out_of_stock`` with "no usable site has more than 0" although the units were there.
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from logistics.paths import project_root
from logistics.sourcing_json import network_from_json, problem_from_json
from solvers.sourcing import SourcingStatus, solve, validate

EXAMPLES = project_root() / "examples" / "sourcing"


def _problem(lines, capacity=None, promise=None, **rule_changes):
    raw = json.loads((EXAMPLES / "network_small.json").read_text())
    for w in raw["warehouses"]:
        w["capacity_left"] = (capacity or {}).get(w["id"], 100)
    net, rules = network_from_json(raw)
    order = json.loads((EXAMPLES / "order_split.json").read_text())
    order["lines"] = [{"sku_id": s, "quantity": q} for s, q in lines]
    if promise is not None:
        order["promise"] = promise
    return problem_from_json(order, net, replace(rules, **rule_changes))


def _unsourced(problem):
    result = solve(problem)
    assert result.plan is None and validate(problem, result).ok
    return result


def test_stock_only_where_the_day_is_used_up_is_capacity_not_stock():
    # DFW7 is the only site with TEE-M beyond NYC-FWD's 5: 120 units, no picks left today
    problem = _problem([("TEE-M", 50)], capacity={"DFW7": 0})
    result = _unsourced(problem)
    assert result.status == SourcingStatus.INFEASIBLE
    assert "out of stock" not in result.reason
    assert "TEE-M" in result.reason
    assert "DFW7 has no picking capacity left for the day it would ship" in result.reason
    notes = {n.warehouse_id: n.reason for n in result.site_notes}
    assert notes["DFW7"] == "no picking capacity left for the day it would ship"


def test_every_site_out_of_capacity_names_each_one():
    problem = _problem([("MUG-01", 1)], capacity={"EWR1": 0, "DFW7": 0, "NYC-FWD": 0})
    result = _unsourced(problem)
    assert result.status == SourcingStatus.INFEASIBLE
    for site in ("EWR1", "DFW7", "NYC-FWD"):
        assert f"{site} has no picking capacity left for the day it would ship" in result.reason


def test_stock_only_at_an_excluded_site_names_the_rule():
    problem = _problem([("TEE-M", 50)], excluded_warehouse_ids=frozenset({"DFW7"}))
    result = _unsourced(problem)
    assert result.status == SourcingStatus.INFEASIBLE
    assert "DFW7 is excluded by the rules" in result.reason


def test_real_shortage_is_still_out_of_stock_counting_every_site():
    # DFW7 is out of capacity, but no site has 500 lamps at all: that is a stock-out
    problem = _problem([("LAMP-01", 500)], capacity={"DFW7": 0})
    result = _unsourced(problem)
    assert result.status == SourcingStatus.OUT_OF_STOCK
    assert result.reason == "out of stock: LAMP-01 needs 500, no site has more than 60"


def test_shortage_wins_over_capacity_when_both_block():
    problem = _problem([("TEE-M", 50), ("LAMP-01", 500)], capacity={"DFW7": 0})
    assert _unsourced(problem).status == SourcingStatus.OUT_OF_STOCK


def test_whole_kit_only_at_a_site_without_capacity():
    problem = _problem([("DESK-TOP", 2), ("DESK-LEGS", 2)], capacity={"DFW7": 0})
    net = problem.network
    avail = net.available.copy()  # legs move from EWR1 to NYC-FWD: each part is at a
    legs = net.sku_index["DESK-LEGS"]  # usable site, the whole kit only at DFW7
    avail[net.warehouse_index["NYC-FWD"], legs] = avail[net.warehouse_index["EWR1"], legs]
    avail[net.warehouse_index["EWR1"], legs] = 0
    problem = replace(problem, network=net.with_stock(avail, net.capacity_left))
    result = _unsourced(problem)
    assert result.status == SourcingStatus.INFEASIBLE
    assert "whole kit (DESK-TOP, DESK-LEGS)" in result.reason
    assert "DFW7 has no picking capacity left for the day it would ship" in result.reason


def test_a_kit_no_site_holds_whole_is_out_of_stock_though_its_parts_sit_without_capacity():
    # the tops are only at DFW7 (no picking capacity left) and the legs only at EWR1: no
    # site holds the whole kit, so even with capacity the order could not be sourced.
    # Before, the capacity of the tops' site was blamed (infeasible), not the stock.
    problem = _problem([("DESK-TOP", 6), ("DESK-LEGS", 2)], capacity={"DFW7": 0})
    net = problem.network
    avail = net.available.copy()
    avail[net.warehouse_index["DFW7"], net.sku_index["DESK-LEGS"]] = 0
    problem = replace(problem, network=net.with_stock(avail, net.capacity_left))
    result = _unsourced(problem)
    assert result.status == SourcingStatus.OUT_OF_STOCK
    assert result.reason == "out of stock: no site holds the whole kit (DESK-TOP, DESK-LEGS)"


def test_a_unit_too_heavy_for_every_on_time_carrier_says_so():
    # same-city promise: only the instant courier (20 kg limit) is on time from NYC-FWD
    promise = {"kind": "same_city", "hours": 4}
    problem = _problem([("MUG-01", 8)], promise=promise)
    net = problem.network
    skus = tuple(replace(s, weight_g=30_000) if s.id == "MUG-01" else s for s in net.skus)
    heavy = replace(net, skus=skus)
    result = solve(replace(problem, network=heavy))
    if result.plan is not None:
        pytest.skip("an on-time carrier without a weight limit exists here")
    assert result.status == SourcingStatus.INFEASIBLE
    assert "too heavy" in result.reason and "MUG-01" in result.reason


def test_statuses_stay_consistent_with_the_site_notes_on_random_days():
    from sourcing_cases import random_problem

    for seed in range(60):
        problem = random_problem(seed, n_sites=4, n_lines=3)
        result = solve(problem)
        if result.plan is not None:
            continue
        net = problem.network
        have = net.available[:, [net.sku_index[ln.sku_id] for ln in problem.order.lines]]
        reserve = problem.rules.channel_reserve(problem.order.channel)
        short_everywhere = (
            have - reserve < np.array([ln.quantity for ln in problem.order.lines])
        ).all(axis=0)
        if result.status == SourcingStatus.OUT_OF_STOCK and "kit" not in result.reason:
            assert short_everywhere.any(), (seed, result.reason)
        if "capacity" in result.reason:
            assert result.status == SourcingStatus.INFEASIBLE
