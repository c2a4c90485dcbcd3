"""FacilityLocationProblem validation names the bad field."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest

from logistics.domain.facility import FacilityLocationProblem
from logistics.errors import InvalidValueError


def _problem(**changes):
    data = dict(
        capacities=[10, 10],
        fixed_costs=[5, 7],
        demands=[4, 6, 3],
        assignment_costs=[[1, 2, 3], [3, 2, 1]],
    )
    data.update(changes)
    return FacilityLocationProblem(**data)


def test_valid_problem_is_read_only_and_picklable():
    p = _problem(site_names=["a", "b"])
    assert (p.num_sites, p.num_customers, p.total_demand) == (2, 3, 13.0)
    assert p.customer_names == ("0", "1", "2")
    with pytest.raises(ValueError):
        p.capacities[0] = 3
    q = pickle.loads(pickle.dumps(p))
    assert q.assignment_costs.tolist() == p.assignment_costs.tolist()
    assert q.site_names == ("a", "b")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"capacities": [10, -1]}, "capacities[1]"),
        ({"fixed_costs": [5, math.nan]}, "fixed_costs[1]"),
        ({"demands": [4, -6, 3]}, "demands[1]"),
        ({"assignment_costs": [[1, 2, 3], [3, -2, 1]]}, "assignment_costs[1][1]"),
        ({"assignment_costs": [[1, 2], [3, 2]]}, "assignment_costs"),
        ({"fixed_costs": [5]}, "fixed_costs"),
        ({"site_names": ["a", "a"]}, "site_names[1]"),
        ({"must_open": [0], "must_close": [0]}, "must_close[0]"),
        ({"must_open": [2]}, "must_open[0]"),
        ({"assignment_costs": [[1, math.inf, 3], [3, math.inf, 1]]}, "customers[1]"),
        ({"must_close": [1], "assignment_costs": [[1, 2, math.inf], [3, 2, 1]]}, "customers[2]"),
    ],
)
def test_bad_values_name_the_field(changes, field):
    with pytest.raises(InvalidValueError) as err:
        _problem(**changes)
    assert err.value.field == field


def test_with_changes_revalidates():
    p = _problem()
    q = p.with_changes(capacities=np.array([20.0, 20.0]), name="more")
    assert q.capacities.tolist() == [20, 20] and q.name == "more"
    with pytest.raises(InvalidValueError):
        p.with_changes(capacities=[-1, 2])
    with pytest.raises(InvalidValueError):
        p.with_changes(colour="red")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"fixed_costs": [5, 1e20]}, "fixed_costs[1]"),
        ({"assignment_costs": [[1, 2, 3], [3, 1e25, 1]]}, "assignment_costs[1][1]"),
        ({"capacities": [10, 1e20]}, "capacities[1]"),
        ({"demands": [4, 1e21, 3]}, "demands[1]"),
        ({"demands": [6e19, 6e19, 3]}, "demands"),  # each below, the total not
    ],
)
def test_a_number_the_mip_reads_as_infinite_is_refused_naming_the_entry(changes, field):
    # SCIP refused such a model and the solve ended in "no feasible design found"
    with pytest.raises(InvalidValueError) as err:
        _problem(**changes)
    assert err.value.field == field
    assert err.value.reason.startswith(("must be below 1e+20", "must total below 1e+20"))
    _problem(assignment_costs=[[1, 2, 3], [3, math.inf, 1]])  # inf: still "may not serve"


@pytest.mark.parametrize(
    ("field", "value"),
    [("site_names", 5), ("customer_names", 1.5), ("must_open", 1), ("must_close", True)],
)
def test_names_and_index_sets_that_are_not_lists_are_named(field, value):
    # were TypeError tracebacks: "object of type 'int' has no len()", "'int' ... not iterable"
    with pytest.raises(InvalidValueError) as err:
        _problem(**{field: value})
    assert err.value.field == field
