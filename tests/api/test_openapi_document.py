"""``GET /openapi.json`` says what the answers hold: generated clients follow it.

Fields every answer sends are required (nullable where they can be ``null``): a job
summary's ``error``, ``started_at`` and ``finished_at`` (and an order's ``cancelled_at``)
were optional, so a client generated from the document typed them as possibly absent.
Real answers validate against the document's own schemas. A 2xx answer lists only the
media types its route sends: the event streams and the GeoJSON also listed an empty
``application/json`` entry, which a generated client would take as the answer's type.
"""

from __future__ import annotations

import jsonschema_rs
import pytest
from api_seed import an_order, seed_network
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.responses import StreamingResponse

from logistics.store.jobs import create_job, fail_job, finish_job, start_job


def _schema(document: dict, name: str) -> dict:
    return document["components"]["schemas"][name]


def _validator(document: dict, path: str):
    """A validator of the 200 answer of ``GET path`` by the document's schema."""
    content = document["paths"][path]["get"]["responses"]["200"]["content"]
    schema = content["application/json"]["schema"]
    return jsonschema_rs.validator_for({**schema, "components": document["components"]})


def _nullable(schema: dict) -> bool:
    return {"type": "null"} in schema.get("anyOf", [])


@pytest.mark.parametrize(
    ("name", "nullable"),
    [
        ("JobSummaryOut", {"error", "started_at", "finished_at"}),
        ("JobOut", {"error", "started_at", "finished_at", "result"}),
        ("WarehouseOut", {"time_zone"}),
        ("OrderOut", {"cancelled_at"}),
        ("ShipmentOut", {"delivers_by"}),
    ],
)
def test_every_field_sent_is_required_and_the_null_ones_are_nullable(api, name, nullable):
    schema = _schema(api.client.get("/openapi.json").json(), name)
    assert set(schema["required"]) == set(schema["properties"])
    assert {p for p, s in schema["properties"].items() if _nullable(s)} == nullable


def _refs(node, found: set[str]) -> set[str]:
    """The names of the schemas ``node`` refers to, directly or not (into ``found``)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                found.add(value.rsplit("/", 1)[1])
            else:
                _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)
    return found


def test_every_schema_of_a_successful_answer_lists_each_of_its_fields_as_required(api):
    """Every 2xx answer is a response model dumped whole (no route leaves out unset or
    null fields), so each field it has is sent: none may be optional in the document."""
    document = api.client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    todo = {
        name
        for operations in document["paths"].values()
        for operation in operations.values()
        for status, response in operation["responses"].items()
        if status.startswith("2")
        for name in _refs(response, set())
    }
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        seen.add(name)
        todo |= _refs(schemas[name], set()) - seen
    assert {"OrderOut", "ShipmentOut", "ReservationOut", "CancelOut", "JobOut"} <= seen
    optional = {
        name: set(schemas[name].get("properties", {})) - set(schemas[name].get("required", []))
        for name in seen
    }
    assert {name: fields for name, fields in optional.items() if fields} == {}


def test_order_answers_validate_against_the_document(api):
    seed_network(api)
    document = api.client.get("/openapi.json").json()
    shop = api.h("shop")
    placed = api.client.post(
        "/v1/orders", json=an_order(0), headers=shop | {"Idempotency-Key": "k0"}
    )
    assert placed.status_code == 201, placed.text
    content = document["paths"]["/v1/orders"]["post"]["responses"]["201"]["content"]
    jsonschema_rs.validator_for(
        {**content["application/json"]["schema"], "components": document["components"]}
    ).validate(placed.json())
    order_id = placed.json()["id"]
    read = api.client.get(f"/v1/orders/{order_id}", headers=shop).json()
    assert read["cancelled_at"] is None
    _validator(document, "/v1/orders/{order_id}").validate(read)
    cancel = api.client.post(f"/v1/orders/{order_id}/cancel", headers=shop).json()
    assert cancel["order"]["cancelled_at"] is not None
    content = document["paths"]["/v1/orders/{order_id}/cancel"]["post"]["responses"]["200"]
    jsonschema_rs.validator_for(
        {**content["content"]["application/json"]["schema"], "components": document["components"]}
    ).validate(cancel)


def test_job_lists_validate_against_the_document(api):
    document = api.client.get("/openapi.json").json()
    queued = create_job(api.store, "waves", {"n": 0})
    failed = create_job(api.store, "waves", {"n": 1})
    assert start_job(api.store, failed.id, "A")
    assert fail_job(api.store, failed.id, "boom")
    validator = _validator(document, "/v1/waves")
    answer = api.client.get("/v1/waves?limit=1", headers=api.h("dispatcher")).json()
    assert answer["next"] is not None
    validator.validate(answer)
    answer = api.client.get(answer["next"], headers=api.h("dispatcher")).json()
    validator.validate(answer)
    items = api.client.get("/v1/waves", headers=api.h("dispatcher")).json()["items"]
    assert {j["id"]: j["error"] for j in items} == {queued.id: None, failed.id: "boom"}
    job = api.client.get(f"/v1/waves/{queued.id}", headers=api.h("dispatcher")).json()
    _validator(document, "/v1/waves/{job_id}").validate(job)
    assert job["result"] is None and job["started_at"] is None


@pytest.mark.parametrize("path", ["/v1/warehouses", "/v1/stock", "/v1/keys", "/v1/carriers"])
def test_admin_lists_validate_against_the_document(api, path):
    seed_network(api)
    document = api.client.get("/openapi.json").json()
    answer = api.client.get(f"{path}?limit=2", headers=api.h("admin")).json()
    assert len(answer["items"]) == 2 and answer["next"] is not None
    _validator(document, path).validate(answer)


def test_next_and_link_are_documented_as_paths_relative_to_the_server(api):
    document = api.client.get("/openapi.json").json()
    lists = [
        (path, op["responses"]["200"])
        for path, ops in document["paths"].items()
        for method, op in ops.items()
        if method == "get" and "Link" in op["responses"].get("200", {}).get("headers", {})
    ]
    assert len(lists) == 8  # stock, warehouses, keys, carriers and the four job kinds
    for path, ok in lists:
        assert "relative to the server" in ok["headers"]["Link"]["description"], path
        ref = ok["content"]["application/json"]["schema"]["$ref"]
        page = _schema(document, ref.rsplit("/", 1)[1])
        assert "relative to the server" in page["properties"]["next"]["description"], path


def test_each_errors_entry_sent_is_one_documented_item_with_exactly_its_members(api):
    document = api.client.get("/openapi.json").json()
    items = _schema(document, "ProblemDoc")["properties"]["errors"]["anyOf"][0]["items"]
    kinds = [_schema(document, ref["$ref"].rsplit("/", 1)[1]) for ref in items["anyOf"]]
    assert [set(k["properties"]) for k in kinds] == [
        {"detail", "pointer"},
        {"detail", "parameter", "in"},
    ]
    assert all(set(k["required"]) == set(k["properties"]) for k in kinds)
    admin, shop = api.h("admin"), api.h("shop")
    answers = [
        api.client.put("/v1/carriers", json={"carriers": [{"id": "C"}]}, headers=admin),
        api.client.get("/v1/stock?page=2", headers=admin),
        api.client.get("/v1/stock?cursor=x", headers=admin),
        api.client.post("/v1/orders", json=an_order(0), headers=shop),
    ]
    validator = jsonschema_rs.validator_for(
        {"$ref": "#/components/schemas/ProblemDoc", "components": document["components"]}
    )
    sent = set()
    for r in answers:
        assert r.status_code in (400, 422), r.text
        validator.validate(r.json())
        for entry in r.json()["errors"]:
            assert set(entry) in [set(k["properties"]) for k in kinds], entry
            sent.add(entry.get("in"))
    assert sent == {None, "query", "header"}


def _success_media_types(document: dict) -> dict[tuple[str, str, str], set[str]]:
    """``(method, path, status) -> media types`` of every 2xx answer with a body."""
    return {
        (method.upper(), path, status): set(response["content"])
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status, response in operation["responses"].items()
        if status.startswith("2") and "content" in response
    }


def test_no_success_answer_lists_json_beside_another_media_type(api):
    """Regression: ``/events`` and ``/plan.geojson`` listed ``application/json`` (with an
    empty schema) beside ``text/event-stream`` and ``application/geo+json``."""
    listed = _success_media_types(api.client.get("/openapi.json").json())
    assert {key: types for key, types in listed.items() if len(types) != 1} == {}
    other = {key: types for key, types in listed.items() if types != {"application/json"}}
    assert {types.pop() for types in other.values()} == {
        "text/event-stream",
        "application/geo+json",
        "text/html",
    }
    assert len(other) == 6  # four event streams, the GeoJSON and the map


def test_a_route_that_streams_or_sends_another_media_type_lists_only_that_one(api):
    listed = _success_media_types(api.client.get("/openapi.json").json())
    checked = 0
    for route in iter_route_contexts(api.app.routes):  # included routers' routes too
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        sent = route.response_class
        sent = getattr(sent, "value", sent)  # FastAPI's default, JSONResponse
        if sent.media_type == "application/json" and not issubclass(sent, StreamingResponse):
            continue
        for method in route.methods:
            success = {k: t for k, t in listed.items() if k[:2] == (method, route.path)}
            assert success and all(t == {sent.media_type} for t in success.values()), route.path
            checked += 1
    assert checked == 6


def _finished_jobs(store) -> dict[str, str]:
    """``base -> id`` of a finished job of each kind; the route plan has GeoJSON and a map."""
    ids = {}
    for base, kind in [
        ("/v1/route-plans", "route_plan"),
        ("/v1/waves", "waves"),
        ("/v1/scenarios", "scenario"),
        ("/v1/slotting", "slotting"),
    ]:
        job = create_job(store, kind, {})
        assert start_job(store, job.id, "A")
        result = {"final": True}
        if kind == "route_plan":
            result |= {"plan": {}, "geojson": {"type": "FeatureCollection"}, "html": "<b>"}
        assert finish_job(store, job.id, result, {"done": True})
        ids[base] = job.id
    return ids


def test_each_answer_of_another_media_type_is_sent_as_the_document_lists_it(api):
    document = api.client.get("/openapi.json").json()
    listed = _success_media_types(document)
    ids = _finished_jobs(api.store)
    role = {"/v1/scenarios": "planner"}
    answers = [(f"{base}/{{job_id}}/events", base, job_id) for base, job_id in ids.items()]
    plan = ids["/v1/route-plans"]
    answers += [
        ("/v1/route-plans/{job_id}/plan.geojson", "/v1/route-plans", plan),
        ("/v1/route-plans/{job_id}/map.html", "/v1/route-plans", plan),
    ]
    for path, base, job_id in answers:
        headers = api.h(role.get(base, "dispatcher"))
        r = api.client.get(path.format(job_id=job_id), headers=headers)
        assert r.status_code == 200, (path, r.text)
        sent = r.headers["content-type"].split(";")[0]
        assert listed["GET", path, "200"] == {sent}, path
