"""Travel matrices: agreement with geopy, benchmark rounding, providers, errors."""

import csv
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from logistics.domain import LatLon, Point
from logistics.errors import InvalidValueError
from logistics.matrices import (
    EuclideanProvider,
    GeodesicProvider,
    HaversineProvider,
    LambertProvider,
    MatrixProvider,
    PrecomputedProvider,
    Rounding,
    TravelMatrix,
    as_coordinates,
    euclidean_matrix,
    geodesic_distance,
    geodesic_matrix,
    haversine_matrix,
    lambert_matrix,
    round_distances,
    to_int_matrix,
)
from logistics.paths import datasets_root
from logistics.travel_time import SpeedProfile

DATA = datasets_root()


def _rio_points(limit: int = 60) -> list[LatLon]:
    pts = []
    for f in sorted((DATA / "loggibud_rj_samples" / "instances").glob("*.json")):
        d = json.loads(f.read_text())
        pts.append(LatLon(d["origin"]["lat"], d["origin"]["lng"]))
        pts += [LatLon(x["point"]["lat"], x["point"]["lng"]) for x in d["deliveries"]]
    # spread the sample over the whole file, keep distinct places
    step = max(1, len(pts) // limit)
    return list(dict.fromkeys(pts[::step]))[:limit]


def _us_cities() -> list[LatLon]:
    with open(DATA / "us_fulfillment_network" / "cities.csv") as fh:
        return [LatLon(float(r["Latitude"]), float(r["Longitude"])) for r in csv.DictReader(fh)]


def _rel_err(approx: np.ndarray, exact: np.ndarray) -> np.ndarray:
    mask = exact > 0
    return np.abs(approx[mask] - exact[mask]) / exact[mask]


# --- agreement with geopy -----------------------------------------------------------


@pytest.mark.parametrize("places", [_rio_points(), _us_cities()], ids=["rio", "us_cities"])
def test_haversine_and_lambert_agree_with_geopy(places):
    exact = geodesic_matrix(places)
    assert exact.shape == (len(places), len(places))
    hav = haversine_matrix(places)
    lam = lambert_matrix(places)
    assert _rel_err(hav, exact).max() < 0.005  # the 0.5% the design promises
    assert _rel_err(lam, exact).max() < 1e-4
    # the comparison is not trivially loose: the sphere is measurably off
    assert _rel_err(hav, exact).max() > 1e-3


def test_geodesic_matrix_matches_single_pair_and_known_distance():
    rio, sp = LatLon(-22.9068, -43.1729), LatLon(-23.5505, -46.6333)
    d = geodesic_distance(rio, sp)
    assert 355_000 < d < 362_000  # Rio - Sao Paulo straight line, about 358 km
    m = geodesic_matrix([rio, sp])
    assert m[0, 1] == pytest.approx(d)
    assert m[1, 0] == pytest.approx(d)
    assert haversine_matrix([rio, sp])[0, 1] == pytest.approx(d, rel=0.005)


def test_rectangular_matrices_match_square_ones():
    places = _rio_points(12)
    full = haversine_matrix(places)
    part = haversine_matrix(places[:3], places[3:])
    assert part.shape == (3, 9)
    np.testing.assert_allclose(part, full[:3, 3:], rtol=1e-12)
    geo = geodesic_matrix(places[:2], places[2:5])
    np.testing.assert_allclose(geo, geodesic_matrix(places)[:2, 2:5], rtol=1e-12)
    np.testing.assert_allclose(
        lambert_matrix(places[:4], places), lambert_matrix(places)[:4], rtol=1e-12
    )


@pytest.mark.parametrize("build", [haversine_matrix, lambert_matrix, euclidean_matrix])
def test_square_matrices_are_symmetric_with_zero_diagonal(build):
    rng = np.random.default_rng(3)
    pts = np.column_stack([rng.uniform(-23.0, -22.6, 300), rng.uniform(-43.7, -43.2, 300)])
    m = build(pts)
    assert m.dtype == np.float64
    assert np.array_equal(m, m.T)
    assert np.all(np.diag(m) == 0.0)
    assert np.all(m[~np.eye(300, dtype=bool)] > 0)


def test_block_computation_equals_single_block(monkeypatch):
    import logistics.matrices as mod

    rng = np.random.default_rng(5)
    pts = np.column_stack([rng.uniform(-23.0, -22.6, 70), rng.uniform(-43.7, -43.2, 70)])
    whole = haversine_matrix(pts)
    monkeypatch.setattr(mod, "_BLOCK_ELEMENTS", 100)  # forces 1-row blocks
    np.testing.assert_array_equal(haversine_matrix(pts), whole)


def test_nearby_places_keep_precision():
    a = LatLon(-22.9, -43.2)
    b = LatLon(-22.9 + 1e-5, -43.2)  # about 1.1 m north
    exact = geodesic_distance(a, b)
    assert haversine_matrix([a, b])[0, 1] == pytest.approx(exact, rel=0.005)
    assert lambert_matrix([a, b])[0, 1] == pytest.approx(exact, rel=1e-4)


# --- benchmark rounding conventions -------------------------------------------------


def _solomon_nodes(name: str) -> dict[int, tuple[float, float]]:
    text = (DATA / "solomon_vrptw_100" / "instances" / f"{name}.txt").read_text()
    nodes = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 7 and all(re.fullmatch(r"-?\d+(\.\d+)?", p) for p in parts):
            nodes[int(parts[0])] = (float(parts[1]), float(parts[2]))
    return nodes


def test_solomon_pair_under_each_convention():
    nodes = _solomon_nodes("C101")
    assert nodes[0] == (40.0, 50.0) and nodes[1] == (45.0, 68.0)
    pts = [Point(*nodes[0]), Point(*nodes[1])]
    assert euclidean_matrix(pts)[0, 1] == pytest.approx(math.sqrt(349))  # 18.6815...
    assert euclidean_matrix(pts, rounding="round")[0, 1] == 19.0
    assert euclidean_matrix(pts, rounding=Rounding.TRUNCATE_1DP)[0, 1] == 18.6
    truncated = euclidean_matrix(pts, rounding="truncate_1dp")
    assert to_int_matrix(truncated, 10).tolist() == [[0, 186], [186, 0]]


def test_truncation_is_exact_for_integer_lengths():
    # 3-4-5 triangle scaled: sqrt(0.09 + 0.16) style float traps do not apply to
    # integer coordinates; exact integer and .x lengths must not lose a tenth.
    pts = np.array([[0.0, 0.0], [3.0, 4.0], [6.0, 8.0], [0.0, 0.5]])
    m = euclidean_matrix(pts, rounding="truncate_1dp")
    assert m[0, 1] == 5.0 and m[0, 2] == 10.0 and m[0, 3] == 0.5
    np.testing.assert_array_equal(round_distances(euclidean_matrix(pts), "truncate_1dp"), m)


def _read_cvrplib(name: str):
    vrp = (DATA / "cvrplib_x" / "instances" / f"{name}.vrp").read_text().splitlines()
    coords, in_section = [], False
    for line in vrp:
        if line.startswith("NODE_COORD_SECTION"):
            in_section = True
            continue
        if in_section:
            parts = line.split()
            if len(parts) != 3:
                break
            coords.append((float(parts[1]), float(parts[2])))
    routes, cost = [], None
    for line in (DATA / "cvrplib_x" / "solutions" / f"{name}.sol").read_text().splitlines():
        if line.startswith("Route"):
            routes.append([int(x) for x in line.split(":")[1].split()])
        elif line.startswith("Cost"):
            cost = float(line.split()[1])
    return np.array(coords), routes, cost


def _tour_cost(m: np.ndarray, routes) -> float:
    total = 0.0
    for r in routes:
        path = [0, *r, 0]
        total += sum(m[a, b] for a, b in zip(path, path[1:], strict=False))
    return total


def test_cvrplib_bks_reproduces_with_nint_rounding():
    coords, routes, cost = _read_cvrplib("X-n101-k25")
    rounded = euclidean_matrix(coords, rounding="round")
    assert _tour_cost(rounded, routes) == cost == 27591
    assert _tour_cost(euclidean_matrix(coords), routes) != pytest.approx(cost, abs=0.5)
    ints = to_int_matrix(rounded)
    assert ints.dtype == np.int32 and int(_tour_cost(ints, routes)) == 27591


def test_gehring_homberger_bks_reproduces_in_full_precision():
    folder = DATA / "gehring_homberger_200"
    sol = next((folder / "bks_solutions").glob("c1_2_1.*.txt"))
    expected = float(sol.stem.split("_", 3)[-1].split("_", 1)[-1])
    assert expected == pytest.approx(2704.5678)
    text = (folder / "instances" / "c1_2_1.txt").read_text().splitlines()
    nodes = {}
    for line in text:
        parts = line.split()
        if len(parts) == 7 and all(re.fullmatch(r"-?\d+(\.\d+)?", p) for p in parts):
            nodes[int(parts[0])] = (float(parts[1]), float(parts[2]))
    coords = np.array([nodes[i] for i in range(len(nodes))])
    routes = [
        [int(x) for x in line.split(":")[1].split()]
        for line in sol.read_text().splitlines()
        if line.startswith("Route")
    ]
    assert _tour_cost(euclidean_matrix(coords), routes) == pytest.approx(expected, abs=0.01)


# --- integer scaling -----------------------------------------------------------------


def test_to_int_matrix_rounding_modes_and_dtype():
    m = np.array([[0.0, 1.25], [2.5, 3.75]])
    assert to_int_matrix(m).tolist() == [[0, 1], [3, 4]]
    assert to_int_matrix(m, rounding="floor").tolist() == [[0, 1], [2, 3]]
    assert to_int_matrix(m, rounding="ceil").tolist() == [[0, 2], [3, 4]]
    assert to_int_matrix(m, 100).tolist() == [[0, 125], [250, 375]]
    assert to_int_matrix(m).dtype == np.int32
    assert to_int_matrix(m, dtype=np.int64).dtype == np.int64
    assert to_int_matrix(np.array([[3e9]])).dtype == np.int64


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        (dict(matrix=[[0.0, -1.0]]), "matrix[0, 1]"),
        (dict(matrix=[[0.0, float("nan")]]), "matrix[0, 1]"),
        (dict(matrix=[[1.0]], scale=0), "scale"),
        (dict(matrix=[[1.0]], rounding="banker"), "rounding"),
        (dict(matrix=[[3e9]], dtype=np.int32), "scale"),
        (dict(matrix=[[1.0]], dtype=np.float32), "dtype"),
        # numpy's ValueError / TypeError before, naming nothing
        (dict(matrix=[["a"]]), "matrix"),
        (dict(matrix=[[1.0]], dtype="junk"), "dtype"),
    ],
)
def test_to_int_matrix_errors_name_the_field(kwargs, field):
    with pytest.raises(InvalidValueError) as info:
        to_int_matrix(**kwargs)
    assert info.value.field.replace(" ", "") == field.replace(" ", "")


# --- input handling ------------------------------------------------------------------


def test_accepts_domain_objects_and_arrays_alike():
    places = _rio_points(5)
    arr = np.array([(p.lat, p.lon) for p in places])
    np.testing.assert_array_equal(haversine_matrix(places), haversine_matrix(arr))
    coords, kind = as_coordinates([Point(1, 2), Point(3, 4)])
    assert kind == "planar" and coords.tolist() == [[1, 2], [3, 4]]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: haversine_matrix([]), "points"),
        (lambda: haversine_matrix(np.empty((0, 2))), "points"),
        (lambda: haversine_matrix([LatLon(0, 0), Point(1, 1)]), "points[1]"),
        (lambda: haversine_matrix([LatLon(0, 0)], [Point(1, 1)]), "destinations[0]"),
        (lambda: haversine_matrix([Point(0, 0)]), "points[0]"),
        (lambda: euclidean_matrix([LatLon(0, 0)]), "points[0]"),
        (lambda: haversine_matrix([(0.0, 0.0)]), "points[0]"),
        (lambda: haversine_matrix("abc"), "points"),
        (lambda: haversine_matrix(np.zeros((3, 3))), "points"),
        (lambda: haversine_matrix(np.array([[0.0, 0.0], [95.0, 0.0]])), "points[1]"),
        (
            lambda: haversine_matrix(np.array([[0.0, 0.0]]), np.array([[0, 200.0]])),
            "destinations[0]",
        ),
        (lambda: euclidean_matrix(np.array([[0.0, np.nan]])), "points[0]"),
        (lambda: euclidean_matrix([Point(0, 0)], rounding="ceil"), "rounding"),
        (lambda: geodesic_distance(LatLon(0, 0), Point(0, 0)), "b"),
        (lambda: geodesic_matrix([LatLon(0, 0)], []), "destinations"),
        # numpy's ValueError before: "could not convert string to float"
        (lambda: HaversineProvider().build([LatLon(0, 0)], departure_s="08:00"), "departure_s"),
        (lambda: PrecomputedProvider([LatLon(0, 0)], [["x"]]), "distance_m"),
    ],
)
def test_bad_input_names_the_field(call, field):
    with pytest.raises(InvalidValueError) as info:
        call()
    assert info.value.field == field


# --- providers -----------------------------------------------------------------------


def test_providers_share_one_base_class_and_apply_road_factor():
    places = _rio_points(6)
    base = haversine_matrix(places)
    for provider in (HaversineProvider(), LambertProvider(), GeodesicProvider()):
        assert isinstance(provider, MatrixProvider)
        np.testing.assert_allclose(provider.distances(places), base * 1.3, rtol=0.005)
    np.testing.assert_allclose(HaversineProvider(road_factor=1.0).distances(places), base)


def test_provider_durations_follow_speed_profile():
    places = _rio_points(4)
    prof = SpeedProfile.from_hours(36.0, {8: 18.0})  # 10 m/s, 5 m/s at 08:00-09:00
    p = HaversineProvider(road_factor=1.0, speed_profile=prof)
    dist = p.distances(places)
    night = p.durations(places, departure_s=2 * 3600)
    np.testing.assert_allclose(night, dist / 10.0)
    # short trips leaving at 08:00 stay inside the slow hour
    peak = p.durations(places, departure_s=8 * 3600)
    short = dist < 5 * 3600 * 0.9
    np.testing.assert_allclose(peak[short], dist[short] / 5.0)
    tm = p.build(places, departure_s=8 * 3600)
    assert isinstance(tm, TravelMatrix)
    assert tm.distance_m.dtype == np.int64 and tm.duration_s.dtype == np.int64
    assert np.abs(tm.duration_s - peak).max() <= 0.5
    assert tm.departure_s == 8 * 3600


def test_euclidean_provider_is_unit_speed_and_rounds():
    pts = [Point(40, 50), Point(45, 68)]
    p = EuclideanProvider(rounding="truncate_1dp")
    assert p.distances(pts)[0, 1] == 18.6
    assert p.durations(pts)[0, 1] == pytest.approx(18.6)
    assert p.build(pts).distance_m[0, 1] == 19  # int meters, rounded half up


def test_precomputed_provider_looks_places_up_by_value():
    places = [LatLon(0, 0), LatLon(0, 1), LatLon(1, 1)]
    dist = [[0, 10, 20], [11, 0, 30], [21, 31, 0]]
    dur = [[0, 1, 2], [3, 0, 4], [5, 6, 0]]
    p = PrecomputedProvider(places, dist, dur)
    sub = p.distances([places[2], places[0]])
    assert sub.tolist() == [[0, 21], [20, 0]]
    assert p.durations([places[1]], [places[0], places[2]]).tolist() == [[3, 4]]
    built = p.build(places)
    assert built.distance_m.tolist() == dist and built.duration_s.tolist() == dur
    with pytest.raises(InvalidValueError) as info:
        p.distances([places[0], LatLon(5, 5)])
    assert info.value.field == "points[1]"
    with pytest.raises(InvalidValueError) as info:
        PrecomputedProvider(places, [[0, 1], [1, 0]])
    assert info.value.field == "distance_m"
    # durations derived from the speed profile when not supplied
    p2 = PrecomputedProvider(places, dist, speed_profile=SpeedProfile.constant(36.0))
    assert p2.durations(places)[0, 1] == pytest.approx(1.0)


@pytest.mark.parametrize("factor", [0.9, float("inf"), True, "1.3"])
def test_bad_road_factor(factor):
    with pytest.raises(InvalidValueError) as info:
        HaversineProvider(road_factor=factor)
    assert info.value.field == "road_factor"


def test_travel_matrix_shapes_must_match():
    with pytest.raises(InvalidValueError) as info:
        TravelMatrix(np.zeros((2, 2)), np.zeros((2, 3)))
    assert info.value.field == "duration_s"


def test_data_files_exist():
    assert Path(DATA / "loggibud_rj_samples").is_dir()
    assert len(_rio_points()) == 60 and len(_us_cities()) == 99
