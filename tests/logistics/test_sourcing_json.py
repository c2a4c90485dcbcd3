"""The sourcing JSON edge format and the ``logistics source`` command's error contract."""

from __future__ import annotations

import json

import pytest

from logistics.errors import InvalidValueError
from logistics.paths import project_root
from logistics.sourcing_json import (
    network_from_json,
    network_to_json,
    order_from_json,
    parse_time,
    problem_from_json,
)
from logistics.sourcing_scenario import us_scenario

EX = project_root() / "examples" / "sourcing"


def _load(name):
    return json.loads((EX / name).read_text())


def test_examples_parse():
    net, rules = network_from_json(_load("network_small.json"))
    assert [w.id for w in net.warehouses] == ["EWR1", "DFW7", "NYC-FWD"]
    assert net.stock_of("EWR1", "MUG-01") == 36  # on hand 40, reserved 4
    assert net.stock_of("NYC-FWD", "TEE-M") == 5  # safety stock 1
    assert net.capacity_left.tolist() == [1200, 8000, 35]
    assert net.warehouses[2].cutoffs_s == (11 * 3600, 14 * 3600, 18 * 3600)
    assert (net.warehouses[0].time_zone, net.warehouses[0].utc_offset_s) == ("America/New_York", 0)
    assert rules.max_shipments == 2 and rules.channel_reserve("marketplace") == 1
    problem = problem_from_json(_load("order_same_city.json"), net, rules)
    assert problem.customer_time_zone == "America/New_York"
    order = problem.order
    body = {k: v for k, v in _load("order_same_city.json").items() if k != "customer_time_zone"}
    assert order_from_json(body) == order  # the order alone, without the decision's options
    assert order.created_at == parse_time("t", "2026-06-01T13:05:00Z")
    assert order.promise.hours == 4 and order.units == 3


def test_utc_offsets_at_the_limits_parse():
    raw = _load("network_small.json")
    del raw["warehouses"][0]["time_zone"]  # one clock per site: the offset instead
    for text, seconds in [("+14:00", 14 * 3600), ("-12:00", -12 * 3600), ("+05:45", 20_700)]:
        raw["warehouses"][0]["utc_offset"] = text
        assert network_from_json(raw)[0].warehouses[0].utc_offset_s == seconds


def test_network_round_trips():
    sc = us_scenario(seed=2, n_orders=30)
    net, rules = network_from_json(network_to_json(sc.network, sc.rules))
    assert (net.available == sc.network.available).all()
    assert net.carriers == sc.network.carriers
    assert net.warehouses == sc.network.warehouses
    assert rules == sc.rules


def _order(**change):
    raw = _load("order_same_city.json")
    raw.update(change)
    return raw


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (_order(lines=[{"sku_id": "NOPE", "quantity": 1}]), "order.lines[0].sku_id"),
        (_order(lines=[{"sku_id": "MUG-01", "quantity": 0}]), "order.lines[0].quantity"),
        (_order(lines=[{"sku_id": "MUG-01", "quantity": -2}]), "order.lines[0].quantity"),
        (
            _order(
                lines=[{"sku_id": "MUG-01", "quantity": 1}, {"sku_id": "MUG-01", "quantity": 2}]
            ),
            "order.lines[1].sku_id",
        ),
        (_order(ship_to={"lat": 48.85, "lon": 2.35}), "order.ship_to"),
        (_order(ship_to={"lat": 95, "lon": 2.35}), "order.ship_to.lat"),
        (_order(ship_to=[40.7, -74.0]), "order.ship_to"),
        (_order(created_at="2026-06-01T09:05:00"), "order.created_at"),
        (_order(promise={"kind": "same_city"}), "order.promise.hours"),
        (_order(promise={"kind": "tomorrow"}), "order.promise.kind"),
        (_order(colour="red"), "order.colour"),
        (_order(lines=[{"sku_id": "MUG-01"}]), "order.lines[0].quantity"),
    ],
)
def test_bad_orders_name_the_field(raw, field):
    net, rules = network_from_json(_load("network_small.json"))
    with pytest.raises(InvalidValueError) as info:
        problem_from_json(raw, net, rules)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("warehouses", 0, "cutoffs"), ["25:00"], "network.warehouses[0].cutoffs[0]"),
        (("warehouses", 0, "utc_offset"), "EST", "network.warehouses[0].utc_offset"),
        # "+05:60" read as +06:00, "+-5:00" as -05:00, "+99:00" and 10**9 s were taken
        (("warehouses", 0, "utc_offset"), "+05:60", "network.warehouses[0].utc_offset"),
        (("warehouses", 0, "utc_offset"), "+-5:00", "network.warehouses[0].utc_offset"),
        (("warehouses", 0, "utc_offset"), "+ 5:00", "network.warehouses[0].utc_offset"),
        (("warehouses", 0, "utc_offset"), "+99:00", "network.warehouses[0].utc_offset"),
        (("warehouses", 0, "utc_offset"), 10**9, "network.warehouses[0].utc_offset"),
        (("stock", 0, "sku_id"), "NOPE", "network.stock[0].sku_id"),
        (("stock", 0, "on_hand"), -1, "network.stock[0].on_hand"),
        (("stock", 0, "reserved"), 41, "network.stock[0].reserved"),  # 40 on hand: was taken
        (
            ("carriers", 0, "zones", 1, "max_distance_m"),
            10,
            "network.carriers[0].zones[1].max_distance_m",
        ),
        (("carriers", 2, "radius_m"), 0, "network.carriers[2].radius_m"),
        (("rules", "max_shipments"), 0, "network.rules.max_shipments"),
    ],
)
def test_bad_networks_name_the_field(path, value, field):
    raw = _load("network_small.json")
    target = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(InvalidValueError) as info:
        network_from_json(raw)
    assert info.value.field == field


def test_cli_prints_decision_and_runner_ups(source_cli):
    code, out, err = source_cli(
        str(EX / "order_split.json"), "--network", str(EX / "network_small.json"), "--json"
    )
    assert code == 0, err
    d = json.loads(out)
    assert d["status"] == "sourced" and len(d["plan"]["shipments"]) == 2
    assert d["runner_ups"][0]["label"] == "all from DFW7"
    code, out, err = source_cli(str(EX / "order_us.json"))
    assert code == 0 and "runner-ups" in out


def test_cli_bad_input_exits_2_naming_the_field(source_cli, tmp_path):
    net = str(EX / "network_small.json")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_order(lines=[{"sku_id": "MUG-01", "quantity": 0}])))
    code, _, err = source_cli(str(path), "--network", net)
    assert code == 2 and err.startswith("error: order.lines[0].quantity=0")
    path.write_text(json.dumps(_order(ship_to={"lat": -33.9, "lon": 151.2})))
    code, _, err = source_cli(str(path), "--network", net)
    assert code == 2 and "order.ship_to" in err
    path.write_text(json.dumps(_order(lines=[{"sku_id": "GHOST", "quantity": 1}])))
    code, _, err = source_cli(str(path), "--network", net)
    assert code == 2 and "order.lines[0].sku_id" in err
    path.write_text("{not json")
    code, _, err = source_cli(str(path), "--network", net)
    assert code == 2 and "not valid JSON" in err


@pytest.mark.parametrize(
    ("where", "value", "field"),
    [
        ("order", 10**20, "order.lines[0].quantity"),  # was an OverflowError traceback, exit 1
        ("order", 10**12 + 1, "order.lines[0].quantity"),
        ("network", 10**20, "network.skus[0].weight_g"),
    ],
)
def test_cli_quantities_and_weights_past_int64_exit_2_naming_the_field(
    source_cli, tmp_path, where, value, field
):
    order = _order(lines=[{"sku_id": "MUG-01", "quantity": 1}])
    net = _load("network_small.json")
    if where == "order":
        order["lines"][0]["quantity"] = value
    else:
        net["skus"][0]["weight_g"] = value
    (tmp_path / "order.json").write_text(json.dumps(order))
    (tmp_path / "net.json").write_text(json.dumps(net))
    code, out, err = source_cli(
        str(tmp_path / "order.json"), "--network", str(tmp_path / "net.json")
    )
    assert code == 2 and "Traceback" not in err, err
    assert err.startswith(f"error: {field}={value}: must be <= ")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"created_at": "9999-12-30T23:59:59+00:00"}, "order.created_at"),
        ({"promise": {"kind": "standard", "days": 10**8}}, "order.promise.days"),
        ({"promise": {"kind": "same_city", "hours": 10**12}}, "order.promise.hours"),
    ],
)
def test_cli_times_past_year_9999_exit_2_naming_the_field(source_cli, tmp_path, change, field):
    # each used to print a decision up to its deadline and die with a traceback (exit 1):
    # ValueError: year 10000 is out of range
    path = tmp_path / "order.json"
    path.write_text(json.dumps(_order(**change)))
    code, _, err = source_cli(str(path), "--network", str(EX / "network_small.json"))
    assert code == 2 and "Traceback" not in err, err
    assert err.startswith(f"error: {field}=")


def test_cli_largest_quantity_is_a_decision_not_a_crash(source_cli, tmp_path):
    path = tmp_path / "order.json"
    path.write_text(json.dumps(_order(lines=[{"sku_id": "MUG-01", "quantity": 10**12}])))
    code, out, err = source_cli(str(path), "--network", str(EX / "network_small.json"), "--json")
    assert code == 0, err
    assert json.loads(out)["status"] == "out_of_stock"


@pytest.mark.parametrize(
    ("kind", "key", "limit", "bad"),
    [
        # a network file's order took same_city hours up to 87,840 (the API: 72)
        ("same_city", "hours", 72, 73),
        ("same_city", "hours", 72, 100),
        # and a standard promise up to 3,660 days (the API: 60)
        ("standard", "days", 60, 61),
        ("standard", "days", 60, 3660),
    ],
)
def test_cli_promise_past_the_apis_limit_exit_2_naming_it(
    source_cli, tmp_path, kind, key, limit, bad
):
    path = tmp_path / "order.json"
    path.write_text(json.dumps(_order(promise={"kind": kind, key: bad})))
    code, out, err = source_cli(str(path), "--network", str(EX / "network_small.json"))
    assert code == 2 and not out and "Traceback" not in err, err
    assert err.startswith(f"error: order.promise.{key}={bad}: must be <= {limit}"), err
    path.write_text(json.dumps(_order(promise={"kind": kind, key: limit})))
    code, out, err = source_cli(str(path), "--network", str(EX / "network_small.json"))
    assert code == 0 and out.startswith("order A-1001: "), err


def test_a_standard_promise_reads_the_apis_standard_days_as_days():
    # files knew only "days"; the API's "standard_days" was an unknown field
    body = {k: v for k, v in _load("order_same_city.json").items() if k != "customer_time_zone"}
    as_file = order_from_json({**body, "promise": {"kind": "standard", "days": 3}})
    as_api = order_from_json({**body, "promise": {"kind": "standard", "standard_days": 3}})
    assert as_api == as_file and as_api.promise.standard_days == 3
    with pytest.raises(InvalidValueError) as e:
        order_from_json({**body, "promise": {"kind": "standard", "standard_days": 0}})
    assert e.value.field == "order.promise.standard_days" and e.value.value == 0
    both = {"kind": "standard", "days": 3, "standard_days": 3}
    with pytest.raises(InvalidValueError) as e:
        order_from_json({**body, "promise": both})
    assert e.value.field == "order.promise.standard_days" and "give one" in e.value.reason


@pytest.mark.parametrize("days", [0, "5"])
def test_a_bad_standard_promise_names_the_files_days_key(days):
    # the file's key is "days"; the error named the domain's standard_days
    body = {k: v for k, v in _load("order_same_city.json").items() if k != "customer_time_zone"}
    body["promise"] = {"kind": "standard", "days": days}
    with pytest.raises(InvalidValueError) as e:
        order_from_json(body)
    assert e.value.field == "order.promise.days" and e.value.value == days


@pytest.mark.parametrize(
    ("path", "value", "field", "named"),
    [
        (("warehouses", 0, "cutoffs"), ["16:00", "10:00"], "warehouses[0].cutoffs[1]", "10:00"),
        (("warehouses", 0, "cutoffs"), [], "warehouses[0].cutoffs", []),
        (("carriers", 2, "first_pickup"), "22:00", "carriers[2].first_pickup", "22:00"),
        (("carriers", 0, "zones"), None, "carriers[0].zones", None),
    ],
)
def test_domain_checks_name_the_files_keys_and_values(path, value, field, named):
    # they named the domain's cutoffs_s[1]=36000, first_pickup_s=79200 and rate_card,
    # keys the file does not have, with the times in seconds
    raw = _load("network_small.json")
    target = raw
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    with pytest.raises(InvalidValueError) as e:
        network_from_json(raw)
    assert (e.value.field, e.value.value) == (f"network.{field}", named)
    assert "_s" not in e.value.reason


def test_a_negative_capacity_left_names_its_site():
    # it was refused as network.capacity_left=[-1, 8000, 35], a key the file does not have
    net = _load("network_small.json")
    net["warehouses"][0]["capacity_left"] = -1
    with pytest.raises(InvalidValueError) as e:
        network_from_json(net)
    assert (e.value.field, e.value.value) == ("network.warehouses[0].capacity_left", -1)


def test_an_unknown_excluded_site_is_refused():
    # a misspelt site was accepted and excluded nothing
    net = _load("network_small.json")
    net["rules"]["excluded_warehouse_ids"] = ["EWR1", "NYC-FDW"]
    with pytest.raises(InvalidValueError) as e:
        network_from_json(net)
    assert (e.value.field, e.value.value) == ("network.rules.excluded_warehouse_ids[1]", "NYC-FDW")
    net["rules"]["excluded_warehouse_ids"] = ["EWR1"]
    assert network_from_json(net)[1].excluded_warehouse_ids == {"EWR1"}


@pytest.mark.parametrize(
    "value", ["20261123T080000-0300", "2026-11-23T08:00-03:00", "2026-W48-1T08:00:00Z"]
)
def test_a_time_that_is_iso_8601_but_not_rfc_3339_is_refused(value):
    # the routing JSON's reader refused these already; sourcing took them
    with pytest.raises(InvalidValueError) as err:
        parse_time("order.created_at", value)
    assert (err.value.field, err.value.value) == ("order.created_at", value)
    assert err.value.reason == "expected an RFC 3339 time with offset"


def test_a_lowercase_z_is_utc():
    assert parse_time("order.now", "2026-11-23t08:00:00z") == 1795420800


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        (("warehouses", 0, "kind"), "depot", "one of 'fulfillment_center', 'forward'"),
        (
            ("carriers", 0, "kind"),
            "drone",
            "one of 'courier', 'instant', 'own_fleet', 'pickup_point'",
        ),
    ],
)
def test_an_unknown_kind_lists_the_kinds_like_other_errors(path, value, reason):
    # printed a Python list (one of ['fulfillment_center', 'forward']), unlike the
    # errors logistics.errors.one_of words
    raw = _load("network_small.json")
    raw[path[0]][path[1]][path[2]] = value
    with pytest.raises(InvalidValueError) as info:
        network_from_json(raw)
    assert info.value.reason == reason


def test_an_unknown_promise_kind_lists_the_kinds_like_other_errors():
    net, rules = network_from_json(_load("network_small.json"))
    with pytest.raises(InvalidValueError) as info:
        problem_from_json(_order(promise={"kind": "tomorrow"}), net, rules)
    assert info.value.reason == "one of 'same_city', 'same_day', 'next_day', 'standard'"


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (("warehouses", 0, "capacity_per_day"), "network.warehouses[0].capacity_per_day"),
        (("warehouses", 0, "capacity_left"), "network.warehouses[0].capacity_left"),
        (
            ("warehouses", 2, "handling_cost_per_order"),
            "network.warehouses[2].handling_cost_per_order",
        ),
        (
            ("warehouses", 2, "handling_cost_per_unit"),
            "network.warehouses[2].handling_cost_per_unit",
        ),
        (("stock", 0, "on_hand"), "network.stock[0].on_hand"),
        (("carriers", 0, "zones", 0, "base_cents"), "network.carriers[0].zones[0].base_cents"),
        (("carriers", 0, "zones", 0, "per_kg_cents"), "network.carriers[0].zones[0].per_kg_cents"),
        (("carriers", 0, "zones", 0, "transit_days"), "network.carriers[0].zones[0].transit_days"),
        (("carriers", 2, "base_cents"), "network.carriers[2].base_cents"),
        (("carriers", 2, "per_km_cents"), "network.carriers[2].per_km_cents"),
        (("carriers", 2, "max_weight_g"), "network.carriers[2].max_weight_g"),
        (("carriers", 2, "handover_s"), "network.carriers[2].handover_s"),
    ],
)
@pytest.mark.parametrize("value", [2**63, 10**20])
def test_cli_network_numbers_past_int64_exit_2_naming_the_field(
    source_cli, tmp_path, path, field, value
):
    # fuzz: each was an OverflowError traceback (exit 1) when the solver made its int64
    # arrays ("Python int too large to convert to C long"; handover_s: "timestamp out of
    # range for platform time_t")
    net = _load("network_small.json")
    target = net
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    (tmp_path / "net.json").write_text(json.dumps(net))
    code, _, err = source_cli(str(EX / "order_split.json"), "--network", str(tmp_path / "net.json"))
    assert code == 2 and "Traceback" not in err, err
    assert err.startswith(f"error: {field}={value}: must be ")
