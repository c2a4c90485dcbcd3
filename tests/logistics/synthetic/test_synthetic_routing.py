import numpy as np
import pytest

from logistics.domain import PromiseKind, RoutingProblem
from logistics.errors import InvalidValueError
from logistics.matrices import EuclideanProvider, haversine_matrix
from logistics.synthetic import delivery_problem, generate_day, nearest_warehouse_orders
from logistics.synthetic.routing import PROMISE_PENALTY, UNITS


@pytest.fixture(scope="module")
def day():
    return generate_day(seed=4, n_orders=300)


def test_nearest_warehouse_split_covers_every_order_once(day):
    parts = [nearest_warehouse_orders(day, w.id) for w in day.warehouses]
    ids = [o.id for part in parts for o in part]
    assert sorted(ids) == sorted(o.id for o in day.orders)
    for w, part in zip(day.warehouses, parts, strict=True):
        for o in part[:5]:
            d = haversine_matrix([o.ship_to], [x.location for x in day.warehouses])[0]
            assert day.warehouses[int(np.argmin(d))].id == w.id


def test_delivery_problem_for_a_forward_warehouse(day):
    p = delivery_problem(day, "FWD-MEIER")
    assert isinstance(p, RoutingProblem)
    orders = nearest_warehouse_orders(day, "FWD-MEIER")
    assert [s.id for s in p.stops] == [o.id for o in orders]
    assert p.units == UNITS and p.depots[0].id == "FWD-MEIER"
    assert {v.start_depot for v in p.vehicles} == {"FWD-MEIER"}
    n = 1 + len(orders)
    assert p.distance.shape == (n, n) and p.distance.dtype == np.int64
    assert p.duration.shape == (n, n) and (np.diag(p.duration) == 0).all()
    # road distances are longer than straight lines; city legs are a few km
    straight = haversine_matrix([p.depots[0].location, *(s.location for s in p.stops)])
    assert (p.distance[0, 1:] >= straight[0, 1:]).all()
    for o, s in zip(orders, p.stops, strict=True):
        assert s.delivery == day.order_load(o)
        assert s.penalty == PROMISE_PENALTY[o.promise.kind][0]
        if o.promise.kind == PromiseKind.SAME_CITY:
            (w,) = s.time_windows
            assert w.end - w.start == o.promise.hours * 3600 - 1800
        else:
            assert s.time_windows == ()


def test_explicit_orders_and_errors(day):
    some = day.orders[:5]
    p = delivery_problem(day, "FC-NORTE", some)
    assert [s.id for s in p.stops] == [o.id for o in some]
    with pytest.raises(InvalidValueError) as info:
        delivery_problem(day, "FC-NOWHERE")
    assert info.value.field == "warehouse_id"
    with pytest.raises(InvalidValueError) as info:
        delivery_problem(day, "FC-NORTE", [some[0], some[0]])
    assert info.value.field == "orders[1]"
    other = generate_day(seed=99, n_orders=300).orders[0]  # same id, another day
    assert other.id == day.orders[0].id and other != day.orders[0]
    with pytest.raises(InvalidValueError) as info:
        delivery_problem(day, "FC-NORTE", [other])
    assert info.value.field == "orders[0]"
    with pytest.raises(InvalidValueError):
        delivery_problem(day, "FC-NORTE", some, provider=EuclideanProvider())
