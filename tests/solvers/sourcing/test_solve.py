"""Rules, reasons, runner-ups and the result format of a single decision."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from logistics.domain import LatLon, Order, OrderLine, Promise, PromiseKind
from logistics.domain.sourcing import SourcingProblem, SourcingRules
from logistics.paths import project_root
from logistics.sourcing_json import network_from_json, problem_from_json
from solvers.sourcing import SourcingParams, SourcingStatus, solve, validate

EXAMPLES = project_root() / "examples" / "sourcing"


def _small():
    return network_from_json(json.loads((EXAMPLES / "network_small.json").read_text()))


def _order(name):
    return json.loads((EXAMPLES / name).read_text())


def test_same_city_order_ships_by_instant_courier_from_the_forward_site():
    net, rules = _small()
    problem = problem_from_json(_order("order_same_city.json"), net, rules)
    result = solve(problem)
    assert result.sourced and result.exact
    (ship,) = result.plan.shipments
    assert (ship.warehouse_id, ship.carrier_id) == ("NYC-FWD", "INSTANT")
    assert ship.delivers_by <= result.promise_deadline
    notes = {n.warehouse_id: n.reason for n in result.site_notes}
    assert notes["EWR1"].startswith("short of TEE-M")
    assert notes["DFW7"].startswith("promise missed")
    assert validate(problem, result).ok


def test_split_beats_one_heavy_express_parcel_and_kit_stays_whole():
    net, rules = _small()
    problem = problem_from_json(_order("order_split.json"), net, rules)
    result = solve(problem)
    assert len(result.plan.shipments) == 2
    desk = [s for s in result.plan.shipments if any(ln.sku_id == "DESK-TOP" for ln in s.lines)]
    assert {ln.sku_id for ln in desk[0].lines} >= {"DESK-TOP", "DESK-LEGS"}
    assert result.plan.extra_shipment_cost == rules.cost_per_extra_shipment
    assert result.runner_ups and result.runner_ups[0].total_cost > result.plan.total_cost
    assert validate(problem, result).ok
    one = solve(replace(problem, rules=replace(rules, max_shipments=1)))
    assert one.sourced and len(one.plan.shipments) == 1
    assert one.plan.warehouse_ids == ("DFW7",)


def test_excluded_site_and_kits_allowed_to_split():
    net, rules = _small()
    problem = problem_from_json(_order("order_split.json"), net, rules)
    no_ewr = solve(
        replace(problem, rules=replace(rules, excluded_warehouse_ids=frozenset({"EWR1"})))
    )
    assert "EWR1" not in no_ewr.plan.warehouse_ids
    assert any(n.reason == "excluded by the rules" for n in no_ewr.site_notes)


def test_channel_safety_stock_holds_units_back():
    net, rules = _small()
    raw = _order("order_same_city.json")
    raw["lines"] = [{"sku_id": "TEE-M", "quantity": 5}]
    web = solve(problem_from_json(raw, net, rules))
    assert web.sourced and web.plan.warehouse_ids == ("NYC-FWD",)  # 6 on hand, 1 safety
    raw["channel"] = "marketplace"  # holds one more unit back: 4 left, needs 5
    market = solve(problem_from_json(raw, net, rules))
    assert market.status == SourcingStatus.PROMISE_UNREACHABLE  # only DFW7 has enough


def test_out_of_stock_reason_names_the_sku():
    net, rules = _small()
    raw = _order("order_same_city.json")
    raw["lines"] = [{"sku_id": "DESK-LEGS", "quantity": 50}]
    result = solve(problem_from_json(raw, net, rules))
    assert result.status == SourcingStatus.OUT_OF_STOCK
    assert "DESK-LEGS" in result.reason and result.plan is None
    assert validate(problem_from_json(raw, net, rules), result).ok


def test_pickup_points_only_when_accepted():
    net, rules = _small()
    rules = replace(rules, excluded_warehouse_ids=frozenset({"NYC-FWD"}))  # no vans
    raw = _order("order_split.json")
    raw["lines"] = [{"sku_id": "MUG-01", "quantity": 1}]
    raw["promise"] = {"kind": "standard", "days": 5}
    raw["ship_to"] = {"lat": 40.70, "lon": -74.01}
    home = solve(problem_from_json(raw, net, rules))
    assert all(s.carrier_id != "LOCKERS" for s in home.plan.shipments)
    raw["accept_pickup_point"] = True
    locker = solve(problem_from_json(raw, net, rules))
    assert locker.plan.total_cost < home.plan.total_cost
    ship = locker.plan.shipments[0]
    assert ship.carrier_id == "LOCKERS" and ship.pickup_point == LatLon(40.7128, -74.0060)


def test_result_json_uses_rfc3339_and_cents():
    net, rules = _small()
    result = solve(problem_from_json(_order("order_split.json"), net, rules))
    d = result.to_dict()
    assert d["status"] == "sourced"
    assert d["plan"]["shipments"][0]["delivers_by"].endswith("Z")
    assert isinstance(d["plan"]["total_cost"], int)
    json.dumps(d)


def test_runner_ups_are_sorted_distinct_and_bounded():
    net, rules = _small()
    problem = problem_from_json(_order("order_split.json"), net, rules)
    result = solve(problem, SourcingParams(runner_ups=1))
    assert len(result.runner_ups) <= 1
    from logistics.sourcing_scenario import us_scenario

    sc = us_scenario(seed=3, n_orders=40)
    for order in sc.orders:
        p = SourcingProblem(order, sc.network, sc.rules)
        r = solve(p)
        objs = [o.objective for o in r.runner_ups]
        assert objs == sorted(objs)
        if r.plan is not None:
            assert all(o.objective >= r.plan.objective for o in r.runner_ups)
        assert validate(p, r).ok


def test_validate_catches_a_tampered_result():
    net, rules = _small()
    problem = problem_from_json(_order("order_split.json"), net, rules)
    result = solve(problem)
    ship = result.plan.shipments[0]
    cheap = replace(ship, shipping_cost=ship.shipping_cost - 1)
    bad_plan = replace(result.plan, shipments=(cheap,) + result.plan.shipments[1:])
    bad = replace(result, plan=bad_plan)
    errors = validate(problem, bad).errors
    assert any("shipping cost" in e for e in errors)
    assert any("total cost" in e for e in errors)
    dropped = replace(result, plan=replace(result.plan, shipments=result.plan.shipments[:1]))
    assert any("order wants" in e for e in validate(problem, dropped).errors)


def test_large_orders_use_cp_sat_and_report_a_bound():
    from logistics.sourcing_scenario import us_scenario

    sc = us_scenario(seed=5, n_orders=10)
    rng = np.random.default_rng(0)
    plain = [s.id for s in sc.network.skus if s.kit_id is None]
    lines = tuple(OrderLine(k, 1) for k in sorted(rng.choice(plain, 14, replace=False)))
    order = Order(
        "big", lines, sc.orders[0].ship_to, Promise(PromiseKind.STANDARD), sc.orders[0].created_at
    )
    rules = SourcingRules(max_shipments=14)
    problem = SourcingProblem(order, sc.network, rules)
    result = solve(problem, SourcingParams(time_limit_s=10))
    assert result.sourced
    assert result.bound is not None and result.bound <= result.plan.objective
    assert validate(problem, result).ok


@pytest.mark.parametrize("seed", range(8))
def test_look_ahead_prices_change_objective_not_cost_accounting(seed):
    from logistics.sourcing_scenario import us_scenario
    from solvers.sourcing import StockPrices

    sc = us_scenario(seed=seed, n_orders=5)
    net = sc.network
    prices = StockPrices(
        tuple(w.id for w in net.warehouses),
        tuple(s.id for s in net.skus),
        np.random.default_rng(seed).integers(0, 500, net.available.shape),
    )
    for order in sc.orders:
        p = SourcingProblem(order, net, sc.rules)
        r = solve(p, SourcingParams(stock_prices=prices))
        if r.plan is not None:
            assert validate(p, r).ok
            expect = sum(
                int(prices.cents[net.warehouse_index[s.warehouse_id], net.sku_index[ln.sku_id]])
                * ln.quantity
                for s in r.plan.shipments
                for ln in s.lines
            )
            assert r.plan.stock_opportunity_cost == expect


def test_stock_only_where_no_carrier_reaches_is_infeasible_not_a_crash():
    from logistics.sourcing_scenario import us_scenario
    from solvers.sourcing import nearest_with_stock, rule_chain

    sc = us_scenario(seed=1, n_orders=5)
    net = sc.network
    k = net.sku_index["SKU-001"]
    avail = np.zeros_like(net.available)
    avail[:, net.sku_index["SKU-002"]] = 5  # everywhere
    avail[net.warehouse_index["OAK4"], k] = 5  # California only: > 5,000 km from San Juan
    net = net.with_stock(avail, net.capacity_left)
    san_juan = LatLon(18.3985, -66.061)
    order = Order(
        "pr",
        (OrderLine("SKU-001", 1), OrderLine("SKU-002", 1)),
        san_juan,
        Promise(PromiseKind.STANDARD, standard_days=30),
        sc.orders[0].created_at,
    )
    problem = SourcingProblem(order, net, SourcingRules())
    for decide in (solve, nearest_with_stock, rule_chain):
        result = decide(problem)
        assert result.status == SourcingStatus.INFEASIBLE
        assert "no carrier reaches the customer" in result.reason and "SKU-001" in result.reason
