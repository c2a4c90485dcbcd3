"""A demand point with zero demand beyond every site's reach is accepted and solved."""

from __future__ import annotations

import copy

from test_whatif import SMALL, _point

from logistics.whatif import run_scenario


def test_a_zero_demand_point_out_of_reach_changes_nothing():
    reach = copy.deepcopy(SMALL)
    reach["service"]["max_distance_m"] = 1_000_000
    far = copy.deepcopy(reach)
    far["base"]["demand_points"].append(_point("reykjavik", 64.15, -21.94, 0, "north"))
    with_far, without = run_scenario(far), run_scenario(reach)
    assert with_far.total_cost == without.total_cost
    assert with_far.open_sites == without.open_sites
    assert with_far.same_day_share == without.same_day_share
