"""A long bad value in a request body is quoted cut short in the 422, never whole."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_helpers import Api, make_api

from logistics.errors import MAX_QUOTED_CHARS

ROOT = Path(__file__).resolve().parents[2]
LAYOUT = json.loads((ROOT / "examples/layout.json").read_text())
ORDERS = json.loads((ROOT / "examples/waves_orders.json").read_text())
POINTER = "/orders/orders/1/lines/0/slot"
REASON = "order 'o-002': slot not in the layout"


@pytest.fixture
def big_api(tmp_path) -> Iterator[Api]:
    """The app with its default body limit (1 MiB): room for a 200 KB string."""
    yield from make_api(f"sqlite:///{tmp_path / 'api.db'}")


def _waves(api: Api, slot: object, validate_only: bool, reason: str = REASON) -> dict:
    orders = copy.deepcopy(ORDERS)
    orders["orders"][1]["lines"][0]["slot"] = slot
    path = "/v1/waves?validate_only=true" if validate_only else "/v1/waves"
    r = api.client.post(
        path, json={"layout": LAYOUT, "orders": orders}, headers=api.h("dispatcher")
    )
    assert r.status_code == 422, r.text[:500]
    assert len(r.content) < 2 * MAX_QUOTED_CHARS + 1000  # was the whole value, and more
    problem = r.json()
    assert problem["type"] == "/problems/invalid-value"
    assert problem["errors"] == [{"pointer": POINTER, "detail": reason}]
    return problem


@pytest.mark.parametrize("validate_only", [False, True])
@pytest.mark.parametrize("length", [5000, 200_000])
def test_a_long_id_is_quoted_cut_short_saying_how_long_it_was(big_api, length, validate_only):
    problem = _waves(big_api, "a" * length, validate_only)
    shown = repr("a" * MAX_QUOTED_CHARS) + f"... ({length} characters)"
    assert problem["detail"] == f"orders.orders[1].lines[0].slot={shown}: {REASON}"


def test_a_nested_value_is_quoted_cut_short(big_api):
    slot: object = "a" * 5000
    for _ in range(50):  # within the 64 levels a body may nest
        slot = [slot]
    problem = _waves(big_api, slot, True, "expected a non-empty string id")
    text = repr(slot)
    assert problem["detail"].startswith(
        f"orders.orders[1].lines[0].slot={text[:MAX_QUOTED_CHARS]}... ({len(text)} characters): "
    )


def test_a_short_id_s_problem_is_as_before(big_api):
    problem = _waves(big_api, "ZZZ", validate_only=True)
    assert problem["detail"] == f"orders.orders[1].lines[0].slot='ZZZ': {REASON}"


def test_a_long_key_named_twice_is_quoted_cut_short(api):
    key = "k" * 5000
    body = f'{{"layout": {{}}, "orders": {{"{key}": 1, "{key}": 2}}}}'
    r = api.client.post(
        "/v1/waves",
        content=body.encode(),
        headers={**api.h("dispatcher"), "content-type": "application/json"},
    )
    assert r.status_code == 422, r.text[:500]
    problem = r.json()
    why = f"duplicate key {'k' * MAX_QUOTED_CHARS!r}... (5000 characters): an object names it"
    assert problem["errors"][0]["detail"].startswith(why)
    assert problem["detail"].endswith(problem["errors"][0]["detail"])


def test_a_long_id_in_the_reason_is_quoted_cut_short(big_api):
    # was: errors[].detail (and detail) quoted the 5,000-character order id whole
    orders = copy.deepcopy(ORDERS)
    orders["orders"][1]["id"] = "o" * 5000
    orders["orders"][1]["lines"][0]["slot"] = "ZZZ"
    r = big_api.client.post(
        "/v1/waves?validate_only=true",
        json={"layout": LAYOUT, "orders": orders},
        headers=big_api.h("dispatcher"),
    )
    assert r.status_code == 422, r.text[:500]
    assert len(r.content) < 2 * MAX_QUOTED_CHARS + 1000
    shown = repr("o" * MAX_QUOTED_CHARS) + "... (5000 characters)"
    reason = f"order {shown}: slot not in the layout"
    assert r.json()["errors"] == [{"pointer": POINTER, "detail": reason}]
