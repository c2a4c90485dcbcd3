"""Picker routing: exact DP against brute force on the layout graph, heuristics, errors."""

from __future__ import annotations

import dataclasses
import itertools
import random

import networkx as nx
import pytest

from logistics.domain.layout import WarehouseLayout
from logistics.errors import InvalidValueError
from solvers.picking import METHODS, RouteParams, route, route_length_mm, validate
from solvers.picking._points import pick_points


def brute_force_mm(layout: WarehouseLayout, picks: list[str]) -> int:
    """Best tour over all permutations, distances from networkx shortest paths."""
    points = list(pick_points(layout, picks))
    g = layout.graph(points)
    nodes = ["depot", *(WarehouseLayout.graph_node(p) for p in points)]
    d = {a: nx.single_source_dijkstra_path_length(g, a, weight="weight") for a in nodes}
    best = None
    for perm in itertools.permutations(nodes[1:]):
        seq = ["depot", *perm, "depot"]
        length = sum(d[a][b] for a, b in zip(seq, seq[1:], strict=False))
        best = length if best is None else min(best, length)
    return best if best is not None else 0


LAYOUTS = {
    "single_left": WarehouseLayout.single_block(aisles=6, slots_per_side=8, depot="left"),
    "single_center": WarehouseLayout.single_block(
        aisles=5, slots_per_side=6, depot="center", depot_offset_m=1.5
    ),
    "single_between": WarehouseLayout.single_block(aisles=4, slots_per_side=5, depot=6.0),
    "two_block": WarehouseLayout.two_block(aisles=5, slots_per_side=4, depot="center"),
    "three_block": WarehouseLayout.multi_block(aisles=4, blocks=3, slots_per_side=3),
    "four_block": WarehouseLayout.multi_block(aisles=3, blocks=4, slots_per_side=2),
    "two_block_depot_middle": dataclasses.replace(
        WarehouseLayout.two_block(aisles=4, slots_per_side=3, depot=5.0), depot_cross_aisle=1
    ),
    "single_depot_back": dataclasses.replace(
        WarehouseLayout.single_block(aisles=4, slots_per_side=4, depot_offset_m=2.0),
        depot_cross_aisle=1,
    ),
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_exact_matches_brute_force(name):
    layout = LAYOUTS[name]
    rng = random.Random(hash(name) % 1000)
    ids = layout.slot_ids()
    for trial in range(25):
        picks = rng.sample(ids, rng.randint(1, 6))
        r = route(layout, picks, "exact")
        assert r.optimal
        assert r.length_mm == brute_force_mm(layout, picks), (name, trial, picks)
        check = validate(layout, picks, r)
        assert check.ok, check.errors
        if layout.n_blocks <= 3:
            assert route_length_mm(layout, picks) == r.length_mm


@pytest.mark.parametrize("name", ["single_left", "single_center", "single_between"])
def test_heuristics_never_beat_exact_and_are_valid(name):
    layout = LAYOUTS[name]
    rng = random.Random(7)
    ids = layout.slot_ids()
    for _ in range(30):
        picks = rng.sample(ids, rng.randint(1, 15))
        best = route(layout, picks, "exact").length_mm
        for method in ("s_shape", "return", "midpoint", "largest_gap", "combined"):
            r = route(layout, picks, method)
            assert r.length_mm >= best, (method, picks)
            check = validate(layout, picks, r)
            assert check.ok, (method, check.errors)


def test_tsp_method_is_valid_and_close():
    layout = LAYOUTS["four_block"]
    rng = random.Random(3)
    picks = rng.sample(layout.slot_ids(), 8)
    exact = route(layout, picks, "exact").length_mm
    r = route(layout, picks, "tsp", RouteParams(time_limit_s=0.2))
    assert validate(layout, picks, r).ok
    assert exact <= r.length_mm <= exact * 1.05


def test_distance_matches_graph():
    layout = LAYOUTS["two_block"]
    pts = [s.point for s in layout.slots[::3]]
    g = layout.graph()
    rng = random.Random(0)
    for _ in range(60):
        p, q = rng.choice([None, *pts]), rng.choice(pts)
        want = nx.dijkstra_path_length(
            g, WarehouseLayout.graph_node(p), WarehouseLayout.graph_node(q), weight="weight"
        )
        assert layout.distance_mm(p, q) == want


def test_hand_computed_single_block():
    # pitch 4 m between aisles, aisle segment 12 m (10 slots of 1 m + 2 x 1 m half cross-aisles)
    layout = WarehouseLayout.single_block(aisles=3, slots_per_side=10)
    assert layout.block_length_mm(0) == 12000
    assert layout.aisle_x_mm == (0, 4000, 8000)
    # one pick at 10.5 m in the third aisle: 8 m across, 10.5 m up and back, 8 m home
    assert route(layout, ["A02-L009-0"]).length_mm == 37000
    # two deep picks in the outer aisles: a 40 m loop beats two returns (58 m)
    r = route(layout, ["A00-L009-0", "A02-R009-0"])
    assert r.length_mm == 40000
    assert route(layout, ["A00-L009-0", "A02-R009-0"], "return").length_mm == 58000
    assert r.visits == ("A00-L009-0", "A02-R009-0") or r.visits == ("A02-R009-0", "A00-L009-0")
    # both sides of the same position are one stop
    assert route(layout, ["A01-L000-0", "A01-R000-0"]).length_mm == 2 * 4000 + 2 * 1500
    assert route(layout, []).length_mm == 0


def test_known_s_shape_case():
    layout = WarehouseLayout.single_block(aisles=3, slots_per_side=10)
    # picks in aisles 0 and 1: S-shape traverses both (12 + 4 + 12 + 4 = 32 m)
    r = route(layout, ["A00-L000-0", "A01-L000-0"], "s_shape")
    assert r.length_mm == 32000
    # three aisles: the last one is a return visit: 12 + 4 + 12 + 4 + 2 * 1.5 + 8 = 43 m
    r = route(layout, ["A00-L000-0", "A01-L000-0", "A02-L000-0"], "s_shape")
    assert r.length_mm == 43000


def test_unknown_slot_is_named():
    layout = LAYOUTS["single_left"]
    with pytest.raises(InvalidValueError) as e:
        route(layout, ["A00-L000-0", "nope"])
    assert e.value.field == "picks[1]" and e.value.value == "nope"


def test_bad_method_and_heuristic_on_multi_block():
    with pytest.raises(InvalidValueError):
        route(LAYOUTS["single_left"], [], "fastest")
    with pytest.raises(InvalidValueError):
        route(LAYOUTS["two_block"], ["A00-B0-L000-0"], "s_shape")
    big = LAYOUTS["four_block"]
    with pytest.raises(InvalidValueError):
        route(big, big.slot_ids()[:40], "exact", RouteParams(exact_max_points=5))
    assert set(METHODS) >= {"exact", "tsp", "s_shape", "return", "midpoint", "largest_gap"}


@pytest.mark.parametrize("method", METHODS)
def test_no_picks_is_no_walk_for_every_method(method):
    # before: the heuristics walked the depot offset out and back (3000 mm here) for no
    # picks, and validate rejected their own route ("length 3000 mm != recomputed 0 mm")
    layout = WarehouseLayout.single_block(aisles=4, slots_per_side=5, depot_offset_m=1.5)
    r = route(layout, [], method)
    assert r.length_mm == 0 and r.visits == ()
    assert validate(layout, [], r).ok


@pytest.mark.parametrize("method", ["exact", "tsp", "s_shape"])
def test_route_length_reads_an_iterator_once(method):
    # before: a generator was consumed by the first pass, so tsp and the heuristics
    # routed nothing and returned 0 mm (s_shape: 0 instead of 205000 mm here)
    layout = WarehouseLayout.single_block(aisles=10, slots_per_side=45, depot="center")
    picks = ["A01-L003-0", "A07-R030-0", "A04-L044-0"]
    want = route(layout, picks, method).length_mm
    assert want > 0
    assert route_length_mm(layout, iter(picks), method) == want


def test_picks_must_be_a_list_of_ids():
    # before: "A01-L003-0" was read one character at a time (picks[0]='A' not in the
    # layout), None raised a bare TypeError
    layout = LAYOUTS["single_left"]
    for bad in ("A00-L000-0", None):
        for fn in (route, route_length_mm):
            with pytest.raises(InvalidValueError) as e:
                fn(layout, bad)
            assert e.value.field == "picks"


@pytest.mark.parametrize("limit", [float("nan"), float("inf"), True])
def test_route_params_time_limit_is_a_finite_number(limit):
    # before: nan and True were accepted, inf raised OverflowError inside the tsp method
    with pytest.raises(InvalidValueError) as e:
        RouteParams(time_limit_s=limit)
    assert e.value.field == "time_limit_s"


@pytest.mark.parametrize("points", [0, 17, 30])
def test_exact_max_points_is_bounded_by_held_karp_size(points):
    # no upper bound: exact_max_points=30 let Held-Karp allocate a table of 2^30 rows
    from solvers.picking.result import MAX_EXACT_POINTS

    assert MAX_EXACT_POINTS == 16
    with pytest.raises(InvalidValueError) as err:
        RouteParams(exact_max_points=points)
    assert (err.value.field, err.value.value) == ("exact_max_points", points)
    assert RouteParams(exact_max_points=MAX_EXACT_POINTS).exact_max_points == 16


def _slots_on_a_cross_aisle() -> WarehouseLayout:
    """Slots ``end`` (block 0, at its back end) and ``start`` (block 1, at its front end)
    share a point on the middle cross-aisle; ``front`` sits on the front cross-aisle."""
    from logistics.domain.layout import Slot

    return WarehouseLayout(
        aisle_x_mm=(0, 5000, 9000),
        cross_aisle_y_mm=(0, 10000, 20000),
        slots=(
            Slot("end", 1, 10000, block=0),
            Slot("start", 1, 0, block=1),
            Slot("front", 2, 0, block=0),
            Slot("mid", 0, 5000),
        ),
        depot_x_mm=0,
    )


@pytest.mark.parametrize(
    "picks", [["end", "start"], ["end", "start", "mid"], ["start", "end", "front", "mid"]]
)
@pytest.mark.parametrize("method", ["exact", "tsp", "auto"])
def test_slots_sharing_a_cross_aisle_point_are_all_visited(method, picks):
    # the exact walk mapped each cross-aisle node to one pick point, so of two slots at
    # the same intersection (end of one block, start of the next) only one was visited
    layout = _slots_on_a_cross_aisle()
    r = route(layout, picks, method)
    assert sorted(r.visits) == sorted(picks)
    assert validate(layout, picks, r).ok
    assert r.length_mm == brute_force_mm(layout, picks)
