"""IANA zones in the sourcing JSON files and the ``logistics source`` command."""

from __future__ import annotations

import json

import pytest

from logistics.errors import InvalidValueError
from logistics.paths import project_root
from logistics.sourcing_json import network_from_json, network_to_json, problem_from_json
from solvers.sourcing import solve

EX = project_root() / "examples" / "sourcing"


def _load(name):
    return json.loads((EX / name).read_text())


def _zoned_network():
    """The small example network (sites on IANA zones) with the Dallas site back on a fixed
    ``-06:00``: one file may mix both."""
    raw = _load("network_small.json")
    for w in raw["warehouses"]:
        if w["time_zone"] == "America/Chicago":
            del w["time_zone"]
            w["utc_offset"] = "-06:00"
    return raw


def _fixed_network():
    """The small example network on fixed offsets, as it was before zones: New York
    sites at ``-05:00`` (an hour off in summer), Dallas at ``-06:00``."""
    raw = _load("network_small.json")
    offsets = {"America/New_York": "-05:00", "America/Chicago": "-06:00"}
    for w in raw["warehouses"]:
        w["utc_offset"] = offsets[w.pop("time_zone")]
    return raw


def test_time_zone_reads_writes_and_round_trips():
    net, rules = network_from_json(_zoned_network())
    ewr = net.warehouses[0]
    assert (ewr.time_zone, ewr.utc_offset_s) == ("America/New_York", 0)
    assert net.warehouses[1].time_zone is None and net.warehouses[1].utc_offset_s == -6 * 3600
    out = network_to_json(net, rules)
    assert out["warehouses"][0]["time_zone"] == "America/New_York"
    assert "utc_offset" not in out["warehouses"][0]
    assert (
        out["warehouses"][1]["utc_offset"] == "-06:00" and "time_zone" not in out["warehouses"][1]
    )
    again, _ = network_from_json(json.loads(json.dumps(out)))
    assert again.warehouses == net.warehouses


def test_files_without_zones_decide_as_before():
    # EWR1 at a fixed -05:00 leaves at 14:00 EST = 19:00Z in June
    net, rules = network_from_json(_fixed_network())
    order = _load("order_split.json")
    del order["customer_time_zone"]
    d = solve(problem_from_json(order, net, rules)).to_dict()
    ships = {s["warehouse_id"]: s["ships_at"] for s in d["plan"]["shipments"]}
    assert ships["EWR1"] == "2026-06-01T19:00:00Z"
    assert d["promise_deadline"] == "2026-06-03T05:00:00Z"  # customer offset from longitude


def test_zoned_site_and_customer_follow_daylight_time():
    net, rules = network_from_json(_zoned_network())
    order = {**_load("order_split.json"), "customer_time_zone": "America/New_York"}
    d = solve(problem_from_json(order, net, rules)).to_dict()
    ships = {s["warehouse_id"]: s["ships_at"] for s in d["plan"]["shipments"]}
    assert ships["EWR1"] == "2026-06-01T18:00:00Z"  # the 14:00 EDT cut-off
    assert d["promise_deadline"] == "2026-06-03T04:00:00Z"  # midnight EDT


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ({"time_zone": "America/Gotham"}, "network.warehouses[0].time_zone", "America/Gotham"),
        ({"time_zone": 5}, "network.warehouses[0].time_zone", 5),
        (
            {"time_zone": "America/New_York", "utc_offset": "-05:00"},
            "network.warehouses[0].utc_offset",
            "-05:00",
        ),
    ],  # fmt: skip
)
def test_bad_site_zones_name_the_field(change, field, value):
    raw = _fixed_network()
    raw["warehouses"][0].update(change)
    with pytest.raises(InvalidValueError) as e:
        network_from_json(raw)
    assert (e.value.field, e.value.value) == (field, value)


def test_bad_customer_zones_name_the_field():
    net, rules = network_from_json(_load("network_small.json"))
    order = {**_load("order_split.json"), "customer_time_zone": "Europe/Atlantis"}
    with pytest.raises(InvalidValueError) as e:
        problem_from_json(order, net, rules)
    assert (e.value.field, e.value.value) == ("order.customer_time_zone", "Europe/Atlantis")
    order = {**order, "customer_time_zone": "Europe/Berlin", "customer_utc_offset": "+01:00"}
    with pytest.raises(InvalidValueError) as e:
        problem_from_json(order, net, rules)
    assert e.value.field == "order.customer_utc_offset"


def test_cli_reads_time_zones_from_the_files(source_cli, tmp_path):
    net, order = tmp_path / "net.json", tmp_path / "order.json"
    net.write_text(json.dumps(_zoned_network()))
    order.write_text(
        json.dumps({**_load("order_split.json"), "customer_time_zone": "America/New_York"})
    )
    code, out, err = source_cli(str(order), "--network", str(net), "--json")
    assert code == 0, err
    d = json.loads(out)
    assert {s["warehouse_id"]: s["ships_at"] for s in d["plan"]["shipments"]}["EWR1"] == (
        "2026-06-01T18:00:00Z"
    )
    order.write_text(json.dumps({**_load("order_split.json"), "customer_time_zone": "Nowhere"}))
    code, _, err = source_cli(str(order), "--network", str(net))
    assert code == 2 and err.startswith("error: order.customer_time_zone='Nowhere'")
