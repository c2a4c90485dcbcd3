"""Document error responses under ``application/problem+json``, the media type they are sent as.

FastAPI files a ``responses`` entry's model under the route's own media type
(``application/json``, or ``text/html`` for the route map), so the OpenAPI document said
error bodies were JSON and left the problem media type without a schema. Clients generated
from it (and schema-checking test tools) then expected the wrong ``Content-Type``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from api.errors import PROBLEM_MEDIA_TYPE

__all__ = ["file_problem_schemas_under_their_media_type", "install_problem_openapi"]


def file_problem_schemas_under_their_media_type(document: dict[str, Any]) -> dict[str, Any]:
    """Move each error response's schema from the route's media type to the problem one.

    Only responses that declare ``application/problem+json`` are touched: every other media
    type is dropped from them. The change is made in place, is idempotent and returns
    ``document``.
    """
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                if PROBLEM_MEDIA_TYPE not in content:
                    continue
                problem = content[PROBLEM_MEDIA_TYPE]
                for media_type in [m for m in content if m != PROBLEM_MEDIA_TYPE]:
                    routed = content.pop(media_type)
                    if "schema" in routed and "schema" not in problem:
                        problem["schema"] = routed["schema"]
    return document


def install_problem_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` (and ``/openapi.json``) file problem schemas correctly."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        return file_problem_schemas_under_their_media_type(build())

    app.openapi = openapi  # type: ignore[method-assign]
