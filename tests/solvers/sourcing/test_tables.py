"""The vectorised subset table equals a straightforward per-site, per-lane, per-subset loop."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sourcing_cases import random_problem

from logistics.domain.sourcing import haversine_m
from solvers.sourcing.feasibility import order_view
from solvers.sourcing.lanes import order_lanes
from solvers.sourcing.subsets import DIST_SCALE, INF, site_distances_m, subset_table


def reference_key(problem, view, lanes, unit_prices, distance):
    net = problem.network
    n_g = view.n_groups
    key = np.full((len(net.warehouses), 1 << n_g), INF, dtype=np.int64)
    qty = [ln.quantity for ln in problem.order.lines]
    for w, site in enumerate(net.warehouses):
        mask = int(view.stock_mask[w])
        for s in range(1, 1 << n_g):
            if s & ~mask:
                continue
            units = [g for g in range(n_g) if s >> g & 1]
            weight = sum(int(view.group_weight_g[g]) for g in units)
            prices = [
                ln.base_cents + ln.per_kg_cents * math.ceil(weight / 1000)
                for ln in lanes
                if ln.warehouse == w
                and ln.on_time
                and not (ln.max_weight_g and weight > ln.max_weight_g)
            ]
            if not prices:
                continue
            n_units = sum(int(view.group_units[g]) for g in units)
            total = (
                min(prices) + site.handling_cost_per_order + site.handling_cost_per_unit * n_units
            )
            if unit_prices is not None:
                total += sum(int(unit_prices[w, i]) * qty[i] for g in units for i in view.groups[g])
            key[w, s] = total * DIST_SCALE + int(distance[w])
    return key


@pytest.mark.parametrize("seed", range(80))
def test_subset_table_equals_reference(seed):
    problem = random_problem(seed, n_sites=2 + seed % 7, n_lines=1 + seed % 6)
    view = order_view(problem)
    lanes = order_lanes(problem)
    rng = np.random.default_rng(seed)
    net = problem.network
    prices = None
    if seed % 2:
        prices = rng.integers(0, 500, (len(net.warehouses), len(problem.order.lines)))
    table = subset_table(problem, view, lanes, prices)
    distance = site_distances_m(problem)
    assert np.array_equal(table.key, reference_key(problem, view, lanes, prices, distance))
    assert np.array_equal(table.distance_m, distance)
    # lanes in any order (not site-major) price the same
    shuffled = [lanes[i] for i in rng.permutation(len(lanes))]
    assert np.array_equal(subset_table(problem, view, shuffled, prices).key, table.key)


@pytest.mark.parametrize("seed", range(20))
def test_site_distances_within_a_meter_of_haversine_m(seed):
    problem = random_problem(seed)
    want = [haversine_m(w.location, problem.order.ship_to) for w in problem.network.warehouses]
    assert np.abs(site_distances_m(problem) - np.array(want)).max() <= 1
