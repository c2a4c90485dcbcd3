"""Network what-if: scenarios on a base network, reports against the base, sweeps.

>>> from logistics.whatif import load_scenario, run_scenario
>>> report = run_scenario(load_scenario("examples/scenarios/forward_denver.yaml"))  # doctest: +SKIP
>>> report.vs_base.total_cost_pct  # doctest: +SKIP

``run_scenario(scenario) -> ScenarioReport`` (a :class:`Scenario` or its
mapping) is what the API's ``/v1/scenarios`` job calls; ``run_sweep`` solves a
grid of changes through :mod:`logistics.jobs` and marks the cost-vs-coverage
frontier (``run_sweep_sequential``: the same in this process, one point after
another, stoppable between points: the API job's way). ``check_scenario``
builds every network a run would solve, without solving (``validate_only``).
"""

from logistics.whatif.loader import load_scenario, parse_scenario
from logistics.whatif.network import WhatIfNetwork, build_network
from logistics.whatif.output import plot_frontier, write_sweep
from logistics.whatif.report import ScenarioReport, SiteReport, format_report
from logistics.whatif.run import (
    SweepPoint,
    SweepReport,
    check_scenario,
    run_scenario,
    run_sweep,
    run_sweep_sequential,
    sweep_points,
)
from logistics.whatif.schema import Changes, Scenario

__all__ = [
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
