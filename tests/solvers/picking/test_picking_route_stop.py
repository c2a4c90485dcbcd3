"""The ``tsp`` picker route stops when asked: ``should_stop`` ends OR-Tools' search with
its best tour so far, and what it raises reaches the caller. Stops follow progress
reports, not the clock."""

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
