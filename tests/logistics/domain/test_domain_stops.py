import dataclasses

import pytest

from logistics.domain import LatLon, PickupDelivery, Point, Stop, TimeWindow
from logistics.errors import InvalidValueError

RIO = LatLon(-22.9, -43.2)


def test_valid_stops():
    s = Stop(
        "s1",
        RIO,
        delivery=(5, 20, 1),
        pickup=(0, 0, 0),
        service_s=300,
        time_windows=(TimeWindow(9 * 3600, 12 * 3600), TimeWindow(14 * 3600, 18 * 3600)),
        soft_windows=True,
        lateness_cost_per_s=2,
        priority=80,
        penalty=10_000,
        skills=frozenset({"fridge"}),
    )
    assert s.priority == 80 and len(s.time_windows) == 2
    assert Stop("p", Point(1, 2)).delivery == (0,)
    assert TimeWindow(5, 5).end == 5


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        (dict(start=-1, end=5), "start", -1),
        (dict(start=0, end=1.5), "end", 1.5),
        (dict(start=10, end=5), "end", 5),
    ],
)
def test_bad_time_window(kwargs, field, value):
    with pytest.raises(InvalidValueError) as info:
        TimeWindow(**kwargs)
    assert (info.value.field, info.value.value) == (field, value)


W = TimeWindow(0, 100)


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        (dict(id=""), "id", ""),
        (dict(location={"lat": 1, "lon": 2}), "location", {"lat": 1, "lon": 2}),
        (dict(delivery=[1]), "delivery", [1]),
        (dict(delivery=(), pickup=()), "delivery", ()),
        (dict(delivery=(1, -1), pickup=(0, 0)), "delivery[1]", -1),
        (dict(delivery=(1, 2), pickup=(0,)), "pickup", (0,)),
        (dict(service_s=-1), "service_s", -1),
        (dict(lateness_cost_per_s=-1), "lateness_cost_per_s", -1),
        (dict(priority=101), "priority", 101),
        (dict(priority=-1), "priority", -1),
        (dict(penalty=-1), "penalty", -1),
        (dict(soft_windows="yes"), "soft_windows", "yes"),
        (dict(time_windows=[W]), "time_windows", [W]),
        (dict(time_windows=((0, 10),)), "time_windows[0]", (0, 10)),
        (dict(time_windows=(W, TimeWindow(50, 200))), "time_windows", (W, TimeWindow(50, 200))),
        (dict(skills={"a"}), "skills", {"a"}),
        (dict(skills=frozenset({1})), "skills", 1),
    ],
)
def test_bad_stop(kwargs, field, value):
    base = {"id": "s1", "location": RIO, **kwargs}
    with pytest.raises(InvalidValueError) as info:
        Stop(**base)
    assert (info.value.field, info.value.value) == (field, value)


def test_pickup_delivery_pair():
    assert PickupDelivery("p1", "d1").delivery_id == "d1"
    with pytest.raises(InvalidValueError) as info:
        PickupDelivery("p1", "p1")
    assert (info.value.field, info.value.value) == ("delivery_id", "p1")
    with pytest.raises(InvalidValueError) as info:
        PickupDelivery("", "d1")
    assert info.value.field == "pickup_id"


def test_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Stop("s", RIO).service_s = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        W.start = 1  # type: ignore[misc]
