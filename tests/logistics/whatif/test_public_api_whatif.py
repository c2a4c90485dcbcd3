"""Pin the names ``logistics.whatif`` exports."""

import logistics.whatif


def test_whatif_exports():
    assert sorted(logistics.whatif.__all__) == [
        "Changes",
        "Scenario",
        "ScenarioReport",
        "SiteReport",
        "SweepPoint",
        "SweepReport",
        "WhatIfNetwork",
        "build_network",
        "check_scenario",
        "format_report",
        "load_scenario",
        "parse_scenario",
        "plot_frontier",
        "run_scenario",
        "run_sweep",
        "run_sweep_sequential",
        "sweep_points",
        "write_sweep",
    ]
    for name in logistics.whatif.__all__:
        assert hasattr(logistics.whatif, name)
