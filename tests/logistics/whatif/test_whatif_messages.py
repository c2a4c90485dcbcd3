"""Numbers in what-if error messages read as a planner writes them: no exponent notation."""

from __future__ import annotations

import copy

import pytest
from test_whatif import SMALL

from logistics.errors import InvalidValueError
from logistics.whatif import check_scenario, format_report, load_scenario, run_scenario


def test_large_capacity_and_demand_print_in_full():
    data = copy.deepcopy(SMALL)
    data["changes"] = {"demand_growth": {"*": 9_999_999.0}}  # 155 units -> 1,550,000,000
    with pytest.raises(InvalidValueError) as err:
        check_scenario(data)
    assert "hold 260 units per period, below the total demand of 1,550,000,000" in str(err.value)


def test_unknown_region_lists_the_known_ones_as_site_ids_are_listed():
    data = copy.deepcopy(SMALL)
    data["changes"] = {"demand_growth": {"nowhere": 0.3}}
    regions = sorted({p["region"] for p in SMALL["base"]["demand_points"]})
    with pytest.raises(InvalidValueError) as err:
        check_scenario(data)
    assert err.value.field == "changes.demand_growth.nowhere"
    assert err.value.reason == f"no such region (known: {', '.join(map(repr, regions))})"


@pytest.mark.parametrize("where", ["sites", "regions"])
def test_known_ids_are_quoted_in_errors(where):
    """The known site ids and regions were listed raw: an ESC in one went raw into the
    error line (and to the terminal), a 5,000-character id came back whole."""
    data = copy.deepcopy(SMALL)
    if where == "sites":
        data["base"]["sites"][0]["id"] = "S\x1b[2J"
        data["changes"] = {"open": ["nowhere"]}
    else:
        data["base"]["demand_points"][0]["region"] = "R\x1b[2J" + "x" * 5000
        data["changes"] = {"demand_growth": {"nowhere": 0.3}}
    with pytest.raises(InvalidValueError) as err:
        check_scenario(data)
    assert "\x1b" not in str(err.value) and len(str(err.value)) < 1000
    assert "'S\\x1b[2J'" in err.value.reason or "'R\\x1b[2Jxxx" in err.value.reason


@pytest.mark.parametrize(
    ("changes", "field", "value"),
    [
        ({"capacity_factor": {"FOO": 2.0}}, "changes.capacity_factor.FOO", 2.0),  # was 'FOO'
        ({"demand_growth": {"nowhere": 0.3}}, "changes.demand_growth.nowhere", 0.3),
        ({"close": ["FOO"]}, "changes.close[0]", "FOO"),  # in a list the id is the value
    ],
)
def test_an_unknown_key_names_the_key_in_the_field_and_the_value_written(changes, field, value):
    data = copy.deepcopy(SMALL)
    data["changes"] = changes
    with pytest.raises(InvalidValueError) as err:
        check_scenario(data)
    assert (err.value.field, err.value.value) == (field, value)


@pytest.mark.parametrize("path", [("name",), ("base", "sites", 0, "location")])
def test_a_missing_field_is_named_missing_not_quoted_as_its_parent(path):
    data = copy.deepcopy(SMALL)
    *parents, key = path
    holder = data
    for part in parents:
        holder = holder[part]
    del holder[key]
    with pytest.raises(InvalidValueError) as err:
        check_scenario(data)
    field = ".".join(str(p) for p in path).replace(".0.", "[0].")
    assert (err.value.field, err.value.value) == (field, None)
    assert err.value.reason == "required field missing"
    assert str(err.value) == f"{field}=None: required field missing"


@pytest.mark.parametrize(
    ("file", "text", "got"),
    [
        ("s.yaml", "", "an empty file"),
        ("s.yaml", "- 1\n", "a list"),
        ("s.json", "[1]", "a list"),
        ("s.json", "null", "null"),
    ],
)
def test_a_scenario_file_that_is_no_mapping_names_the_file(tmp_path, file, text, got):
    path = tmp_path / file
    path.write_text(text)
    with pytest.raises(InvalidValueError) as err:
        load_scenario(path, "SCENARIO.yaml")
    assert (err.value.field, err.value.value) == ("SCENARIO.yaml", str(path))
    assert err.value.reason == f"expected a mapping of scenario fields, got {got}"


def test_the_text_report_lists_opened_and_closed_sites_as_words():
    data = copy.deepcopy(SMALL)
    data["changes"] = {"open": ["B"], "close": ["C"]}
    report = run_scenario(data)
    assert (report.vs_base.opened, report.vs_base.closed) == (["B"], ["C"])
    assert "; opened B, closed C" in format_report(report)  # not ['B'], ['C']


def test_a_sweep_value_that_is_no_list_points_at_its_key():
    data = copy.deepcopy(SMALL)
    data["sweep"] = {"capacity_factor.*": "abc"}
    with pytest.raises(InvalidValueError) as err:
        check_scenario(data)
    assert err.value.field == 'sweep["capacity_factor.*"]'
    assert err.value.pointer == "/sweep/capacity_factor.*"  # not /sweep/capacity_factor/*


@pytest.mark.parametrize("key", ["bogus.path", "service.same_day.nope", "capacity_factor."])
def test_a_sweep_key_that_is_no_setting_is_named_whole_with_the_settings(key):
    # it read sweep.bogus={'path': 1}: Extra inputs are not permitted
    data = copy.deepcopy(SMALL)
    data["sweep"] = {key: [1]}
    with pytest.raises(InvalidValueError) as err:
        check_scenario(data)
    assert (err.value.field, err.value.value) == (f'sweep["{key}"]', [1])
    assert err.value.pointer == f"/sweep/{key}"
    assert err.value.reason.startswith("not a setting of changes; a sweep key is one of open, ")
    for setting in ("capacity_factor.SITE", "service.same_day.max_distance_m", "cost_rates."):
        assert setting in err.value.reason


def test_sweep_keys_that_are_settings_pass_the_key_check():
    data = copy.deepcopy(SMALL)
    data["sweep"] = {
        "capacity_factor.*": [1.0],
        "service.next_day.max_distance_m": [900_000.0],
        "cost_rates.penalty_beyond_next_day": [0.0],
    }
    assert check_scenario(data)["sweep_points"] == 1


@pytest.mark.parametrize(
    ("changes", "field", "pointer"),
    [
        ({"capacity_factor": {"DC.1": 2.0}}, 'changes.capacity_factor["DC.1"]', "/DC.1"),
        ({"capacity_factor": {"A": -1.0}}, "changes.capacity_factor.A", "/A"),
        ({"demand_growth": {"n.e": 0.1}}, 'changes.demand_growth["n.e"]', "/n.e"),
    ],
)
def test_a_site_or_region_key_with_a_dot_stays_one_key(changes, field, pointer):
    data = copy.deepcopy(SMALL)
    data["changes"] = changes
    with pytest.raises(InvalidValueError) as err:
        check_scenario(data)
    assert err.value.field == field
    assert err.value.pointer.endswith(pointer)  # not /DC/1


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("name: x\n  bad: 1\n", "line 2 column 6: mapping values are not allowed here"),
        ("name: x\nbase: [1\n", "line 3 column 1: expected ',' or ']', but got '<stream end>'"),
        ('name: x\nb: "\x07"\n', "line 2 column 5: character #x0007: special characters"),
    ],
)
def test_a_malformed_yaml_scenario_names_the_file_like_json(tmp_path, text, why):
    # it raised DatasetFormatError: PATH:2: expected valid YAML (...), with no column
    path = tmp_path / "s.yaml"
    path.write_text(text)
    with pytest.raises(InvalidValueError) as err:
        load_scenario(path, "SCENARIO.yaml")
    assert (err.value.field, err.value.value) == ("SCENARIO.yaml", str(path))
    assert err.value.reason.startswith(f"not valid YAML ({why}")


def test_a_key_written_twice_in_a_yaml_scenario_is_refused_with_its_line(tmp_path):
    # YAML keeps the last: the first capacity_factor would be dropped without a word
    path = tmp_path / "s.yaml"
    path.write_text("name: x\nchanges:\n  capacity_factor: {A: 2}\n  capacity_factor: {B: 3}\n")
    with pytest.raises(InvalidValueError) as err:
        load_scenario(path, "SCENARIO.yaml")
    assert (err.value.field, err.value.value) == ("SCENARIO.yaml", str(path))
    assert err.value.reason == "not valid YAML (line 4 column 3: duplicate key 'capacity_factor')"


def test_keys_merged_from_an_anchor_may_be_overridden(tmp_path):
    from logistics.whatif.loader import _read_yaml

    path = tmp_path / "s.yaml"
    path.write_text("base: &b {x: 1, y: 3}\nc:\n  <<: *b\n  x: 2\n")
    assert _read_yaml(path, "SCENARIO.yaml")["c"] == {"x": 2, "y": 3}


def test_a_site_id_with_a_dot_can_be_swept():
    # capacity_factor.DC.1 is site DC.1 (a map of changes takes the rest of the key whole)
    from logistics.whatif import run_sweep_sequential

    data = copy.deepcopy(SMALL)
    data["base"]["sites"][0]["id"] = "DC.1"
    data["changes"] = {}
    data["sweep"] = {"capacity_factor.DC.1": [1.0, 0.5]}
    data["solver"] = {"time_limit_s": 2}
    sweep = run_sweep_sequential(data)
    assert [p.values for p in sweep.points] == [
        {"capacity_factor.DC.1": 1.0},
        {"capacity_factor.DC.1": 0.5},
    ]
    assert [p.status for p in sweep.points] == ["optimal", "optimal"]
    data["sweep"] = {"capacity_factor.A.x": [1.0]}  # no such site: named as the sweep key
    with pytest.raises(InvalidValueError) as err:
        check_scenario(data)
    assert err.value.field == 'sweep["capacity_factor.A.x"][0]'
    assert err.value.pointer == "/sweep/capacity_factor.A.x/0"
    assert sweep.points[1].total_cost > sweep.points[0].total_cost  # half of DC.1 left


def test_numbers_in_exponent_notation_read_as_numbers_in_a_yaml_scenario(tmp_path):
    # YAML 1.1 (PyYAML) read 6e7 and 1.0e6 as text: "Input should be a valid number"
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: x\nbase:\n  demand_per_capita: 1.5e0\n  site_defaults: {fixed_cost: 6e7}\n"
        "changes:\n  capacity_factor: {'*': 1.0e0}\n  demand_growth: {south: 3E-1}\n"
        "  service: {same_day: {max_distance_m: .2e6}}\n"
    )
    scenario = load_scenario(path, "SCENARIO.yaml")
    assert scenario.base.demand_per_capita == 1.5
    assert scenario.base.site_defaults.fixed_cost == 60_000_000.0
    assert scenario.changes.capacity_factor == {"*": 1.0}
    assert scenario.changes.demand_growth == {"south": 0.3}
    assert scenario.changes.service.same_day.max_distance_m == 200_000.0
