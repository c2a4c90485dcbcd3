"""Road-graph shortest paths on small hand-checked networks."""

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from logistics.domain import LatLon, Point
from logistics.errors import DatasetFormatError, InfeasibleError, InvalidValueError
from logistics.matrices import MatrixProvider, haversine_matrix
from logistics.road_graph import RoadGraph, RoadGraphProvider, read_osm_xml
from logistics.travel_time import SpeedProfile


def _grid(n=3, spacing=100.0, directed=False):
    """n x n planar grid, node (i, j) at x = i*spacing, y = j*spacing."""
    g = nx.DiGraph() if directed else nx.Graph()
    for i in range(n):
        for j in range(n):
            g.add_node((i, j), x=i * spacing, y=j * spacing)
    for i in range(n):
        for j in range(n):
            if i + 1 < n:
                g.add_edge((i, j), (i + 1, j), length=spacing)
            if j + 1 < n:
                g.add_edge((i, j), (i, j + 1), length=spacing)
            if directed:
                if i + 1 < n:
                    g.add_edge((i + 1, j), (i, j), length=spacing)
                if j + 1 < n:
                    g.add_edge((i, j + 1), (i, j), length=spacing)
    return g


def test_grid_shortest_paths_are_manhattan():
    road = RoadGraph(_grid())
    pts = [Point(0, 0), Point(200, 200), Point(100, 0), Point(0, 200)]
    m = road.distance_matrix(pts)
    expected = [[0, 400, 100, 200], [400, 0, 300, 200], [100, 300, 0, 300], [200, 200, 300, 0]]
    np.testing.assert_allclose(m, expected)


def test_blocked_street_forces_detour():
    g = _grid()
    g.remove_edge((0, 0), (1, 0))  # the direct street east is closed
    g[(1, 1)][(1, 2)]["length"] = 500.0  # and one street is slow/long
    m = RoadGraph(g).distance_matrix([Point(0, 0), Point(100, 0), Point(100, 200)])
    # (0,0)->(0,1)->(1,1)->(1,0) = 300 ; (0,0)->(0,1)->(0,2)->(1,2) = 300
    assert m[0, 1] == 300.0
    assert m[0, 2] == 300.0
    # (1,0)->(1,2): via (1,1) costs 100+500, via (2,*) costs 100+200+100 = 400
    assert m[1, 2] == 400.0


def test_one_way_streets_give_asymmetric_matrix():
    g = _grid(directed=True)
    g.remove_edge((1, 0), (0, 0))  # (0,0)->(1,0) allowed, back is not
    m = RoadGraph(g).distance_matrix([Point(0, 0), Point(100, 0)])
    assert m[0, 1] == 100.0
    assert m[1, 0] == 300.0  # (1,0)->(1,1)->(0,1)->(0,0)


def test_snapping_adds_access_legs():
    road = RoadGraph(_grid())
    nodes, snap = road.snap([Point(10, 0), Point(190, 205)])
    assert nodes == [(0, 0), (2, 2)]
    np.testing.assert_allclose(snap, [10.0, np.hypot(10, 5)])
    m = road.distance_matrix([Point(10, 0), Point(190, 205)])
    assert m[0, 1] == pytest.approx(10 + 400 + np.hypot(10, 5))
    bare = road.distance_matrix([Point(10, 0), Point(190, 205)], include_snap=False)
    assert bare[0, 1] == 400.0


def test_rectangular_and_geographic_graph():
    g = nx.Graph()
    a, b, c = LatLon(-22.90, -43.20), LatLon(-22.91, -43.20), LatLon(-22.91, -43.21)
    for name, p in zip("abc", (a, b, c), strict=True):
        g.add_node(name, lat=p.lat, lon=p.lon)
    ab, bc = haversine_matrix([a, b])[0, 1], haversine_matrix([b, c])[0, 1]
    g.add_edge("a", "b", length=ab)
    g.add_edge("b", "c", length=bc)
    road = RoadGraph(g)
    m = road.distance_matrix([a], [b, c])
    np.testing.assert_allclose(m, [[ab, ab + bc]])
    assert m[0, 1] > haversine_matrix([a, c])[0, 1]  # roads are longer than the crow flies


def test_unreachable_pairs():
    g = _grid(2)
    g.add_node("island", x=1000.0, y=1000.0)
    road = RoadGraph(g)
    pts = [Point(0, 0), Point(1000, 1000)]
    with pytest.raises(InfeasibleError, match="no road path"):
        road.distance_matrix(pts)
    m = road.distance_matrix(pts, unreachable="inf")
    assert np.isinf(m[0, 1]) and m[0, 0] == 0.0


def test_provider_plugs_in_with_speed_profile():
    p = RoadGraphProvider(_grid(), SpeedProfile.constant(36.0))
    assert isinstance(p, MatrixProvider)
    tm = p.build([Point(0, 0), Point(200, 200)])
    assert tm.distance_m.tolist() == [[0, 400], [400, 0]]
    assert tm.duration_s.tolist() == [[0, 40], [40, 0]]
    assert "9 nodes" in repr(p)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda g: g.add_node("bad"), "graph.nodes['bad']"),
        (lambda g: g.add_edge((0, 0), (2, 2), length=-1), "graph.edges[(0, 0), (2, 2)].length"),
        (lambda g: g.add_edge((0, 0), (2, 2)), "graph.edges[(0, 0), (2, 2)].length"),
    ],
)
def test_bad_graphs_name_node_or_edge(mutate, field):
    g = _grid()
    mutate(g)
    with pytest.raises(InvalidValueError) as info:
        RoadGraph(g)
    assert info.value.field == field


def test_bad_graph_inputs():
    with pytest.raises(InvalidValueError) as info:
        RoadGraph(nx.Graph())
    assert info.value.field == "graph"
    with pytest.raises(InvalidValueError) as info:
        RoadGraph({"a": 1})
    assert info.value.field == "graph"
    with pytest.raises(InvalidValueError) as info:
        RoadGraph(_grid()).distance_matrix([LatLon(0, 0)])
    assert info.value.field == "points[0]"


# --- OpenStreetMap XML -----------------------------------------------------------------

OSM = Path(__file__).resolve().parents[1] / "data" / "osm"


def test_read_osm_xml_builds_directed_drivable_graph():
    g = read_osm_xml(OSM / "small.osm")
    assert set(g.nodes) == {1, 2, 3, 4}  # node 5 is only on a footway
    assert g.nodes[1] == {"lat": -22.9, "lon": -43.2}
    # two-way residential street: both directions
    assert g.has_edge(1, 2) and g.has_edge(2, 1) and g.has_edge(2, 3) and g.has_edge(3, 2)
    # oneway=yes: 3 -> 4 only; oneway=-1 on way 1-4: 4 -> 1 only
    assert g.has_edge(3, 4) and not g.has_edge(4, 3)
    assert g.has_edge(4, 1) and not g.has_edge(1, 4)
    ab = haversine_matrix([LatLon(-22.9, -43.2), LatLon(-22.9, -43.199)])[0, 1]
    assert g[1][2]["length"] == pytest.approx(ab)
    assert 100 < ab < 105


def test_osm_graph_gives_one_way_detours():
    g = read_osm_xml(OSM / "small.osm")
    corners = [LatLon(-22.9, -43.2), LatLon(-22.901, -43.2)]  # nodes 1 and 4
    m = RoadGraph(g).distance_matrix(corners)
    e = {(u, v): d["length"] for u, v, d in g.edges(data=True)}
    assert m[1, 0] == pytest.approx(e[4, 1])  # 4 -> 1 directly
    assert m[0, 1] == pytest.approx(e[1, 2] + e[2, 3] + e[3, 4])  # 1 -> 4 around the block
    assert m[0, 1] > 2.5 * m[1, 0]


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("BrokenXml.osm", 5, "well-formed"),
        ("MissingNode.osm", 0, "node 9"),
        ("BadNode.osm", 0, "lat and lon"),
        # a latitude of 95 was an InvalidValueError naming origins[0] (the segment lengths)
        ("NodeOutOfRange.osm", 0, "within ±90, ±180"),
        ("NdWithoutRef.osm", 0, "way 9's nd elements with a numeric ref"),  # a KeyError
        ("NoSuchFile.osm", 0, "a readable file (No such file or directory)"),  # OSError
    ],
)
def test_bad_osm_files_name_file_and_line(name, line, words):
    with pytest.raises(DatasetFormatError) as info:
        read_osm_xml(OSM / name)
    assert info.value.path.endswith(name)
    assert info.value.line == line
    assert words in info.value.expected


def test_an_infinite_edge_length_is_refused():
    g = nx.Graph()
    g.add_node(1, x=0, y=0)
    g.add_node(2, x=10, y=0)
    g.add_edge(1, 2, length=float("inf"))  # read later as "no road path from points[0]"
    with pytest.raises(InvalidValueError) as info:
        RoadGraph(g)
    assert info.value.field == "graph.edges[1, 2].length"
