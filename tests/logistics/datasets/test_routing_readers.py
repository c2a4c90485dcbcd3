"""Routing benchmark readers: every file of every set parses, known values, error paths."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from logistics.datasets.catalog import instance_files
from logistics.datasets.cvrplib import read_cvrplib, read_cvrplib_solution
from logistics.datasets.lilim import read_lilim
from logistics.datasets.loggi import haversine_matrix_m, read_loggi
from logistics.datasets.routing_instance import euclidean_matrices
from logistics.datasets.vrptw import read_homberger, read_solomon, read_vrptw
from logistics.errors import DatasetFormatError
from tests.sintef_routes import sintef_bks_routes


def _route_cost(matrix: np.ndarray, index: dict[str, int], routes: list[list[str]]) -> int:
    total = 0
    for r in routes:
        seq = [0] + [index[s] for s in r] + [0]
        total += int(sum(matrix[a, b] for a, b in zip(seq, seq[1:], strict=False)))
    return total


# ---------------------------------------------------------------- Solomon / Homberger


def test_every_solomon_file_parses_with_dimacs_bks():
    files = instance_files("solomon_vrptw_100")
    assert len(files) == 56
    with_bks = 0
    for f in files:
        inst = read_solomon(f)
        p = inst.problem
        assert len(p.stops) == 100 and len(p.vehicles) == 25
        assert p.distance_scale == 10 and p.objective.per_vehicle == 0
        with_bks += inst.bks is not None
    # C204 has no DIMACS-truncated BKS (the LKH-3 copy is a different instance).
    assert with_bks == 55


def test_solomon_known_values_c101():
    inst = read_solomon(instance_files("solomon_vrptw_100")[0])
    p = inst.problem
    assert p.name == "C101" and inst.bks.value == pytest.approx(827.3)
    s1 = p.stops[0]
    assert s1.id == "1" and s1.delivery == (10,) and s1.service_s == 900
    assert s1.time_windows[0].start == 9120 and s1.time_windows[0].end == 9670
    assert p.vehicles[0].type.capacity == (200,)
    # depot (40,50) to customer 1 (45,68): sqrt(25+324)=18.68 -> 18.6 truncated
    assert p.distance[0, 1] == 186 and p.duration[0, 1] == 186
    assert p.depots[0].opening.end == 12360


def test_solomon_other_tables():
    f = instance_files("solomon_vrptw_100")[0]
    exact = read_solomon(f, convention="exact")
    assert exact.bks.table == "bks_distance_only.csv" and exact.bks.value == 828.94
    assert exact.problem.distance[0, 1] == 1868  # 18.681 -> 18.68
    hier = read_solomon(f, convention="exact", objective="hierarchical")
    assert hier.bks.table == "bks.csv" and hier.bks.vehicles == 10
    assert hier.problem.objective.per_vehicle > 0


@pytest.mark.parametrize(
    ("folder", "count", "customers"),
    [
        ("gehring_homberger_200", 54, 200),
        ("gehring_homberger_400", 60, 400),
    ],
)
def test_every_homberger_file_parses(folder, count, customers):
    files = instance_files(folder)
    assert len(files) == count
    for f in files:
        inst = read_homberger(f)
        assert len(inst.problem.stops) == customers
        assert inst.bks is not None and inst.bks.vehicles > 0
        assert inst.problem.distance_scale == 100


def test_homberger_bks_route_file_reevaluates():
    """The c1_2_1 BKS routes cost 2704.5678 in full precision: our matrices agree."""
    folder = instance_files("gehring_homberger_200")[0].parent.parent
    inst = read_homberger(folder / "instances" / "c1_2_1.txt")
    routes = sintef_bks_routes(folder, "c1_2_1")
    index = {s.id: i + 1 for i, s in enumerate(inst.problem.stops)}
    assert len(routes) == 20
    cost = _route_cost(inst.problem.distance, index, routes) / 100
    assert cost == pytest.approx(inst.bks.value, abs=0.05)


# ---------------------------------------------------------------- Li & Lim


def test_every_lilim_file_parses_with_pairs():
    files = instance_files("li_lim_pdptw_100")
    assert len(files) == 52
    for f in files:
        inst = read_lilim(f)
        p = inst.problem
        assert 2 * len(p.pairs) == len(p.stops)
        for pair in p.pairs:
            pick = p.stops[p.stop_index(pair.pickup_id) - 1]
            drop = p.stops[p.stop_index(pair.delivery_id) - 1]
            assert pick.pickup == drop.delivery and pick.pickup[0] > 0
        assert inst.bks is not None


def test_lilim_known_values():
    inst = read_lilim(instance_files("li_lim_pdptw_100")[0])
    p = inst.problem
    assert p.name == "lc101" and inst.bks.value == pytest.approx(828.9369)
    assert len(p.vehicles) == 25 and p.vehicles[0].type.capacity == (200,)
    # node 1 is a delivery of 10 whose pickup is node 11
    assert p.stops[0].delivery == (10,) and p.stops[0].pickup == (0,)
    assert any(pr.pickup_id == "11" and pr.delivery_id == "1" for pr in p.pairs)


# ---------------------------------------------------------------- CVRPLIB


def test_every_x_file_parses_and_first_bks_reevaluates():
    files = instance_files("cvrplib_x")
    assert len(files) == 90
    for f in files:
        inst = read_cvrplib(f)
        n = int(inst.name.split("-n")[1].split("-")[0])
        assert len(inst.problem.stops) == n - 1
        assert inst.bks is not None and inst.bks.value > 0
    inst = read_cvrplib(files[1])  # X-n101-k25 (sorted after X-n1001-k43)
    assert inst.name == "X-n101-k25"
    routes, cost = read_cvrplib_solution(inst.path.parent.parent / "solutions" / "X-n101-k25.sol")
    index = {s.id: i + 1 for i, s in enumerate(inst.problem.stops)}
    assert sorted(int(s) for r in routes for s in r) == list(range(2, 102))
    assert _route_cost(inst.problem.distance, index, routes) == cost == inst.bks.value


def test_every_xxl_file_parses_without_matrices():
    files = instance_files("cvrplib_xxl_belgium")
    assert len(files) == 10
    sizes = {}
    for f in files:
        inst = read_cvrplib(f)
        assert inst.problem.distance is None  # too big to build at parse time
        sizes[inst.name] = len(inst.problem.stops)
        total = sum(s.delivery[0] for s in inst.problem.stops)
        cap = inst.problem.vehicles[0].type.capacity[0]
        assert len(inst.problem.vehicles) >= math.ceil(total / cap)
    assert sizes["Leuven1"] == 3000 and sizes["Flanders2"] == 30000
    assert min(sizes.values()) == 3000 and len(sizes) == 10


# ---------------------------------------------------------------- Loggi


def test_loggi_samples():
    files = instance_files("loggibud_rj_samples")
    assert len(files) == 2
    counts = {}
    for f in files:
        inst = read_loggi(f)
        p = inst.problem
        counts[p.name] = len(p.stops)
        assert p.vehicles[0].type.capacity == (180,)
        assert -23.1 < p.depots[0].location.lat < -22.5  # lat/lon not swapped
        assert inst.bks is None
    assert counts == {"cvrp-0-rj-0": 221, "cvrp-0-rj-3": 158}
    total = sum(s.delivery[0] for s in read_loggi(files[0]).problem.stops)
    assert total == 1179


def test_haversine_against_geopy():
    from geopy.distance import great_circle

    lat = np.array([-22.80, -22.90, -23.0])
    lon = np.array([-43.37, -43.26, -43.5])
    m = haversine_matrix_m(lat, lon)
    expected = great_circle((lat[0], lon[0]), (lat[1], lon[1])).meters
    assert m[0, 1] == pytest.approx(expected, rel=1e-4)


def test_conventions():
    xy = np.array([[0.0, 0.0], [1.0, 1.0]])  # sqrt(2) = 1.41421
    assert euclidean_matrices(xy, "dimacs")[0][0, 1] == 14
    dist, time = euclidean_matrices(xy, "exact")
    assert dist[0, 1] == 141 and time[0, 1] == 142
    assert euclidean_matrices(xy, "nint")[0][0, 1] == 1


# ---------------------------------------------------------------- error paths

SOLOMON_OK = """C999

VEHICLE
NUMBER     CAPACITY
  2         50

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      40         50          0          0       1236          0
    1      45         68         10        912        967         90
    2      45         70         30        825        870         90
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_solomon_small_ok(tmp_path):
    inst = read_vrptw(_write(tmp_path, "C999.txt", SOLOMON_OK))
    assert len(inst.problem.stops) == 2 and inst.bks is None


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            SOLOMON_OK.replace("    2      45         70         30", "    2      45  x  30"),
            12,
            "7 numbers",
        ),
        (SOLOMON_OK.replace("    2      45", "    5      45"), 12, "customer number 2"),
        (SOLOMON_OK.replace("VEHICLE", "VEHICLES"), 3, "VEHICLE section"),
        (SOLOMON_OK.replace("  2         50", "  2"), 5, "2 numbers"),
        (
            SOLOMON_OK.replace("10        912        967", "-10        912        967"),
            11,
            "non-negative demand",
        ),
        (SOLOMON_OK.replace("912        967", "967        912"), 11, "due date"),
        # nan and inf are floats to Python: int(nan) was a ValueError naming no file
        (SOLOMON_OK.replace("    1      45", "    nan      45"), 11, "7 finite numbers"),
        (SOLOMON_OK.replace("  2         50", "  2         inf"), 5, "2 finite numbers"),
        # a due date (or service time) past int64 once scaled was accepted, then an
        # OverflowError traceback inside PyVRP during route solve
        (SOLOMON_OK.replace("912        967", "912  99999999999999999999"), 11, "<= 10000000"),
        (SOLOMON_OK.replace("870         90", "870   10000001"), 12, "times (ready, due, service)"),
    ],
)
def test_solomon_malformed(tmp_path, text, line, words):
    with pytest.raises(DatasetFormatError) as err:
        read_vrptw(_write(tmp_path, "bad.txt", text))
    assert err.value.line == line and words in err.value.expected
    assert "bad.txt" in str(err.value)


LILIM_OK = (
    "2\t50\t1\n0\t0\t0\t0\t0\t100\t0\t0\t0\n"
    "1\t1\t0\t5\t0\t50\t1\t0\t2\n2\t2\t0\t-5\t0\t60\t1\t1\t0\n"
)


def test_lilim_small_ok(tmp_path):
    inst = read_lilim(_write(tmp_path, "l.txt", LILIM_OK))
    assert inst.problem.pairs[0].pickup_id == "1"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            LILIM_OK.replace("2\t2\t0\t-5\t0\t60\t1\t1\t0", "2\t2\t0\t-5\t0\t60\t1\t0\t0"),
            4,
            "pointing back",
        ),
        (LILIM_OK.replace("-5", "-4"), 4, "pointing back"),
        (LILIM_OK.replace("2\t50\t1", "2\t50"), 1, "3 numbers"),
        (LILIM_OK.replace("0\t50\t1\t0\t2", "50\t0\t1\t0\t2"), 3, "time window"),
        (LILIM_OK.replace("1\t1\t0\t5", "1\t1\t0\tnan"), 3, "9 finite numbers"),
        (LILIM_OK.replace("0\t50\t1", "0\t99999999999999999999\t1"), 3, "<= 10000000"),
    ],
)
def test_lilim_malformed(tmp_path, text, line, words):
    with pytest.raises(DatasetFormatError) as err:
        read_lilim(_write(tmp_path, "bad.txt", text))
    assert err.value.line == line and words in err.value.expected


VRP_OK = """NAME : t-n3-k1
TYPE : CVRP
DIMENSION : 3
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 10
NODE_COORD_SECTION
1 0 0
2 3 4
3 6 8
DEMAND_SECTION
1 0
2 4
3 5
DEPOT_SECTION
1
-1
EOF
"""


def test_cvrplib_small_ok(tmp_path):
    inst = read_cvrplib(_write(tmp_path, "t.vrp", VRP_OK))
    assert inst.problem.distance[0, 1] == 5 and inst.problem.distance[0, 2] == 10
    assert [s.id for s in inst.problem.stops] == ["2", "3"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (VRP_OK.replace("2 3 4", "2 3"), 8, "'id x y'"),
        (VRP_OK.replace("3 5\n", "3 five\n"), 13, "'id demand'"),
        (VRP_OK.replace("3 5\n", "3 -5\n"), 13, "non-negative"),
        (VRP_OK.replace("EUC_2D", "GEO"), 0, "EUC_2D"),
        (VRP_OK.replace("CAPACITY : 10", "CAPACITY : ten"), 0, "CAPACITY"),
        (VRP_OK.replace("TYPE : CVRP", "TYPE CVRP"), 2, "KEY : value"),
        (VRP_OK.replace("3 6 8\n", ""), 6, "3 coordinates"),
        (VRP_OK.replace("-1\nEOF\n", ""), 15, "ending with -1"),
        (VRP_OK.replace("DEPOT_SECTION\n1\n", "DEPOT_SECTION\n2\n"), 14, "one depot"),
    ],
)
def test_cvrplib_malformed(tmp_path, text, line, words):
    with pytest.raises(DatasetFormatError) as err:
        read_cvrplib(_write(tmp_path, "bad.vrp", text))
    assert err.value.line == line and words in err.value.expected


def test_loggi_malformed(tmp_path):
    with pytest.raises(DatasetFormatError) as err:
        read_loggi(_write(tmp_path, "bad.json", '{"name": "x",\n "origin": }'))
    assert err.value.line == 2
    bad = (
        '{"name": "x", "origin": {"lng": 1, "lat": 2}, "vehicle_capacity": 5, '
        '"deliveries": [{"id": "a", "point": {"lng": 1, "lat": 200}, "size": 1}]}'
    )
    with pytest.raises(DatasetFormatError, match=r"deliveries\[0\]\.point"):
        read_loggi(_write(tmp_path, "bad2.json", bad))
