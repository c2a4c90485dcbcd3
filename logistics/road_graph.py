"""Shortest-path distances on a road graph (networkx).

A road graph is a :class:`networkx.Graph` (two-way streets) or
:class:`networkx.DiGraph` (one-way streets) whose nodes carry ``lat`` and
``lon`` attributes in degrees (or ``x`` and ``y`` for a planar graph) and whose
edges carry a ``length`` in meters. Places are snapped to their nearest node;
the distance from place ``i`` to place ``j`` is

    snap(i) + shortest_path(node(i), node(j)) + snap(j)

(the straight walk/drive to and from the network included, as OSRM does), with
shortest paths from Dijkstra run once per distinct source node. The graph can
come from any source: OpenStreetMap through osmnx, a city's open data, or a
grid built by hand in a test.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import numpy as np

from logistics.errors import DatasetFormatError, InfeasibleError, InvalidValueError, quoted
from logistics.matrices import (
    CoordinateKind,
    MatrixProvider,
    as_coordinates,
    euclidean_matrix,
    haversine_matrix,
)
from logistics.travel_time import SpeedProfile

__all__ = ["RoadGraph", "RoadGraphProvider", "read_osm_xml", "DRIVABLE_HIGHWAYS"]

_SNAP_BLOCK = 2_000_000

DRIVABLE_HIGHWAYS = frozenset(
    {
        "motorway", "trunk", "primary", "secondary", "tertiary", "unclassified",
        "residential", "living_street", "service", "road",
        "motorway_link", "trunk_link", "primary_link", "secondary_link", "tertiary_link",
    }
)  # fmt: skip
"""OpenStreetMap ``highway=*`` values a delivery van may drive on."""


class RoadGraph:
    """A validated road network with fast nearest-node lookup.

    Parameters
    ----------
    graph
        Nodes with ``lat``/``lon`` (degrees) or ``x``/``y`` attributes, edges
        with a non-negative ``weight`` attribute.
    weight
        Edge attribute holding the length in meters (default ``"length"``).

    Raises
    ------
    InvalidValueError
        An empty graph, a node without coordinates, nodes of mixed kinds, or an
        edge without a valid length; the field names the node or edge.
    """

    def __init__(self, graph: nx.Graph, weight: str = "length"):
        if not isinstance(graph, nx.Graph):
            raise InvalidValueError("graph", repr(graph)[:80], "expected a networkx graph")
        if graph.number_of_nodes() == 0:
            raise InvalidValueError("graph", "empty graph", "a road graph needs nodes")
        nodes = list(graph.nodes)
        first = graph.nodes[nodes[0]]
        if "lat" in first and "lon" in first:
            self.kind, keys = CoordinateKind.GEOGRAPHIC, ("lat", "lon")
        elif "x" in first and "y" in first:
            self.kind, keys = CoordinateKind.PLANAR, ("x", "y")
        else:
            raise InvalidValueError(
                f"graph.nodes[{nodes[0]!r}]", dict(first), "nodes need lat/lon (or x/y)"
            )
        coords = np.empty((len(nodes), 2), dtype=np.float64)
        for i, n in enumerate(nodes):
            data = graph.nodes[n]
            try:
                coords[i] = (float(data[keys[0]]), float(data[keys[1]]))
            except (KeyError, TypeError, ValueError):
                raise InvalidValueError(
                    f"graph.nodes[{n!r}]", dict(data), f"needs numeric {keys[0]} and {keys[1]}"
                ) from None
        as_coordinates(coords, "graph.nodes", self.kind)
        for u, v, data in graph.edges(data=True):
            w = data.get(weight)
            if isinstance(w, bool) or not isinstance(w, int | float) or not 0 <= w < math.inf:
                raise InvalidValueError(  # an infinite one read as "no road path" later
                    f"graph.edges[{u!r}, {v!r}].{weight}", w, "needs a finite length >= 0 (meters)"
                )
        self.graph = graph
        self.weight = weight
        self.nodes = nodes
        self.coords = coords

    def snap(self, points: Any, field: str = "points") -> tuple[list[Any], np.ndarray]:
        """Nearest node of each place.

        Returns
        -------
        nodes : list
            Node id per place.
        snap_m : numpy.ndarray
            Straight-line meters (float64) from each place to its node.
        """
        pts, _ = as_coordinates(points, field, self.kind)
        idx = np.empty(pts.shape[0], dtype=np.intp)
        dist = np.empty(pts.shape[0], dtype=np.float64)
        step = max(1, _SNAP_BLOCK // len(self.nodes))
        for s in range(0, pts.shape[0], step):
            block = pts[s : s + step]
            if self.kind == CoordinateKind.GEOGRAPHIC:
                d = haversine_matrix(block, self.coords)
            else:
                d = euclidean_matrix(block, self.coords)
            best = np.argmin(d, axis=1)
            idx[s : s + step] = best
            dist[s : s + step] = d[np.arange(d.shape[0]), best]
        return [self.nodes[i] for i in idx], dist

    def shortest_path_lengths(self, sources: list[Any], targets: list[Any]) -> np.ndarray:
        """Network meters between nodes: one Dijkstra per distinct source node.

        Unreachable pairs are ``inf``.
        """
        out = np.full((len(sources), len(targets)), np.inf, dtype=np.float64)
        rows_by_source: dict[Any, list[int]] = {}
        for r, s in enumerate(sources):
            rows_by_source.setdefault(s, []).append(r)
        for s, rows in rows_by_source.items():
            lengths = nx.single_source_dijkstra_path_length(self.graph, s, weight=self.weight)
            row = np.fromiter(
                (lengths.get(t, np.inf) for t in targets), dtype=np.float64, count=len(targets)
            )
            out[rows] = row
        return out

    def distance_matrix(
        self,
        origins: Any,
        destinations: Any = None,
        *,
        include_snap: bool = True,
        unreachable: Literal["raise", "inf"] = "raise",
    ) -> np.ndarray:
        """Road distances between places, ``(n, m)`` float64 meters.

        Parameters
        ----------
        origins, destinations
            Places of the graph's kind; ``destinations=None`` gives the square
            matrix over ``origins`` (zero diagonal).
        include_snap
            Add the straight-line legs from each place to its node.
        unreachable
            ``"raise"`` (default) raises :class:`InfeasibleError` naming a pair
            with no path; ``"inf"`` leaves ``inf`` in the matrix.
        """
        o_field = "origins" if destinations is not None else "points"
        o_nodes, o_snap = self.snap(origins, o_field)
        if destinations is None:
            d_nodes, d_snap = o_nodes, o_snap
        else:
            d_nodes, d_snap = self.snap(destinations, "destinations")
        out = self.shortest_path_lengths(o_nodes, d_nodes)
        if include_snap:
            out += o_snap[:, None] + d_snap[None, :]
        if destinations is None:
            np.fill_diagonal(out, 0.0)
        if unreachable == "raise" and not np.isfinite(out).all():
            i, j = (int(k) for k in np.argwhere(~np.isfinite(out))[0])
            raise InfeasibleError(
                f"no road path from {o_field}[{i}] (node {quoted(o_nodes[i])}) to "
                f"{'points' if destinations is None else 'destinations'}[{j}] "
                f"(node {quoted(d_nodes[j])})"
            )
        if unreachable not in ("raise", "inf"):
            raise InvalidValueError("unreachable", unreachable, "'raise' or 'inf'")
        return out


class RoadGraphProvider(MatrixProvider):
    """Travel matrices from shortest paths on a :class:`RoadGraph`.

    Parameters
    ----------
    graph
        A :class:`RoadGraph` or a networkx graph (validated on construction).
    speed_profile
        Hourly speeds turning meters into seconds (default 25 km/h).
    include_snap
        Add the legs from each place to its nearest node.
    """

    name = "road_graph"

    def __init__(
        self,
        graph: RoadGraph | nx.Graph,
        speed_profile: SpeedProfile | None = None,
        *,
        include_snap: bool = True,
    ):
        super().__init__(1.0, speed_profile)
        self.road = graph if isinstance(graph, RoadGraph) else RoadGraph(graph)
        self.include_snap = include_snap

    def _distances(self, origins: Any, destinations: Any) -> np.ndarray:
        return self.road.distance_matrix(origins, destinations, include_snap=self.include_snap)

    def __repr__(self) -> str:
        g = self.road.graph
        return f"RoadGraphProvider({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)"


def read_osm_xml(path: str | Path, *, highways: Iterable[str] = DRIVABLE_HIGHWAYS) -> nx.DiGraph:
    """Read an OpenStreetMap XML extract (``.osm``) into a directed road graph.

    Parameters
    ----------
    path
        An ``.osm`` XML file (e.g. exported from openstreetmap.org or cut with
        osmium). PBF files are not read here; convert them with
        ``osmium cat in.pbf -o out.osm``.
    highways
        ``highway=*`` values to keep (default: streets a van may drive on).

    Returns
    -------
    networkx.DiGraph
        Nodes are OSM node ids with ``lat``/``lon``; every consecutive node pair
        of a kept way becomes an edge with its great-circle ``length`` in
        meters, in both directions unless the way is one-way (``oneway=yes``,
        ``true``, ``1``, ``-1`` for reversed, or ``junction=roundabout``).

    Raises
    ------
    DatasetFormatError
        The file cannot be read or is not well-formed XML (with its line), a node
        lacks valid coordinates, a way's ``nd`` lacks a numeric ``ref``, or a way
        refers to a node the file does not contain.
    """
    keep = frozenset(highways)
    coords: dict[int, tuple[float, float]] = {}
    ways: list[tuple[list[int], bool, bool]] = []
    try:
        for _, elem in ET.iterparse(str(path), events=("end",)):
            if elem.tag == "node":
                try:
                    lat, lon = float(elem.attrib["lat"]), float(elem.attrib["lon"])
                    if not (abs(lat) <= 90 and abs(lon) <= 180):  # nan too
                        raise ValueError(lat, lon)
                    coords[int(elem.attrib["id"])] = (lat, lon)
                except (KeyError, ValueError):
                    raise DatasetFormatError(
                        path,
                        0,
                        f"a node with numeric id, lat and lon (degrees within ±90, ±180), "
                        f"got {dict(elem.attrib)}",
                    ) from None
                elem.clear()
            elif elem.tag == "way":
                tags = {t.attrib.get("k"): t.attrib.get("v") for t in elem.iter("tag")}
                if tags.get("highway") in keep:
                    try:
                        refs = [int(nd.attrib["ref"]) for nd in elem.iter("nd")]
                    except (KeyError, ValueError):
                        raise DatasetFormatError(
                            path,
                            0,
                            f"way {elem.attrib.get('id')}'s nd elements with a numeric ref",
                        ) from None
                    oneway = tags.get("oneway", "no").lower()
                    forward = oneway in ("yes", "true", "1") or tags.get("junction") == "roundabout"
                    reverse = oneway == "-1"
                    ways.append((refs, forward, reverse))
                elem.clear()
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 0
        raise DatasetFormatError(path, line, f"well-formed OSM XML ({exc})") from None
    except OSError as exc:  # as the other readers: missing, a folder, unreadable
        raise DatasetFormatError(path, 0, f"a readable file ({exc.strerror or exc})") from None
    g = nx.DiGraph()
    for refs, forward, reverse in ways:
        for ref in refs:
            if ref not in coords:
                raise DatasetFormatError(path, 0, f"node {ref} used by a way to be in the file")
        if len(refs) < 2:
            continue
        pts = np.array([coords[r] for r in refs])
        seg = np.array(
            [
                haversine_matrix(pts[k : k + 1], pts[k + 1 : k + 2])[0, 0]
                for k in range(len(refs) - 1)
            ]
        )
        for k in range(len(refs) - 1):
            a, b = refs[k], refs[k + 1]
            for u, v in ((b, a),) if reverse else ((a, b),) if forward else ((a, b), (b, a)):
                for node in (u, v):
                    if node not in g:
                        g.add_node(node, lat=coords[node][0], lon=coords[node][1])
                length = float(seg[k])
                if not g.has_edge(u, v) or g[u][v]["length"] > length:
                    g.add_edge(u, v, length=length)
    return g
