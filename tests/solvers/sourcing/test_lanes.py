"""order_lanes builds exactly the lanes lane_for gives, over all sites or a subset."""

from __future__ import annotations

import pytest
from sourcing_cases import random_problem

from logistics.domain.sourcing import SourcingProblem
from logistics.sourcing_scenario import us_scenario
from solvers.sourcing.lanes import Lane, lane_for, order_lanes


def reference_lanes(problem, sites=None):
    net = problem.network
    out = []
    for w in range(len(net.warehouses)) if sites is None else sites:
        if net.warehouses[w].id in problem.rules.excluded_warehouse_ids:
            continue
        for c in range(len(net.carriers)):
            ln = lane_for(problem, w, c)
            if ln is not None:
                out.append(ln)
    return out


@pytest.mark.parametrize("seed", range(60))
def test_order_lanes_equal_lane_for(seed):
    problem = random_problem(seed, n_sites=3 + seed % 5, n_lines=1 + seed % 4)
    assert order_lanes(problem) == reference_lanes(problem)
    sites = [w for w in range(len(problem.network.warehouses)) if (w + seed) % 2]
    assert order_lanes(problem, sites) == reference_lanes(problem, sites)


def test_order_lanes_us_network_pickup_and_later_decisions():
    sc = us_scenario(seed=5, n_orders=40)
    for i, order in enumerate(sc.orders):
        problem = SourcingProblem(
            order,
            sc.network,
            sc.rules,
            now=order.created_at + 3000 * (i % 7),
            accept_pickup_point=bool(i % 2),
        )
        assert order_lanes(problem) == reference_lanes(problem)


def test_lane_is_a_named_tuple_with_price():
    ln = Lane(0, 1, 5_000, 650, 40, 2_000, 10, 20, True)
    assert ln.via is None
    assert ln.price(1_001) == 650 + 2 * 40
    assert ln.price(2_001) is None
    assert ln._replace(max_weight_g=0).price(2_001) == 650 + 3 * 40
