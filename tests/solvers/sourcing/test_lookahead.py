"""Stock prices from transportation-LP duals (Acimovic & Graves 2015)."""

import numpy as np
import pytest

from logistics.domain import Promise, PromiseKind
from logistics.errors import InvalidValueError
from logistics.sourcing_scenario import us_scenario
from solvers.sourcing import StockPrices, price_stock, unit_costs


def test_scarce_stock_near_demand_gets_the_price_of_the_detour():
    # Two sites, two regions. Site A is cheap for region 0 (1) and dear for 1 (9);
    # site B the other way round (8 / 2). Region 0 wants 10 units, A holds 6.
    cost = np.array([[1.0, 9.0], [8.0, 2.0]])
    demand = np.array([[10.0], [3.0]])
    prices = price_stock(
        np.array([[6], [100]]), cost, demand, np.array([50.0, 50.0]), ["A", "B"], ["k"]
    )
    # A's last unit saves region 0 a unit from B: 8 - 1 = 7; B is plentiful: 0.
    assert prices.cents.tolist() == [[7], [0]]
    # With little demand nothing is scarce.
    idle = price_stock(
        np.array([[6], [100]]), cost, demand / 10, np.array([50.0, 50.0]), ["A", "B"], ["k"]
    )
    assert idle.cents.tolist() == [[0], [0]]


def test_stock_short_everywhere_is_priced_at_the_lost_sale():
    cost = np.array([[1.0], [3.0]])
    prices = price_stock(np.array([[1], [1]]), cost, np.array([[5.0]]), np.array([40.0]), "AB", "k")
    assert prices.cents.tolist() == [[39], [37]]


def test_prices_align_by_id():
    p = StockPrices(("A", "B"), ("x", "y"), np.array([[1, 2], [3, 4]]))
    assert p.aligned(["B", "C"], ["y", "x"]).tolist() == [[4, 3], [0, 0]]
    with pytest.raises(InvalidValueError):
        StockPrices(("A",), ("x",), np.array([[-1]]))


def test_unit_costs_shape_and_promise_penalty():
    sc = us_scenario(seed=1, n_orders=10)
    cities = sc.us.cities[:3]
    mix = [(Promise(PromiseKind.STANDARD), 1.0)]
    base = unit_costs(
        sc.network, [c.location for c in cities], [c.utc_offset_s for c in cities], mix, 0
    )
    assert base.shape == (20, 3, len(sc.network.skus))
    assert np.isfinite(base).all() and (base > 0).all()
    fast = [(Promise(PromiseKind.SAME_CITY, hours=4), 1.0)]
    with_miss = unit_costs(
        sc.network, [c.location for c in cities], [c.utc_offset_s for c in cities], fast, 10_000
    )
    # Far fulfillment centres cannot deliver within 4 hours: they carry the penalty.
    assert (with_miss[:10] >= 10_000).any()
