"""Ctrl-C on ``logistics network solve`` and ``logistics whatif`` ends the search and shows
the best design so far, marked as stopped (exit 130); a second Ctrl-C aborts at once.
Both commands used to die with ``interrupted`` and nothing else: the search was lost."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from tests.cli_ctrl_c import ROOT, Child

CAPC = ROOT / "datasets/orlib_cap_warehouse_location/instances/capc.txt"

pytestmark = pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc (Linux)")


def _searching(pid: int) -> bool:
    """Whether the solve runs: OR-Tools' min-cost flow (the first design's pricing) is
    loaded only there."""
    return "min_cost_flow" in Path(f"/proc/{pid}/maps").read_text()


def _ctrl_c(args: list[str], *, times: int = 1) -> tuple[int, str, str, float]:
    """Run ``logistics ARGS``, send Ctrl-C ``times`` once it searches; ``(exit code,
    stdout, stderr, seconds from the first Ctrl-C to the end)``."""
    child = Child(args)
    child.wait_until(_searching)
    time.sleep(1.0)  # into the search
    sent = time.monotonic()
    code, out, err = child.ctrl_c(times, timeout=120)  # the limits are 600 s: it must not run on
    return code, out, err, time.monotonic() - sent


def test_ctrl_c_on_network_solve_prints_the_best_design_so_far():
    code, out, err, _ = _ctrl_c(
        ["network", "solve", str(CAPC), "--capacity", "5000", "--time-limit", "600", "--json"]
    )
    assert code == 130, err
    data = json.loads(out)
    assert data["stopped"] is True and data["feasible"] is True and data["open"]
    assert data["seconds"] < 120
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("stopped by Ctrl-C: the best design so far")


def test_a_second_ctrl_c_aborts_at_once_or_is_ignored_once_the_design_is_shown():
    """Which one depends on when the second press lands: during the search it aborts
    (``interrupted``, nothing printed); once the first one's design is being written it
    is ignored. Either way exit 130 and no traceback: it killed the process by SIGINT
    (-2) when it came while the command exited. That the second press raises during the
    search is tested on :func:`sigint_stops` itself."""
    code, out, err, _ = _ctrl_c(
        ["network", "solve", str(CAPC), "--capacity", "5000", "--time-limit", "600"], times=2
    )
    assert code == 130, err
    assert "Traceback" not in err
    if out:
        assert "stopped early by Ctrl-C" in out
        assert err.strip().splitlines()[-1].startswith("stopped by Ctrl-C: the best design")
    else:
        assert err.endswith("interrupted\n")


def _big_scenario(tmp_path: Path) -> Path:
    """A custom network that the solver does not prove in 600 s: 120 candidate sites and
    1,200 demand points, seeded."""
    rng = np.random.default_rng(7)
    sites = [
        {
            "id": f"S{i}",
            "location": {"lat": float(lat), "lon": float(lon)},
            "capacity": 40_000,
            "fixed_cost": round(float(rng.uniform(2e5, 6e5))),
            "status": "candidate",
        }
        for i, (lat, lon) in enumerate(rng.uniform([30.0, -100.0], [45.0, -80.0], (120, 2)))
    ]
    points = [
        {"id": f"p{j}", "location": {"lat": float(lat), "lon": float(lon)}, "demand": int(d)}
        for j, ((lat, lon), d) in enumerate(
            zip(
                rng.uniform([30.0, -100.0], [45.0, -80.0], (1200, 2)),
                rng.integers(100, 2000, 1200),
                strict=True,
            )
        )
    ]
    scenario = {
        "name": "big",
        "base": {"network": "custom", "sites": sites, "demand_points": points},
        "service": {"same_day": {"max_distance_m": 150000}},
        "cost_rates": {"transport_per_unit_km": 0.01},
        "changes": {"capacity_factor": {"*": 1.1}},
        "solver": {"time_limit_s": 600},
    }
    path = tmp_path / "big.json"
    path.write_text(json.dumps(scenario))
    return path


def test_ctrl_c_on_whatif_reports_and_writes_the_best_designs_so_far(tmp_path):
    scenario = _big_scenario(tmp_path)
    code, out, err, after = _ctrl_c(["whatif", str(scenario), "--json", "--out", str(tmp_path)])
    assert code == 130, err
    report = json.loads(out)
    assert report["stopped"] is True and report["open_sites"] and report["vs_base"]
    written = json.loads((tmp_path / "big_report.json").read_text())
    assert written["stopped"] is True
    assert err.strip().splitlines()[-1] == "stopped by Ctrl-C: the best designs so far are reported"
    assert after < 60  # stopped in the base: the scenario gets about a second of its own
