"""Errors name the scenario's own fields and values; infeasible sweep points are outcomes."""

from __future__ import annotations

import concurrent.futures as cf
import copy

import pytest
from test_whatif import SMALL

from logistics.errors import InvalidValueError, LogisticsError
from logistics.jobs import Executor, ProcessPoolBackend
from logistics.whatif import (
    build_network,
    check_scenario,
    parse_scenario,
    run_scenario,
    run_sweep,
    run_sweep_sequential,
    write_sweep,
)
from logistics.whatif.network import NetworkInfeasibleError
from logistics.whatif.run import MAX_SWEEP_POINTS, sweep_points


def _data(**top):
    data = copy.deepcopy(SMALL)
    data["changes"] = {}
    data["solver"] = {"time_limit_s": 5}
    data.update(top)
    return data


def _error(data) -> InvalidValueError:
    with pytest.raises(InvalidValueError) as err:
        check_scenario(data)
    return err.value


def test_duplicate_demand_point_names_the_scenario_field():
    data = _data()
    data["base"]["demand_points"].append(dict(data["base"]["demand_points"][0]))
    err = _error(data)
    assert (err.field, err.value) == ("base.demand_points[5].id", "paris")
    assert "duplicate demand point" in err.reason


def test_too_little_capacity_names_the_factor_not_a_total():
    err = _error(_data(changes={"capacity_factor": {"*": 0.1}}))
    assert isinstance(err, NetworkInfeasibleError)
    assert (err.field, err.value) == ("changes.capacity_factor.*", 0.1)
    assert "below the total demand of 155" in err.reason
    err = _error(_data(changes={"capacity_factor": {"A": 0.1, "B": 0.1, "C": 0.1}}))
    assert err.field == "changes.capacity_factor" and err.value == {"A": 0.1, "B": 0.1, "C": 0.1}
    data = _data()
    for site in data["base"]["sites"]:
        site["capacity"] = 10
    err = _error(data)  # the base itself cannot serve its demand
    assert err.field == "base.sites"


def test_us_network_errors_name_scenario_fields():
    site = {"id": "OAK4", "location": {"lat": 40.0, "lon": -100.0}, "capacity": 1, "fixed_cost": 1}
    err = _error({"name": "us", "base": {"sites": [site]}})
    assert err.field == "base.sites[0].id" and "US network" in err.reason
    err = _error({"name": "us", "service": {"max_distance_m": 10_000}})
    assert err.field == "service.max_distance_m" and err.value == 10_000
    err = _error({"name": "us", "changes": {"close": ["XYZ9"]}})
    assert err.field == "changes.close[0]" and err.value == "XYZ9"
    err = _error({"name": "us", "changes": {"demand_growth": {"mars": 0.1}}})
    assert err.field == "changes.demand_growth.mars"


def test_a_point_cut_off_by_a_change_names_the_change_not_the_point():
    # was base.demand_points[0]='paris' for both: the points are fine, the changes are not
    err = _error(_data(changes={"close": ["A", "B", "C"]}))
    assert (err.field, err.value) == ("changes.close", ["A", "B", "C"])
    assert err.reason == "no site is left to serve the demand point 'paris'"
    err = _error(_data(changes={"service": {"max_distance_m": 1000}}))
    assert (err.field, err.value) == ("changes.service.max_distance_m", 1000)
    assert err.reason.startswith("no open or candidate site is within this distance")
    out = check_scenario(_data(sweep={"close": [[], ["A", "B", "C"]]}))
    assert out["infeasible_points"][0]["reason"].startswith("sweep.close[1]=['A', 'B', 'C']: ")
    err = _error(_data(service={"max_distance_m": 50_000}))  # the base's own limit: the point
    assert (err.field, err.value) == ("base.demand_points[1]", "lille")


def test_check_builds_without_solving():
    out = check_scenario(_data(changes={"close": ["B"]}))
    assert out == {"valid": True, "name": "small", "sites": 3, "demand_points": 5}
    out = check_scenario(_data(sweep={"capacity_factor.*": [1.0, 0.1]}))
    assert out["sweep_points"] == 2
    [bad] = out["infeasible_points"]
    assert bad["index"] == 1 and bad["values"] == {"capacity_factor.*": 0.1}
    assert bad["reason"].startswith('sweep["capacity_factor.*"][1]=0.1: ')


@pytest.mark.parametrize(
    ("sweep", "field", "value"),
    [
        ({"open": [[], ["Z"]]}, "sweep.open[1][0]", "Z"),
        ({"capacity_factor.*": [1.0, "x"]}, 'sweep["capacity_factor.*"][1]', "x"),
        ({"capacity_factor.*": [1.0, -1.0]}, 'sweep["capacity_factor.*"][1]', -1.0),
        ({"demand_growth.east": [0.1]}, 'sweep["demand_growth.east"][0]', 0.1),
    ],
)
def test_bad_sweep_values_name_the_sweep_entry(sweep, field, value):
    err = _error(_data(sweep=sweep))
    assert (err.field, err.value) == (field, value), err


def test_a_sweep_of_more_points_than_the_cap_is_refused_before_the_grid_is_built():
    # the grid is built in memory before any solve: three lists of 1,000 values made 10^9
    values = [1.0 + k / 1000 for k in range(101)]
    over = {"capacity_factor.*": values, "demand_growth.*": values[:100]}
    err = _error(_data(sweep=over))
    assert (err.field, err.value) == (
        "sweep",
        "101 capacity_factor.* x 100 demand_growth.* = 10100 points",
    )
    assert f"at most {MAX_SWEEP_POINTS} points" in err.reason
    at_the_cap = {"capacity_factor.*": values[:100], "demand_growth.*": values[:100]}
    assert len(sweep_points(parse_scenario(_data(sweep=at_the_cap)))) == MAX_SWEEP_POINTS


def test_bad_changes_fail_before_the_base_is_solved(monkeypatch):
    import logistics.whatif.run as run

    monkeypatch.setattr(run, "solve_changes", lambda *a: pytest.fail("solved"))
    with pytest.raises(InvalidValueError, match=r"changes\.close\[0\]"):
        run_scenario(_data(changes={"close": ["nope"]}))


def test_an_infeasible_sweep_point_is_its_outcome_and_the_others_run(tmp_path):
    scenario = parse_scenario(_data(sweep={"capacity_factor.*": [1.0, 0.1, 1.25]}))
    seen = []
    sweep = run_sweep_sequential(scenario, on_point=lambda d, t, r: seen.append((d, t)))
    assert seen == [(1, 3), (2, 3), (3, 3)]  # the base and the two feasible points
    assert sweep.complete and sweep.grid_size == 3 and sweep.executor == "sequential"
    ok, bad, more = sweep.points
    assert ok.status == "optimal" and more.status == "optimal"
    assert bad.status == "infeasible" and bad.total_cost is None and sweep.reports[1] is None
    assert bad.reason.startswith('sweep["capacity_factor.*"][1]=0.1: the sites that may open hold')
    assert ok.on_frontier_next_day or more.on_frontier_next_day
    assert not bad.on_frontier_same_day and not bad.on_frontier_next_day
    rows = sweep.table()
    assert rows[1]["status"] == "infeasible" and rows[1]["network_cost"] is None
    paths = write_sweep(sweep, tmp_path)
    md = (tmp_path / "small_frontier.md").read_text()
    assert 'point 1 (infeasible): sweep["capacity_factor.*"][1]=0.1' in md
    assert len(paths) >= 3


def test_a_point_the_solver_finds_infeasible_does_not_stop_the_sweep():
    # single source: doubling the north's demand makes paris (120) larger than any site
    data = _data(
        sweep={"demand_growth.north": [0.0, 1.0]}, solver={"time_limit_s": 5, "single_source": True}
    )
    with ProcessPoolBackend(workers=1) as pool:
        sweep = run_sweep(data, executor=pool)
    assert [p.status for p in sweep.points] == ["optimal", "infeasible"]
    assert "single source" in sweep.points[1].reason
    assert sweep.reports[0] is not None and sweep.reports[1] is None


def test_a_stopped_sweep_keeps_the_points_solved():
    scenario = parse_scenario(_data(sweep={"capacity_factor.*": [1.0, 1.25, 1.5]}))
    done = []
    sweep = run_sweep_sequential(
        scenario, on_point=lambda d, t, r: done.append(d), should_stop=lambda: len(done) >= 2
    )
    assert not sweep.complete and sweep.grid_size == 3
    assert [p.index for p in sweep.points] == [0] and len(sweep.reports) == 1


class _FirstCallsOnly(Executor):
    """Runs the first ``runs`` calls at once, in this process; the others never finish
    (a sweep stopped while its points still run)."""

    kind = "test"

    def __init__(self, runs: int) -> None:
        self.runs, self.cancelled, self.closed = runs, 0, []

    @property
    def workers(self) -> int:
        return 1

    def _submit(self, fn, args, kwargs):
        future: cf.Future = cf.Future()
        if self.runs > 0:
            self.runs -= 1
            future.set_result(fn(*args, **kwargs))
        return future

    def _as_completed(self, futures, timeout):
        return cf.as_completed(futures, timeout=timeout)

    def _cancel(self, future) -> bool:
        self.cancelled += future.cancel()
        return True

    def shutdown(self, wait: bool = True) -> None:
        self.closed.append(wait)


def test_a_sweep_stopped_while_its_points_run_reports_those_finished():
    scenario = parse_scenario(_data(sweep={"capacity_factor.*": [1.0, 1.25, 1.5]}))
    done: list[int] = []
    ex = _FirstCallsOnly(runs=2)  # the base and point 0
    sweep = run_sweep(
        scenario,
        executor=ex,
        on_point=lambda d, t: done.append(d),
        should_stop=lambda: done == [1, 2],
    )
    assert not sweep.complete and sweep.grid_size == 3
    assert [p.index for p in sweep.points] == [0] and sweep.points[0].status == "optimal"
    assert ex.cancelled == 2 and ex.closed == []  # a given executor is the caller's to close
    with pytest.raises(LogisticsError, match="stopped before the base was solved"):
        run_sweep(scenario, executor=_FirstCallsOnly(runs=0), should_stop=lambda: True)


def test_the_base_network_must_build():
    data = _data(sweep={"capacity_factor.*": [2.0]})
    for site in data["base"]["sites"]:
        site["capacity"] = 10
    with pytest.raises(NetworkInfeasibleError, match="base.sites"):
        run_sweep_sequential(data)
    with pytest.raises(NetworkInfeasibleError):
        build_network(parse_scenario(data))


@pytest.mark.parametrize(
    ("sweep", "field"),
    [
        ({"capacity_factor.*": [0.5], "capacity_factor": [{"A": 1.0}]}, "capacity_factor.*"),
        ({"capacity_factor": [{"A": 1.0}], "capacity_factor.*": [0.5]}, "capacity_factor.*"),
        ({"service.same_day": [{"max_distance_m": 9e5}], "service.same_day.max_distance_m": [1e3]},
         "service.same_day.max_distance_m"),
    ],
)  # fmt: skip
def test_a_sweep_key_inside_another_sweep_key_is_refused(sweep, field):
    # the first was dropped without a word (capacity_factor.* = 0.5 never applied) or, in the
    # other order, written into the other key's value and so into the scenario's sweep
    data = _data(sweep=copy.deepcopy(sweep))
    with pytest.raises(InvalidValueError) as err:
        check_scenario(data)
    assert err.value.field == f'sweep["{field}"]'
    assert "inside the sweep key" in err.value.reason
    assert data["sweep"] == sweep


def test_the_frontier_markdown_writes_money_in_full(tmp_path):
    # tabulate's default wrote 2.51234e+06: cents lost, close costs alike
    data = _data(sweep={"cost_rates.fixed_cost_factor": [1000.0, 1001.0]})
    sweep = run_sweep_sequential(parse_scenario(data))
    write_sweep(sweep, tmp_path)
    md = (tmp_path / "small_frontier.md").read_text()
    for point in sweep.points:
        assert point.network_cost > 1e6
        assert f" {point.network_cost:,.2f} " in md
        assert f" {point.total_cost:,.2f} " in md
    assert "e+06" not in md


def test_too_little_capacity_blames_the_growth_not_a_capacity_increase():
    # demand x 2.2 outgrows the sites; A's factor 1.5 only added capacity (was named:
    # 'changes.capacity_factor.A=1.5: the sites that may open hold 310 ...')
    err = _error(_data(changes={"capacity_factor": {"A": 1.5}, "demand_growth": {"*": 1.2}}))
    assert isinstance(err, NetworkInfeasibleError)
    assert (err.field, err.value) == ("changes.demand_growth", {"*": 1.2})
    assert "hold 310 units per period, below the total demand of 341" in err.reason
    # of several factors, the cuts are named, not the increases
    err = _error(_data(changes={"capacity_factor": {"A": 1.2, "B": 0.1, "C": 0.1}}))
    assert (err.field, err.value) == ("changes.capacity_factor", {"B": 0.1, "C": 0.1})
    err = _error(_data(changes={"capacity_factor": {"A": 2.0, "*": 0.2}}))
    assert (err.field, err.value) == ("changes.capacity_factor.*", 0.2)


def _reach_data(**changes):
    # within 300 km of road only C (Marseille, capacity 80) reaches marseille and nice (45)
    return _data(service={"max_distance_m": 300_000}, changes=changes)


def test_too_little_capacity_within_reach_is_bad_input_naming_the_setting():
    # was: no error from the check, then the solve failed with 'the scenario's network: no
    # assignment serves every customer within the capacities' (exit 1, no field; the API
    # queued a job that failed)
    assert check_scenario(_reach_data())["valid"]
    err = _error(_reach_data(capacity_factor={"C": 0.5}))
    assert isinstance(err, NetworkInfeasibleError)
    assert (err.field, err.value) == ("changes.capacity_factor.C", 0.5)
    assert err.reason == (
        "the sites within service.max_distance_m=300000 of the demand points 'marseille', "
        "'nice' hold 40 units per period, below their demand of 45"
    )
    err = _error(_reach_data(demand_growth={"south": 1.0}))
    assert (err.field, err.value) == ("changes.demand_growth", {"south": 1.0})
    assert "hold 80 units per period, below their demand of 90" in err.reason  # marseille, nice
    data = _reach_data()
    data["base"]["sites"][2]["capacity"] = 40
    err = _error(data)  # the base itself: the reach limit is what keeps A and B out
    assert (err.field, err.value) == ("service.max_distance_m", 300_000)
    with pytest.raises(InvalidValueError) as raised:
        run_scenario(_reach_data(capacity_factor={"C": 0.5}))
    assert raised.value.field == "changes.capacity_factor.C"


def test_a_sweep_point_short_within_reach_is_an_infeasible_outcome():
    out = check_scenario(_reach_data() | {"sweep": {"capacity_factor.C": [1.0, 0.5]}})
    assert out["sweep_points"] == 2
    (bad,) = out["infeasible_points"]
    assert bad["index"] == 1
    assert bad["reason"].startswith('sweep["capacity_factor.C"][1]=0.5: the sites within')


def test_too_little_capacity_blames_the_closures_not_a_demand_cut():
    # demand -10% only took demand away (was named: 'changes.demand_growth={'*': -0.1}')
    err = _error(_data(changes={"close": ["B", "C"], "demand_growth": {"*": -0.1}}))
    assert (err.field, err.value) == ("changes.close", ["B", "C"])
    assert "hold 100 units per period, below the total demand of 139.5" in err.reason
