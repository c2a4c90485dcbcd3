"""The methods a path answers to, for the ``Allow`` header of a 405."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Match

__all__ = ["allowed_methods"]

_HTTP_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> str:
    """Every method some route of the app serves at ``request``'s path, as an ``Allow``
    value (``"DELETE, GET"``).

    Starlette answers a 405 with the methods of the first route whose path matched only,
    so ``PUT /v1/route-plans/{id}`` said ``Allow: GET`` although ``DELETE`` is served
    there too. Each method is tried against the app's routes as the router would (an
    included router does not list its routes).
    """
    routes = request.app.router.routes
    return ", ".join(
        method
        for method in _HTTP_METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes
        )
    )
