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
    data["solver"] = {"time_limit": 5, "single_source": True}
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
