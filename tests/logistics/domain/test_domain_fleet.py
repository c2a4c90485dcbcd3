import dataclasses

import pytest

from logistics.domain import Break, TimeWindow, Vehicle, VehicleType
from logistics.errors import InvalidValueError

H = 3600
VAN = VehicleType("van", (650, 3200, 70), fixed_cost=18_000, cost_per_km=75, cost_per_hour=2500)
SHIFT = TimeWindow(8 * H, 18 * H)
LUNCH = Break(TimeWindow(11 * H, 14 * H), 1800)


def test_valid_fleet():
    v = Vehicle("v1", VAN, "FC1", "FC1", shift=SHIFT, breaks=(LUNCH,))
    assert v.type.capacity == (650, 3200, 70)
    assert Vehicle("v2", VAN, "FC1", None).end_depot is None  # open route
    bike = VehicleType("bike", (25,), speed_factor=0.85, skills=frozenset({"helmet"}))
    assert bike.max_duration_s is None


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        (dict(id=""), "id", ""),
        (dict(capacity=()), "capacity", ()),
        (dict(capacity=[10]), "capacity", [10]),
        (dict(capacity=(10, -1)), "capacity[1]", -1),
        (dict(fixed_cost=-1), "fixed_cost", -1),
        (dict(cost_per_km=1.5), "cost_per_km", 1.5),
        (dict(cost_per_hour=-1), "cost_per_hour", -1),
        (dict(co2_g_per_km=-1), "co2_g_per_km", -1),
        (dict(speed_factor=0), "speed_factor", 0),
        (dict(speed_factor=float("inf")), "speed_factor", float("inf")),
        (dict(speed_factor=True), "speed_factor", True),
        (dict(skills={"a"}), "skills", {"a"}),
        (dict(max_duration_s=0), "max_duration_s", 0),
        (dict(max_distance_m=-5), "max_distance_m", -5),
    ],
)
def test_bad_vehicle_type(kwargs, field, value):
    base = {"id": "van", "capacity": (10,), **kwargs}
    with pytest.raises(InvalidValueError) as info:
        VehicleType(**base)
    assert (info.value.field, info.value.value) == (field, value)


def test_bad_break():
    with pytest.raises(InvalidValueError) as info:
        Break(TimeWindow(0, 10), 0)
    assert (info.value.field, info.value.value) == ("duration_s", 0)
    with pytest.raises(InvalidValueError) as info:
        Break((0, 10), 5)
    assert (info.value.field, info.value.value) == ("window", (0, 10))


LATE = TimeWindow(19 * H, 20 * H)
EARLY = TimeWindow(6 * H, 7 * H)
TOO_LATE = TimeWindow(17 * H + 50 * 60, 19 * H)


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        (dict(id=""), "id", ""),
        (dict(type="van"), "type", "van"),
        (dict(start_depot=""), "start_depot", ""),
        (dict(end_depot=""), "end_depot", ""),
        (dict(shift=(0, 10)), "shift", (0, 10)),
        (dict(breaks=[LUNCH]), "breaks", [LUNCH]),
        (dict(breaks=((0, 10),)), "breaks[0]", (0, 10)),
        (dict(breaks=(Break(LATE, 1800),)), "breaks[0].window", LATE),
        (dict(breaks=(Break(EARLY, 1800),)), "breaks[0].window", EARLY),
        # starts inside the shift but cannot end before the shift does
        (dict(breaks=(Break(TOO_LATE, 1800),)), "breaks[0].window", TOO_LATE),
        # longer than the whole shift: its duration is wrong, not its window
        (dict(breaks=(Break(LUNCH.window, 100_000),)), "breaks[0].duration_s", 100_000),
        # a shift that ends when it starts leaves no time for any break
        (
            dict(shift=TimeWindow(8 * H, 8 * H), breaks=(LUNCH,)),
            "shift",
            TimeWindow(8 * H, 8 * H),
        ),
    ],
)
def test_bad_vehicle(kwargs, field, value):
    base = {"id": "v1", "type": VAN, "start_depot": "FC1", "end_depot": "FC1", "shift": SHIFT}
    with pytest.raises(InvalidValueError) as info:
        Vehicle(**{**base, **kwargs})
    assert (info.value.field, info.value.value) == (field, value)


def test_break_overlapping_shift_start_is_fine():
    # window opens before the shift; the break can still start at 08:00
    v = Vehicle("v", VAN, "d", "d", shift=SHIFT, breaks=(Break(TimeWindow(7 * H, 9 * H), 1800),))
    assert v.breaks[0].duration_s == 1800


def test_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        VAN.capacity = (1,)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Vehicle("v", VAN, "d", "d").start_depot = "x"  # type: ignore[misc]


def test_breaks_that_add_up_to_more_than_the_shift_blame_the_one_that_overflows():
    # each fits the 10 h shift alone; together (12 h) no driver can take them: the
    # vehicle used to be accepted and then left every stop unassigned as "time_window"
    day = TimeWindow(8 * H, 18 * H)
    six_hours = Break(day, 6 * H)
    with pytest.raises(InvalidValueError) as e:
        Vehicle("v1", VAN, "FC1", "FC1", shift=SHIFT, breaks=(six_hours, six_hours))
    assert (e.value.field, e.value.value) == ("breaks[1].duration_s", 6 * H)
    assert e.value.reason == "the breaks add up to 43200 s, longer than the shift (36000 s)"


def test_breaks_that_cannot_be_taken_one_after_another_are_rejected():
    # both must start between 12:00 and 12:30 and last an hour: they would overlap
    noon = Break(TimeWindow(12 * H, 12 * H + 1800), H)
    with pytest.raises(InvalidValueError) as e:
        Vehicle("v1", VAN, "FC1", "FC1", shift=SHIFT, breaks=(noon, noon))
    assert e.value.field == "breaks"
    assert e.value.reason == "the breaks cannot be taken one after another within the shift"


def test_breaks_that_fit_in_one_order_only_are_fine():
    # the later-listed break must be taken first
    late = Break(TimeWindow(10 * H, 13 * H), H)
    early = Break(TimeWindow(10 * H, 10 * H), 1800)
    v = Vehicle("v1", VAN, "FC1", "FC1", shift=SHIFT, breaks=(late, early))
    assert v.breaks == (late, early)
