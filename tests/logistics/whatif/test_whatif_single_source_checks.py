"""Single source: a demand point bigger than every site that may serve it is found when
the network is built (bad input naming solver.single_source), not by a failed solve."""

from __future__ import annotations

import copy

import pytest
from test_whatif import SMALL

from logistics.whatif import check_scenario, run_scenario
from logistics.whatif.network import NetworkInfeasibleError


def single_source(**top) -> dict:
    data = copy.deepcopy(SMALL)
    data["solver"] = {"time_limit_s": 5, "single_source": True}
    # paris needs 90 of sites holding 80 / 80 / 80 (240 in all, for a demand of 195)
    data["changes"] = {"demand_growth": {"north": 0.5}, "capacity_factor": {"A": 0.8}}
    data.update(top)
    return data


def test_one_scenario_names_the_setting():
    for run in (check_scenario, run_scenario):
        with pytest.raises(NetworkInfeasibleError, match="'paris' has demand 90") as err:
            run(single_source())
        assert err.value.field == "solver.single_source"


def test_a_sweep_point_is_infeasible_before_any_solve():
    out = check_scenario(single_source(sweep={"capacity_factor.A": [1.0, 0.8]}))
    assert [p["index"] for p in out["infeasible_points"]] == [1]
    assert "single_source" in out["infeasible_points"][0]["reason"]


def _point(ident, lat, lon, demand):
    return {"id": ident, "location": {"lat": lat, "lon": lon}, "demand": demand}


def _site(ident, lat, lon, status):
    loc = {"lat": lat, "lon": lon}
    return {"id": ident, "location": loc, "capacity": 100, "fixed_cost": 10, "status": status}


def test_points_that_do_not_pack_into_the_sites_name_the_setting_and_the_network():
    # 60 + 90 + 45 in two sites of 100: every point fits a site, no packing does; the
    # solver proves it, and the run said only "no assignment serves every customer ..."
    data = {
        "name": "pack",
        "base": {
            "network": "custom",
            "sites": [_site("A", 31.0, 121.0, "open"), _site("B", 31.5, 120.5, "candidate")],
            "demand_points": [
                _point("p1", 31.1, 121.1, 60),
                {**_point("p2", 31.4, 120.4, 60), "region": "west"},
                {**_point("p3", 31.2, 120.4, 30), "region": "west"},
            ],
        },
        "changes": {"demand_growth": {"west": 0.5}},
        "solver": {"time_limit_s": 5, "single_source": True},
    }
    check_scenario(data)  # each point fits some site: the build's checks pass
    with pytest.raises(NetworkInfeasibleError) as err:
        run_scenario(data)
    assert (err.value.field, err.value.value) == ("solver.single_source", True)
    assert err.value.reason.startswith("the scenario's network has no single-source assignment")
