"""Waves requests: every error points at the bad field of the body as sent."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYOUT = json.loads((ROOT / "examples/layout.json").read_text())
ORDERS = json.loads((ROOT / "examples/waves_orders.json").read_text())


def _orders(change) -> dict:
    data = copy.deepcopy(ORDERS)
    change(data)
    return data


def _layout(change) -> dict:
    data = copy.deepcopy(LAYOUT)
    change(data)
    return data


@pytest.mark.parametrize("validate_only", [False, True])
@pytest.mark.parametrize(
    "body, pointer, value",
    [
        # checked when the problem is built (cut-off before the first shift)
        ({"orders": _orders(lambda d: d["orders"][2].update(cutoff_s=100))},
         "/orders/orders/2/cutoff_s", "100"),
        # the JSON key is "slot" (the domain's PickLine.slot_id)
        ({"orders": _orders(lambda d: d["orders"][2]["lines"][0].update(slot="ZZZ"))},
         "/orders/orders/2/lines/0/slot", "'ZZZ'"),
        ({"orders": _orders(lambda d: d["orders"][2]["lines"][0].update(slot=""))},
         "/orders/orders/2/lines/0/slot", "''"),
        ({"orders": _orders(lambda d: d.update(cart={}))}, "/orders/cart", "{}"),
        ({"orders": _orders(lambda d: d["pickers"][1].update(id=""))},
         "/orders/pickers/1/id", "''"),
        ({"orders": _orders(lambda d: d["pickers"].append(dict(d["pickers"][0])))},
         "/orders/pickers/2/id", "'ana'"),
        ({"orders": _orders(lambda d: d.update(setup_s=-5))}, "/orders/setup_s", "-5"),
        # not a list: the field itself (was "/orders/pickers/0" and the value 'a')
        ({"orders": _orders(lambda d: d.update(pickers="ana"))}, "/orders/pickers", "'ana'"),
        ({"orders": _orders(lambda d: d.update(pickers={"id": "ana"}))},
         "/orders/pickers", "{'id': 'ana'}"),
        # split order with more totes than a cart: every part takes them all
        ({"orders": _orders(lambda d: d["orders"][1].update(totes=7, allow_split=True))},
         "/orders/orders/1/totes", "7"),
        # an order takes at least one tote (0 was accepted)
        ({"orders": _orders(lambda d: d["orders"][4].update(totes=0))},
         "/orders/orders/4/totes", "0"),
        ({"layout": _layout(lambda d: d["regular"].update(aisles=-3))},
         "/layout/regular/aisles", "-3"),
        ({"layout": _layout(lambda d: d["regular"].pop("aisles"))},
         "/layout/regular/aisles", "None"),
        # a few bytes must not build millions of slots (was: 30000 aisles took 20 s in the
        # request, 10**6 aisles x 10**6 slots would exhaust memory)
        ({"layout": _layout(lambda d: d["regular"].update(aisles=10**6, slots_per_side=10**6))},
         "/layout/regular/aisles", "1000000"),
        ({"layout": _layout(lambda d: d["regular"].update(depot=99))},
         "/layout/regular/depot", "99000"),
        # lengths in metres are bounded: 1e308 overflowed the conversion to mm (a 500)
        ({"layout": _layout(lambda d: d["regular"].update(depot_offset_m=1e308))},
         "/layout/regular/depot_offset_m", "1e+308"),
        ({"layout": _layout(lambda d: d["regular"].update(slot_length_m=1e308))},
         "/layout/regular/slot_length_m", "1e+308"),
        ({"layout": _layout(lambda d: d["regular"].update(depot=-1e308))},
         "/layout/regular/depot", "-1e+308"),
        # passed the check, then the job failed "unexpectedly" (OverflowError)
        ({"layout": _layout(lambda d: d["regular"].update(pick_time_s=1e308))},
         "/layout/regular/pick_time_s", "1e+308"),
        ({"layout": {"aisle_x_mm": [0, 4000], "cross_aisle_y_mm": [0, 9000], "slots": [],
                     "depot": {"x_mm": 99000}}}, "/layout/depot/x_mm", "99000"),
        ({"layout": {"aisle_x_mm": [0, 4000], "cross_aisle_y_mm": [0, 9000], "slots": [],
                     "depot": 3}}, "/layout/depot", "3"),
        # coordinates no walk can be summed in 64-bit integers: the job failed "unexpectedly"
        ({"layout": {"aisle_x_mm": [0, 4000], "cross_aisle_y_mm": [0, 10**22], "slots": []}},
         "/layout/cross_aisle_y_mm/1", str(10**22)),
    ],
)  # fmt: skip
def test_bad_fields_are_pointed_at_as_sent(api, body, pointer, value, validate_only):
    body = {"layout": LAYOUT, "orders": ORDERS, **body}
    path = "/v1/waves?validate_only=true" if validate_only else "/v1/waves"
    r = api.client.post(path, json=body, headers=api.h("dispatcher"))
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["type"] == "/problems/invalid-value"
    assert [e["pointer"] for e in problem["errors"]] == [pointer]
    field = pointer.lstrip("/").replace("/", ".")
    assert f"={value}:" in problem["detail"]
    assert "slot_id" not in problem["detail"] and "WarehouseLayout" not in problem["detail"]
    assert problem["detail"].split("=")[0].replace("[", ".").replace("]", "") == field


@pytest.mark.parametrize("path", ["/v1/route-plans", "/v1/waves", "/v1/slotting"])
def test_malformed_json_points_at_the_whole_body(api, path):
    r = api.client.post(
        path,
        content=b'{"layout": {},\n "problem": ',
        headers={**api.h("dispatcher"), "content-type": "application/json"},
    )
    assert r.status_code == 422
    problem = r.json()
    assert r.headers["content-type"].startswith("application/problem+json")
    assert problem["errors"] == [
        {
            "pointer": "",
            "detail": "the body is not valid JSON: Expecting value at line 2 column 13 (offset 27)",
        }
    ]
    assert "line 2 column 13" in problem["detail"] and "/27" not in problem["detail"]


@pytest.mark.parametrize("validate_only", [False, True])
def test_exact_routing_past_three_blocks_is_a_422_at_router(api, validate_only):
    # was: accepted (202), then the job failed with "picks=16: exact routing with 4 blocks
    # is limited to 12 pick points" once the search made such a cart
    layout = {"regular": {"aisles": 4, "slots_per_side": 6, "blocks": 4}}
    slots = [f"A0{a}-B{b}-L00{p}-0" for a in range(4) for b in range(4) for p in (1, 4)]
    orders = {
        "cart": {"items": 20},
        "orders": [{"id": f"o{k}", "lines": [{"slot": s} for s in slots[k::4]]} for k in range(4)],
    }
    path = "/v1/waves?validate_only=true" if validate_only else "/v1/waves"
    r = api.client.post(
        path, json={"layout": layout, "orders": orders}, headers=api.h("dispatcher")
    )
    assert r.status_code == 422, r.text
    problem = r.json()
    assert [e["pointer"] for e in problem["errors"]] == ["/router"]
    assert problem["detail"].startswith("router='exact': exact routing on 4 blocks")


@pytest.mark.parametrize("validate_only", [False, True])
def test_a_heuristic_router_the_layout_cannot_walk_is_a_422_at_router(api, validate_only):
    # was: validate_only said valid and the job was accepted (202), then failed with
    # "method='s_shape': heuristics are defined for single-block layouts"
    layout = {"regular": {**LAYOUT["regular"], "blocks": 2}}
    orders = {"cart": {"items": 5}, "orders": [{"id": "o", "lines": [{"slot": "A01-B0-L003-0"}]}]}
    path = "/v1/waves?validate_only=true" if validate_only else "/v1/waves"
    body = {"layout": layout, "orders": orders, "router": "s_shape"}
    r = api.client.post(path, json=body, headers=api.h("dispatcher"))
    assert r.status_code == 422, r.text
    problem = r.json()
    assert [e["pointer"] for e in problem["errors"]] == ["/router"]
    assert problem["detail"].startswith("router='s_shape': the heuristics need a single-block")
