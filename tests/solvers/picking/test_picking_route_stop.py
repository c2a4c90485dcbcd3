"""The ``tsp`` picker route stops when asked: ``should_stop`` ends OR-Tools' search with
its best tour so far, and what it raises reaches the caller; Held-Karp (``exact`` past
three blocks) ends with the first tour. Stops follow progress reports or poll counts,
not the clock."""

from __future__ import annotations

import random

import pytest

from logistics.domain.layout import WarehouseLayout
from solvers.picking import RouteParams, route, route_length_mm, validate

LAYOUT = WarehouseLayout.multi_block(aisles=12, blocks=4, slots_per_side=10, depot="center")
PICKS = random.Random(3).sample(LAYOUT.slot_ids(), 30)
AMPLE = RouteParams(time_limit_s=60)  # guided local search: runs all of it unless stopped


def test_a_stop_after_the_first_progress_report_keeps_the_first_tour():
    seen: list = []
    r = route(LAYOUT, PICKS, "tsp", AMPLE, seen.append, should_stop=lambda: bool(seen))
    assert validate(LAYOUT, PICKS, r).ok
    first = route(LAYOUT, PICKS, "tsp", RouteParams(tsp_search="first"))
    assert len(seen) == 1 and r.length_mm == seen[0].best == first.length_mm
    seen = []
    length = route_length_mm(LAYOUT, PICKS, "tsp", AMPLE, seen.append,
                             should_stop=lambda: bool(seen))  # fmt: skip
    assert len(seen) == 1 and length == first.length_mm


def test_a_stop_that_never_comes_changes_nothing():
    params = RouteParams(time_limit_s=60, tsp_search="descent")  # deterministic
    a = route(LAYOUT, PICKS, "tsp", params)
    b = route(LAYOUT, PICKS, "tsp", params, should_stop=lambda: False)
    assert (a.length_mm, a.visits) == (b.length_mm, b.visits)


@pytest.mark.parametrize("where", ["should_stop", "on_progress"])
def test_what_a_callback_raises_propagates(where):
    def fail(*_args) -> bool:
        raise KeyError("cancelled")

    kw = {"should_stop": fail} if where == "should_stop" else {"on_progress": fail}
    with pytest.raises(KeyError, match="cancelled"):
        route(LAYOUT, PICKS, "tsp", AMPLE, **kw)


HK_PICKS = PICKS[:12]  # 12 distinct points on 4 blocks: Held-Karp, 16 polls


@pytest.mark.parametrize("router", [route, route_length_mm])
def test_a_stop_ends_held_karp_with_the_first_tour(router):
    # Held-Karp polled nothing: a stop waited for the whole DP (2^n n^2 steps)
    polls = [0]

    def stop_mid_dp() -> bool:
        polls[0] += 1
        return polls[0] > 2

    got = router(LAYOUT, HK_PICKS, "exact", should_stop=stop_mid_dp)
    assert polls[0] == 3  # stopped at the third poll, within the DP
    first = route(LAYOUT, HK_PICKS, "tsp", RouteParams(tsp_search="first"))
    if router is route:
        assert (got.method, got.optimal) == ("tsp", False)
        assert validate(LAYOUT, HK_PICKS, got).ok
        assert (got.length_mm, got.visits) == (first.length_mm, first.visits)
    else:
        assert got == first.length_mm


def test_held_karp_reports_the_first_tour_when_stopped():
    seen: list = []
    r = route(LAYOUT, HK_PICKS, "auto", on_progress=seen.append, should_stop=lambda: True)
    assert [(p.phase, p.best, p.bound) for p in seen] == [("tsp", r.length_mm, None)]


def test_held_karp_never_stopped_is_unchanged():
    a = route(LAYOUT, HK_PICKS, "exact")
    b = route(LAYOUT, HK_PICKS, "exact", should_stop=lambda: False)
    assert a.optimal and b.optimal and (a.length_mm, a.visits) == (b.length_mm, b.visits)
