"""Lists are paged in SQL: ``?limit=`` and an opaque ``?cursor=``, the next page's
address in the body (``next``) and in ``Link: <...>; rel="next"``.

``GET /v1/stock``, ``/v1/warehouses``, ``/v1/keys`` and ``/v1/carriers`` answered every
row at once (and ``?limit=`` was refused as an unknown parameter)."""

from __future__ import annotations

import base64
import re

import pytest
from test_api_job_reads import _statements

from api.paging import DEFAULT_LIMIT, MAX_LIMIT, encode_cursor

WAREHOUSES = [
    {"id": f"W{i:02d}", "location": {"lat": 40.0 + i / 100, "lon": -74.0}} for i in range(7)
]
SKUS = ["A", "B"]


def _carrier(cid: str) -> dict:
    zone = {"max_distance_m": 100000, "base_cents": 500, "per_kg_cents": 10, "transit_days": 1}
    return {"id": cid, "kind": "courier", "rate_card": {"zones": [zone]}}


def _seed(api) -> None:
    h = api.h("admin")
    for path, body in (
        ("/v1/warehouses", {"warehouses": list(reversed(WAREHOUSES))}),
        ("/v1/skus", {"skus": [{"id": s} for s in SKUS]}),
        ("/v1/carriers", {"carriers": [_carrier(f"C{i}") for i in (3, 1, 4, 0, 2)]}),
        (
            "/v1/stock",
            {
                "items": [
                    {"warehouse_id": w["id"], "sku_id": s, "on_hand": i}
                    for i, w in enumerate(WAREHOUSES)
                    for s in SKUS
                ]
            },
        ),
    ):
        r = api.client.put(path, json=body, headers=h)
        assert r.status_code == 200, r.text
    for _ in range(3):  # 4 keys of the fixture and 3 more: 7
        assert api.client.post("/v1/keys", json={"role": "shop"}, headers=h).status_code == 201


def _walk(api, url: str, role: str = "admin") -> tuple[list[dict], list[int]]:
    """Every item of the list at ``url``, following ``next``; the page sizes."""
    items, sizes = [], []
    while url is not None:
        r = api.client.get(url, headers=api.h(role))
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == {"items", "next"}
        items += body["items"]
        sizes.append(len(body["items"]))
        if body["next"] is None:
            assert "link" not in r.headers
        else:
            assert r.headers["link"] == f'<{body["next"]}>; rel="next"'
        url = body["next"]
    return items, sizes


def _key(path: str, item: dict) -> tuple:
    return (item["warehouse_id"], item["sku_id"]) if path == "/v1/stock" else (item["id"],)


@pytest.mark.parametrize("path", ["/v1/stock", "/v1/warehouses", "/v1/keys", "/v1/carriers"])
def test_a_list_read_a_page_at_a_time_is_the_whole_list_in_key_order(api_both, path):
    api = api_both
    _seed(api)
    whole, sizes = _walk(api, path)
    assert sizes == [len(whole)] and len(whole) >= 5  # under the default limit: one page
    keys = [_key(path, i) for i in whole]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    paged, sizes = _walk(api, f"{path}?limit=2")
    assert paged == whole
    assert sizes == [2] * (len(whole) // 2) + ([len(whole) % 2] if len(whole) % 2 else [])
    exact, sizes = _walk(api, f"{path}?limit={len(whole)}")  # no empty last page
    assert exact == whole and sizes == [len(whole)]


def test_a_filter_stays_in_the_next_address(api_both):
    api = api_both
    _seed(api)
    items, sizes = _walk(api, "/v1/stock?sku_id=B&limit=3")
    assert [(i["warehouse_id"], i["sku_id"]) for i in items] == [(w["id"], "B") for w in WAREHOUSES]
    assert sizes == [3, 3, 1]
    r = api.client.get("/v1/stock?sku_id=B&limit=3", headers=api.h("admin"))
    assert re.fullmatch(r"/v1/stock\?sku_id=B&limit=3&cursor=[\w-]+", r.json()["next"])


def test_a_page_is_read_in_sql_after_the_cursor(api_both):
    api = api_both
    _seed(api)
    first = api.client.get("/v1/stock?limit=4", headers=api.h("admin")).json()
    with _statements(api.store) as seen:
        r = api.client.get(first["next"], headers=api.h("admin"))
    assert [(i["warehouse_id"], i["sku_id"]) for i in r.json()["items"]] == [
        ("W02", "A"),
        ("W02", "B"),
        ("W03", "A"),
        ("W03", "B"),
    ]
    (read,) = [s for s in seen if "FROM stock" in s]
    assert re.search(r"\(stock\.warehouse_id, stock\.sku_id\) > \(", read), read
    assert re.search(r"ORDER BY stock\.warehouse_id, stock\.sku_id\s+LIMIT", read), read


def test_rows_written_between_pages_neither_repeat_nor_hide_others(api_both):
    api = api_both
    _seed(api)
    h = api.h("admin")
    first = api.client.get("/v1/warehouses?limit=3", headers=h).json()
    before = {"id": "W00a", "location": {"lat": 1.0, "lon": 1.0}}  # sorts before the cursor
    after = {"id": "W05a", "location": {"lat": 1.0, "lon": 1.0}}
    r = api.client.put("/v1/warehouses", json={"warehouses": [before, after]}, headers=h)
    assert r.status_code == 200, r.text
    rest, _ = _walk(api, first["next"])
    assert [w["id"] for w in first["items"] + rest] == [
        "W00",
        "W01",
        "W02",
        "W03",
        "W04",
        "W05",
        "W05a",
        "W06",
    ]


@pytest.mark.parametrize("limit", ["0", "-1", str(MAX_LIMIT + 1), "ten", "1.5"])
def test_a_limit_out_of_range_is_a_422_naming_it(api, limit):
    r = api.client.get(f"/v1/keys?limit={limit}", headers=api.h("admin"))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert [(e["parameter"], e["in"]) for e in r.json()["errors"]] == [("limit", "query")]


def test_the_default_and_largest_limits(api):
    assert (DEFAULT_LIMIT, MAX_LIMIT) == (100, 1000)
    h = api.h("admin")
    for _ in range(DEFAULT_LIMIT - 3):  # the fixture's 4 keys and these: one over the default
        assert api.client.post("/v1/keys", json={"role": "shop"}, headers=h).status_code == 201
    r = api.client.get("/v1/keys", headers=h)
    assert len(r.json()["items"]) == DEFAULT_LIMIT and r.json()["next"] is not None
    r = api.client.get(f"/v1/keys?limit={MAX_LIMIT}", headers=h)
    assert len(r.json()["items"]) == DEFAULT_LIMIT + 1 and r.json()["next"] is None


def _flipped(token: str) -> str:
    raw = bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    raw[-2] ^= 1  # one bit of the key
    return base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")


def test_a_malformed_or_tampered_cursor_is_a_422_naming_it(api_both):
    api = api_both
    _seed(api)
    h = api.h("admin")
    good = api.client.get("/v1/warehouses?limit=2", headers=h).json()["next"]
    cursor = good.split("cursor=")[1]
    stock_cursor = api.client.get("/v1/stock?limit=2", headers=h).json()["next"].split("cursor=")[1]
    filtered = api.client.get("/v1/stock?limit=2&sku_id=A", headers=h).json()["next"]
    bad = {
        "/v1/warehouses?cursor=": "checksum",
        "/v1/warehouses?cursor=%21%21%21": "base64url",
        "/v1/warehouses?cursor=abc": "checksum",
        f"/v1/warehouses?cursor={cursor[:-3]}": "checksum",  # cut
        f"/v1/warehouses?cursor={_flipped(cursor)}": "checksum",  # edited
        f"/v1/warehouses?cursor={stock_cursor}": "checksum",  # another list's
        f"/v1/keys?cursor={cursor}": "checksum",
        filtered.replace("sku_id=A", "sku_id=B"): "checksum",  # another filter's
        f"/v1/warehouses?cursor={'A' * 513}": "at most 512 characters",
        # a checksum made right (it is no secret) around a key that is not one
        "/v1/warehouses?cursor=" + encode_cursor("/v1/warehouses?", ["W01", "W02"]): "1 id",
        "/v1/warehouses?cursor=" + encode_cursor("/v1/warehouses?", ["x" * 65]): "1 id",
        "/v1/stock?cursor=" + encode_cursor("/v1/stock?", ["W01"]): "2 id",
    }
    for url, says in bad.items():
        r = api.client.get(url, headers=h)
        assert r.status_code == 422, (url, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        (error,) = r.json()["errors"]
        assert (error["parameter"], error["in"]) == ("cursor", "query"), url
        assert says in error["detail"], (url, error)
    assert api.client.get(good, headers=h).status_code == 200
