"""The OpenAPI document files error bodies under the media type they are sent as."""

from __future__ import annotations

from api.errors import PROBLEM_MEDIA_TYPE
from api.openapi_problems import file_problem_schemas_under_their_media_type

PROBLEM_SCHEMA = {"$ref": "#/components/schemas/ProblemDoc"}


def _error_responses(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if code[0] in "45" and (path, code) != ("/readyz", "503"):
                    yield f"{method.upper()} {path} {code}", response


def test_every_error_response_is_documented_as_a_problem_document_only(api):
    document = api.client.get("/openapi.json").json()
    wrong = {
        name: sorted(response.get("content", {}))
        for name, response in _error_responses(document)
        if response.get("content") != {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_SCHEMA}}
    }
    assert wrong == {}


def test_a_lost_database_connection_is_documented(api):
    responses = api.client.get("/openapi.json").json()["paths"]["/v1/orders"]["post"]["responses"]
    assert responses["503"]["content"] == {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_SCHEMA}}


def test_only_problem_responses_move_whatever_the_routes_media_type():
    document = {
        "paths": {
            "/readyz": {"get": {"responses": {"503": {"content": {"application/json": {"x": 1}}}}}},
            "/v1/a": {
                "post": {
                    "responses": {
                        "422": {
                            "content": {
                                PROBLEM_MEDIA_TYPE: {},
                                "text/html": {"schema": PROBLEM_SCHEMA},
                            }
                        }
                    }
                }
            },
        }
    }
    moved = file_problem_schemas_under_their_media_type(document)
    assert moved["paths"]["/readyz"]["get"]["responses"]["503"]["content"] == {
        "application/json": {"x": 1}
    }
    assert moved["paths"]["/v1/a"]["post"]["responses"]["422"]["content"] == {
        PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_SCHEMA}
    }
    assert file_problem_schemas_under_their_media_type(moved) == moved
