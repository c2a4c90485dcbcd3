"""A lone UTF-16 surrogate escape (``"\\ud800"``) in a body string is a 422 pointing at it
on both databases: it is valid JSON syntax but no Unicode text, so the request passed
``validate_only`` and then storing the job was a 500 (``UnicodeEncodeError``: surrogates
not allowed), and a worker drawing the map of a plan naming it failed the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api.lone_surrogates import LoneSurrogateInBody, refuse_lone_surrogates_in_body
from api.unique_keys import loads_unique_keys
from logistics.store.models import Job

ROOT = Path(__file__).resolve().parents[2]
RIO = (ROOT / "examples/routing/rio_day.json").read_text()
LAYOUT = json.loads((ROOT / "examples/layout.json").read_text())
ORDERS = (ROOT / "examples/waves_orders.json").read_text()


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ('{"a": ["x", "y\\ud800"]}', "/a/1"),
        ('{"a": "\\uDC00z"}', "/a"),
        ('{"m/n": {"k\\udfff": 1}}', "/m~1n/k\udfff"),
        ('"\\ud83d"', ""),
    ],
)
def test_a_lone_surrogate_in_a_body_string_names_its_pointer(text, pointer):
    with pytest.raises(LoneSurrogateInBody) as err:
        refuse_lone_surrogates_in_body(text, loads_unique_keys(text))
    assert err.value.pointer == pointer


@pytest.mark.parametrize(
    "text", ['{"a": "\\ud83d\\ude00"}', '{"a": "\\\\ud800"}', '{"a": "\U0001f600"}']
)
def test_a_surrogate_pair_or_an_escaped_backslash_is_no_lone_surrogate(text):
    refuse_lone_surrogates_in_body(text.encode(), loads_unique_keys(text))


def _post(api, url, text):
    headers = api.h("dispatcher", **{"Content-Type": "application/json"})
    return api.client.post(url, content=text.encode(), headers=headers)


@pytest.mark.parametrize("validate_only", [False, True])
def test_a_route_plan_naming_a_lone_surrogate_is_a_422_and_stores_no_job(api_both, validate_only):
    problem = RIO.replace('"van-1"', '"van-\\ud800"', 1)
    url = "/v1/route-plans" + ("?validate_only=true" if validate_only else "")
    r = _post(api_both, url, f'{{"time_limit_s": 1, "problem": {problem}}}')
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"] == "/problems/invalid-request"
    assert [e["pointer"] for e in r.json()["errors"]] == ["/problem/vehicles/0/id"]
    assert "surrogate" in r.json()["detail"]
    with api_both.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 0


def test_a_waves_order_naming_a_lone_surrogate_is_a_422(api):
    orders = ORDERS.replace('"o-001"', '"o-\\udc01"', 1)
    r = _post(api, "/v1/waves", f'{{"layout": {json.dumps(LAYOUT)}, "orders": {orders}}}')
    assert r.status_code == 422, r.text
    assert [e["pointer"] for e in r.json()["errors"]] == ["/orders/orders/0/id"]


def test_an_emoji_written_as_a_surrogate_pair_is_accepted(api):
    problem = RIO.replace('"van-1"', '"van-\\ud83d\\ude9a"', 1)
    r = _post(api, "/v1/route-plans?validate_only=true", f'{{"problem": {problem}}}')
    assert r.status_code == 200, r.text
