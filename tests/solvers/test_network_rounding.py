"""Single-source designs rounded from split ones, and the large path that starts from them."""

from __future__ import annotations

import importlib
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from logistics.datasets.orlib_cap import read_orlib_cap
from logistics.domain.facility import FacilityLocationProblem
from solvers.network import NetworkParams, solve, validate
from solvers.network.rounding import round_best, round_design, round_to_single_source
from solvers.network.search import OpenSetSearch, SplitDesign
from solvers.network.solution import evaluate
from solvers.network.transport import transport
from tests.solvers.test_network_solver import _brute_single, _random_problem

ORLIB = (
    Path(__file__).resolve().parents[2] / "datasets" / "orlib_cap_warehouse_location" / "instances"
)


def _problem(caps, demands, costs, fixed=None) -> FacilityLocationProblem:
    costs = np.asarray(costs, dtype=float)
    return FacilityLocationProblem(
        capacities=np.asarray(caps, dtype=float),
        fixed_costs=np.asarray(fixed if fixed is not None else [0.0] * len(caps), dtype=float),
        demands=np.asarray(demands, dtype=float),
        assignment_costs=costs,
    )


def _single_within_capacity(p: FacilityLocationProblem, x: np.ndarray) -> bool:
    one_site = bool(np.all((x == 1.0).sum(axis=0) == 1) and np.all((x == 0) | (x == 1)))
    load = x @ p.demands
    return one_site and bool(np.all(load <= p.capacities + 1e-9))


def test_a_split_customer_goes_to_its_largest_share():
    # customer 1 is split 3/4 : 1/4; site 0 has room for all of it
    p = _problem([10, 10], [4, 4], [[1, 2], [3, 4]])
    frac = np.array([[1.0, 0.75], [0.0, 0.25]])
    x = round_to_single_source(p, frac)
    assert x is not None and _single_within_capacity(p, x)
    assert x[:, 1].tolist() == [1.0, 0.0]


def test_an_overloaded_site_sheds_the_cheapest_demand_per_unit():
    # both customers prefer site 0 (room 5 of 8 needed); moving customer 0 (4 units)
    # to site 1 costs +8, 2 per unit; moving customer 1 (4 units) costs +4, 1 per unit
    p = _problem([5, 10], [4, 4], [[10, 10], [18, 14]])
    frac = np.array([[1.0, 1.0], [0.0, 0.0]])  # over capacity: a start to repair
    frac[1, 1] = 1e-6  # site 1 is open
    x = round_to_single_source(p, frac)
    assert x is not None and _single_within_capacity(p, x)
    assert x.tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_customers_move_to_cheaper_open_sites_with_room():
    p = _problem([10, 10], [2, 2], [[5, 5], [1, 9]])
    frac = np.array([[1.0, 1.0], [0.0, 1e-6]])  # customer 0 is cheaper at site 1
    x = round_to_single_source(p, frac)
    assert x is not None and x[:, 0].tolist() == [0.0, 1.0] and x[:, 1].tolist() == [1.0, 0.0]


def test_with_no_room_among_open_sites_the_cheapest_closed_site_opens():
    # site 0 holds 8 of 5; site 1 (open) has room 3 < 4; sites 2 and 3 are closed:
    # site 3 costs less to open (fixed 10) and serve than site 2 (fixed 50)
    p = _problem([5, 3, 10, 10], [4, 4], [[1, 1], [2, 2], [3, 3], [4, 4]], [0, 0, 50, 10])
    frac = np.array([[1.0, 1.0], [0.0, 1e-6], [0.0, 0.0], [0.0, 0.0]])
    x = round_to_single_source(p, frac)
    assert x is not None and _single_within_capacity(p, x)
    assert x.sum(axis=1).tolist() == [1.0, 0.0, 0.0, 1.0]


def test_a_closed_site_that_must_stay_closed_is_not_opened():
    p = _problem([5, 3, 10], [4, 4], [[1, 1], [2, 2], [3, 3]])
    p = FacilityLocationProblem(**{**_fields(p), "must_close": frozenset({2})})
    frac = np.array([[1.0, 1.0], [0.0, 1e-6], [0.0, 0.0]])
    assert round_to_single_source(p, frac) is None


def _fields(p: FacilityLocationProblem) -> dict:
    return {
        "capacities": p.capacities,
        "fixed_costs": p.fixed_costs,
        "demands": p.demands,
        "assignment_costs": p.assignment_costs,
    }


def test_no_room_anywhere_is_none():
    p = _problem([5, 3], [4, 4], [[1, 1], [2, 2]])
    frac = np.array([[1.0, 1.0], [0.0, 1e-6]])  # site 1 holds neither customer
    assert round_to_single_source(p, frac) is None


def _lumpy() -> FacilityLocationProblem:
    """4 sites (capacity 11) x 7 customers: the cheapest split design, sites 0, 2, 3 (cost
    1970), rounds to 2753 (the repair opens site 1 and moves the big customers); all four
    sites (split cost 2039) round to 2129."""
    costs = [
        [700, 231, 189, 675, 204, 252, 510],
        [343, 378, 390, 1278, 142, 309, 912],
        [385, 96, 138, 378, 114, 117, 312],
        [280, 147, 183, 585, 84, 78, 450],
    ]
    return _problem([11] * 4, [7, 3, 3, 9, 2, 3, 6], costs, [131, 130, 92, 53])


def _design(p: FacilityLocationProblem, sites: list[int]) -> SplitDesign:
    mask = np.zeros(p.num_sites, dtype=bool)
    mask[sites] = True
    frac = transport(p, mask)
    assert frac is not None
    return SplitDesign(sum(evaluate(p, frac)), mask, np.argmax(frac, axis=0))


def test_a_dearer_split_design_can_round_cheaper_and_round_best_keeps_it():
    p = _lumpy()
    first, second = _design(p, [0, 2, 3]), _design(p, [0, 1, 2, 3])
    assert (first.cost, second.cost) == (1970, 2039)
    assert sum(evaluate(p, round_design(p, first.open, first.site))) == 2753
    best = round_best(p, [first, second], until=float("inf"))
    assert best is not None and best[1] == 2129 and _single_within_capacity(p, best[0])
    assert sum(evaluate(p, best[0])) == best[1]


def _counting(monkeypatch) -> list[int]:
    rounding = importlib.import_module("solvers.network.rounding")
    calls: list[int] = []
    real = rounding.round_design

    def counted(problem, open_sites, site):
        calls.append(1)
        return real(problem, open_sites, site)

    monkeypatch.setattr(rounding, "round_design", counted)
    return calls


def test_round_best_skips_designs_whose_split_cost_is_no_cheaper_than_its_best(monkeypatch):
    p = _lumpy()
    calls = _counting(monkeypatch)
    first = _design(p, [0, 1, 2, 3])  # rounds to 2129
    dear = _design(p, [0, 1, 2])  # split cost 2322: it cannot round below 2129
    assert dear.cost >= 2129
    best = round_best(p, [first, dear], until=float("inf"))
    assert best is not None and best[1] == 2129 and len(calls) == 1


def test_round_best_rounds_the_first_design_even_out_of_time(monkeypatch):
    p = _lumpy()
    calls = _counting(monkeypatch)
    best = round_best(p, [_design(p, [0, 2, 3]), _design(p, [0, 1, 2, 3])], until=0.0)
    assert best is not None and best[1] == 2753 and len(calls) == 1


def test_round_best_without_a_roundable_design_is_none():
    p = _problem([5, 3], [4, 4], [[1, 1], [2, 2]])  # site 1 holds neither customer
    design = SplitDesign(3.0, np.array([True, True]), np.array([0, 0]))
    assert round_best(p, [design], until=float("inf")) is None
    assert round_best(p, [], until=float("inf")) is None


def test_single_source_returns_the_cheapest_rounding_of_the_split_pool(monkeypatch):
    # no MIP stage fits (as if building took 1 s per pair): the rounding is the answer;
    # rounding only the best split design (sites 0, 2, 3) ended at 2753
    solve_module = importlib.import_module("solvers.network.solve")
    monkeypatch.setattr(solve_module, "BUILD_S_PER_PAIR", 1.0)
    p = _lumpy()
    result = solve(p, NetworkParams(time_limit_s=5, single_source=True, method="lagrangian"))
    assert result.method == "lagrangian+rounding" and validate(p, result).feasible
    assert all(f == 1.0 for _j, _i, f in result.flows)
    assert result.cost == 2129


@pytest.mark.parametrize(("keep", "cost"), [(24, 2129), (1, 2753)])
def test_time_no_mip_stage_uses_rounds_the_designs_kept_beyond_the_first(monkeypatch, keep, cost):
    # one design rounded before the MIP (2753); no MIP stage fits, so the rest are rounded
    solve_module = importlib.import_module("solvers.network.solve")
    monkeypatch.setattr(solve_module, "BUILD_S_PER_PAIR", 1.0)
    monkeypatch.setattr(solve_module, "POOL_SIZE", 1)
    monkeypatch.setattr(solve_module, "POOL_KEEP", keep)
    p = _lumpy()
    seen = []
    params = NetworkParams(time_limit_s=5, single_source=True, method="lagrangian")
    result = solve(p, params, on_progress=seen.append)
    assert result.cost == cost and validate(p, result).feasible
    rounded = [s.best for s in seen if s.phase == "rounding"]
    assert rounded == ([2753, 2129] if keep > 1 else [2753])


def test_the_search_pool_keeps_the_cheapest_distinct_designs_in_order():
    p = _lumpy()
    search = OpenSetSearch(p, pool_size=3)
    for sites in ([0, 1, 2], [0, 2, 3], [0, 1, 2, 3], [1, 2, 3], [0, 2, 3]):
        mask = np.zeros(p.num_sites, dtype=bool)
        mask[sites] = True
        search.price(mask)
    costs = [d.cost for d in search.pool]
    assert costs == sorted(costs) and len(costs) == 3 and costs[0] == search.best_cost == 1970
    assert len({d.open.tobytes() for d in search.pool}) == 3
    assert search.pool[0].site.shape == (p.num_customers,)
    assert OpenSetSearch(p).pool == [] and search.best_open is not None


@pytest.mark.parametrize("seed", range(8))
def test_rounded_transport_solutions_are_single_source_and_cost_no_less(seed):
    p = _random_problem(seed, m=5, n=12, tight=1.6)
    frac = transport(p, np.ones(p.num_sites, dtype=bool))
    assert frac is not None
    x = round_to_single_source(p, frac)
    if x is None:  # a tight instance can leave no room to round into: allowed, never wrong
        return
    assert _single_within_capacity(p, x)
    assert sum(evaluate(p, x)) >= sum(evaluate(p, frac)) - 1e-6


@pytest.mark.parametrize("seed", range(4))
def test_the_lagrangian_path_reaches_the_single_source_optimum(seed):
    p = _random_problem(seed)
    result = solve(p, NetworkParams(time_limit_s=10, single_source=True, method="lagrangian"))
    assert validate(p, result).feasible
    assert all(f == 1.0 for _j, _i, f in result.flows)
    assert result.cost == pytest.approx(_brute_single(p), rel=1e-7)
    assert result.bound <= result.cost + 1e-6


def test_single_source_on_a_large_case_starts_from_the_rounded_split_design():
    inst = read_orlib_cap(ORLIB / "capb.txt", capacity=5000)
    result = solve(inst.problem, NetworkParams(time_limit_s=10, single_source=True))
    assert validate(inst.problem, result).feasible
    assert all(f == 1.0 for _j, _i, f in result.flows)
    assert "rounding" in result.method
    # the split optimum is a lower bound; a 10 s single-source design is within 5% of it
    # (the MIP alone from scratch ended 55% above its bound in 10 s; idle, this ends within
    # 0.1%, and 2.3% was seen with three test runs sharing the 2 cores: quality under load
    # is the benchmark's to show, this tests the start exists)
    assert inst.bks <= result.cost <= 1.05 * inst.bks


def test_single_source_progress_reports_single_source_costs_only():
    # the split search's designs cost less than any single-source one: they are not "best"
    inst = read_orlib_cap(ORLIB / "capb.txt", capacity=6000)
    seen = []
    result = solve(
        inst.problem, NetworkParams(time_limit_s=4, single_source=True), on_progress=seen.append
    )
    bests = [s.best for s in seen if s.best is not None]
    assert bests and seen[-1].phase == "done"
    assert all(b >= result.cost - 1e-6 for b in bests)  # none below the answer
    assert all(b2 <= b1 + 1e-6 for b1, b2 in zip(bests, bests[1:], strict=False))
    assert bests[-1] == pytest.approx(result.cost) and result.cost >= inst.bks


@pytest.mark.parametrize(
    ("single", "method"), [(False, "lagrangian+search"), (True, "lagrangian+rounding")]
)
def test_a_mip_too_big_to_build_in_the_time_left_is_skipped(monkeypatch, single, method):
    # as if building took 1 s per pair: no MIP stage fits, the search's design is the answer
    solve_module = importlib.import_module("solvers.network.solve")
    monkeypatch.setattr(solve_module, "BUILD_S_PER_PAIR", 1.0)
    # the solve's clocks count this process's CPU seconds (no MIP: all of it runs here),
    # so the search gets its 4 s however busy the machine is; on wall time it did too
    # little under load and the quality bound below failed now and then
    cpu_clock = SimpleNamespace(perf_counter=time.process_time)
    for name in ("solve", "lagrangian", "search", "rounding"):
        module = importlib.import_module(f"solvers.network.{name}")
        monkeypatch.setattr(module, "time", cpu_clock)
    inst = read_orlib_cap(ORLIB / "capb.txt", capacity=6000)
    result = solve(inst.problem, NetworkParams(time_limit_s=4, single_source=single))
    assert result.method == method and validate(inst.problem, result).feasible
    # within 5% of the split optimum (idle: 1%)
    assert result.seconds < 4 and inst.bks <= result.cost <= 1.05 * inst.bks
