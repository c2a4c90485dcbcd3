"""Road factor, hourly speed profiles and time-dependent travel times."""

import numpy as np
import pytest

from logistics.errors import InvalidValueError
from logistics.travel_time import (
    SpeedProfile,
    TimeDependentTravelTimes,
    apply_road_factor,
    travel_time_matrix,
)

H = 3600


def test_constant_profile_is_distance_over_speed():
    p = SpeedProfile.constant(36.0)  # 10 m/s
    assert p.travel_time_s(1_000.0, 0) == pytest.approx(100.0)
    assert p.speed_kmh_at(13 * H) == 36.0
    assert p.mean_speed_kmh == 36.0


def test_trip_crossing_an_hour_boundary_is_integrated():
    # 36 km/h (10 m/s) until 08:00, then 18 km/h (5 m/s)
    p = SpeedProfile.from_hours(36.0, {8: 18.0})
    # leave 07:50: 600 s at 10 m/s = 6 km, the remaining 4 km at 5 m/s = 800 s
    assert p.travel_time_s(10_000.0, 7 * H + 50 * 60) == pytest.approx(1_400.0)
    # leave 08:50: 600 s at 5 m/s = 3 km, the remaining 7 km at 10 m/s = 700 s
    assert p.travel_time_s(10_000.0, 8 * H + 50 * 60) == pytest.approx(1_300.0)
    # a long trip through the whole slow hour
    assert p.travel_time_s(100_000.0, 7 * H) == pytest.approx(3600 + 3600 + (100_000 - 54_000) / 10)


def test_fifo_leaving_later_never_arrives_earlier():
    p = SpeedProfile.urban_congested()
    deps = np.arange(0, 2 * 86_400, 137.0)
    arrivals = deps + p.travel_time_s(np.full_like(deps, 12_345.0), deps)
    assert np.all(np.diff(arrivals) >= -1e-6)


def test_departures_wrap_around_midnight():
    p = SpeedProfile.from_hours(30.0, {23: 15.0, 0: 60.0})
    same = p.travel_time_s(5_000.0, 23 * H)
    assert p.travel_time_s(5_000.0, 86_400 + 23 * H) == pytest.approx(same)
    # 23:50 at 15 km/h for 600 s = 2.5 km, then 2.5 km at 60 km/h = 150 s
    assert p.travel_time_s(5_000.0, 23 * H + 50 * 60) == pytest.approx(750.0)


def test_vectorised_equals_scalar():
    p = SpeedProfile.urban_congested(45.0)
    d = np.array([[0.0, 2_500.0], [40_000.0, 7.0]])
    t = np.array([[0.0, 7.5 * H], [16.9 * H, 23.99 * H]])
    out = p.travel_time_s(d, t)
    for idx in np.ndindex(d.shape):
        assert out[idx] == pytest.approx(p.travel_time_s(float(d[idx]), float(t[idx])))
    assert out[0, 0] == 0.0


def test_urban_profile_shape():
    p = SpeedProfile.urban_congested(40.0)
    assert p.speed_kmh_at(3 * H) == 40.0
    assert p.speed_kmh_at(8 * H) < p.speed_kmh_at(12 * H) < p.speed_kmh_at(22 * H)
    assert len(p.speeds_kmh) == 24


def test_road_factor():
    np.testing.assert_allclose(apply_road_factor([[0, 1000]], 1.3), [[0, 1300]])
    for bad in (0.5, float("nan"), "x"):
        with pytest.raises(InvalidValueError) as info:
            apply_road_factor([1.0], bad)
        assert info.value.field == "road_factor"


def test_travel_time_matrix_time_independent_uses_mean_speed():
    p = SpeedProfile.from_hours(36.0, {h: 18.0 for h in range(12)})  # mean 27 km/h
    m = travel_time_matrix(np.array([[0.0, 27_000.0]]), p)
    assert m[0, 1] == pytest.approx(3600.0)
    assert travel_time_matrix(np.array([[0.0, 18_000.0]]), p, 3 * H)[0, 1] == pytest.approx(3600)


def test_time_dependent_lookup():
    d = np.array([[0.0, 10_000.0], [12_000.0, 0.0]])
    tt = TimeDependentTravelTimes(d, SpeedProfile.from_hours(40.0, {8: 20.0}))
    assert tt.duration(0, 1, 8 * H) == pytest.approx(1_800.0)
    assert tt.duration(1, 0, 3 * H) == pytest.approx(1_080.0)
    np.testing.assert_allclose(tt.at(8 * H), [[0, 1800], [2160, 0]])
    slices = tt.slices([3 * H, 8 * H])
    assert slices.shape == (2, 2, 2) and slices.dtype == np.int64
    assert slices[:, 0, 1].tolist() == [900, 1800]


@pytest.mark.parametrize(
    ("speeds", "field"),
    [
        ((30.0,) * 23, "speeds_kmh"),
        ([30.0] * 24, "speeds_kmh"),
        ((30.0,) * 23 + (0.0,), "speeds_kmh[23]"),
        ((float("inf"),) + (30.0,) * 23, "speeds_kmh[0]"),
        ((True,) + (30.0,) * 23, "speeds_kmh[0]"),
    ],
)
def test_bad_profiles_name_the_field(speeds, field):
    with pytest.raises(InvalidValueError) as info:
        SpeedProfile(speeds)
    assert info.value.field == field


def test_bad_travel_inputs():
    p = SpeedProfile.constant(30)
    with pytest.raises(InvalidValueError) as info:
        p.travel_time_s(-1.0, 0)
    assert info.value.field == "distance_m"
    with pytest.raises(InvalidValueError) as info:
        p.travel_time_s(1.0, float("nan"))
    assert info.value.field == "departure_s"
    with pytest.raises(InvalidValueError) as info:
        SpeedProfile.from_hours(30, {24: 10})
    assert info.value.field == "by_hour"
    with pytest.raises(InvalidValueError) as info:
        TimeDependentTravelTimes(np.zeros(3), p)
    assert info.value.field == "distance_m"
    with pytest.raises(InvalidValueError) as info:
        travel_time_matrix(np.zeros((2, 2)), "fast")
    assert info.value.field == "profile"
    with pytest.raises(AttributeError):
        p.speeds_kmh = (1.0,) * 24  # frozen


@pytest.mark.parametrize(
    ("call", "field", "value"),
    [
        # a time-independent matrix and the road factor took these silently (-1.3 m, -0.12 s)
        (
            lambda: travel_time_matrix(np.array([[0.0, -1.0]]), SpeedProfile.constant(30)),
            "distance_m",
            -1.0,
        ),
        (lambda: travel_time_matrix([float("nan")], SpeedProfile.constant(30)), "distance_m", None),
        (lambda: apply_road_factor([5.0, -1.0], 1.3), "distance_m", -1.0),
        # a ValueError from float() and from int(nan), naming nothing
        (lambda: SpeedProfile.urban_congested("fast"), "free_flow_kmh", "fast"),
        (lambda: SpeedProfile.urban_congested(0), "free_flow_kmh", 0),
        (lambda: SpeedProfile.constant(30).speed_kmh_at(float("nan")), "t_s", None),
        (lambda: SpeedProfile.urban_congested().travel_time_s(100, "08:00"), "departure_s", None),
        (
            lambda: TimeDependentTravelTimes([["0", "x"]], SpeedProfile.constant(30)),
            "distance_m",
            None,
        ),
    ],
)
def test_bad_distances_speeds_and_times_name_the_field(call, field, value):
    with pytest.raises(InvalidValueError) as info:
        call()
    assert info.value.field == field
    if value is not None:
        assert info.value.value == value


def test_one_departure_fast_path_equals_per_element_path():
    p = SpeedProfile.urban_congested(42.0)
    rng = np.random.default_rng(2)
    d = rng.uniform(0, 300_000, (40, 50))
    d[0, :5] = [0.0, 1.0, 36_000.0, 7_000.5, 299_999.0]
    for dep in (0.0, 7 * H + 59 * 60 + 59, 17.5 * H, 86_399.0):
        fast = p.travel_time_s(d, dep)  # scalar departure: cumulative-distance inversion
        slow = p.travel_time_s(d, np.full_like(d, dep))  # per-element hour stepping
        np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=1e-9)
