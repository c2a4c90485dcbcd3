"""``short_within_reach``: a group of customers the sites within reach cannot serve."""

import numpy as np
import pytest

from logistics.domain.facility import FacilityLocationProblem
from solvers.network.reach import short_within_reach
from solvers.network.transport import transport


def test_names_the_group_whose_sites_hold_too_little():
    caps = np.array([100.0, 40.0])
    dem = np.array([30.0, 25.0, 20.0])
    reach = np.array([[True, False, False], [False, True, True]])
    group = short_within_reach(caps, dem, reach)
    assert group.tolist() == [False, True, True]  # 45 units, one site of 40
    assert short_within_reach(np.array([100.0, 45.0]), dem, reach) is None  # exactly enough
    assert short_within_reach(caps, np.zeros(3), reach) is None


def test_fractional_units_never_refuse_a_network_that_fits():
    # 1/3-unit demands on a site of exactly their sum: rounding may not call it short
    dem = np.full(3, 1 / 3)
    assert short_within_reach(np.array([1.0]), dem, np.ones((1, 3), dtype=bool)) is None
    assert short_within_reach(np.array([0.999]), dem, np.ones((1, 3), dtype=bool)) is not None


@pytest.mark.parametrize("seed", range(20))
def test_agrees_with_the_transportation_problem(seed):
    rng = np.random.default_rng(seed)
    m, n = 6, 15
    caps = rng.integers(10, 60, m).astype(float)
    dem = rng.integers(1, 20, n).astype(float)
    reach = rng.random((m, n)) < 0.3
    reach[rng.integers(0, m, n), np.arange(n)] = True  # every customer has a site
    problem = FacilityLocationProblem(
        capacities=caps,
        fixed_costs=np.zeros(m),
        demands=dem,
        assignment_costs=np.where(reach, 1.0, np.inf),
    )
    fits = caps.sum() >= dem.sum() and transport(problem, np.ones(m, dtype=bool)) is not None
    group = short_within_reach(caps, dem, reach)
    assert (group is None) == fits
    if group is not None:
        assert dem[group].sum() > caps[reach[:, group].any(axis=1)].sum()
