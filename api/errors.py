"""RFC 9457 problem details: every error leaves the API as ``application/problem+json``.

Each problem has a stable ``type`` (a relative URI ``/problems/<slug>`` listed
in :data:`PROBLEM_TYPES`), a ``title``, the HTTP ``status``, a ``detail`` a
person can act on and, for bad input, ``errors[]``: each a ``detail`` and either a
``pointer``, an RFC 6901 JSON pointer into the request body, or, for a query, path
or header parameter, its ``parameter`` name and ``in`` (``api.schemas.common.ProblemItem``).
A stack trace never reaches a client: unexpected exceptions are logged and answered
with a generic ``internal-error`` problem.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.allowed_methods import allowed_methods
from api.lone_surrogates import LoneSurrogateInBody
from api.nesting import MAX_DEPTH, NestedTooDeeply
from api.nul_characters import NulInBody
from api.unique_keys import DuplicateKeyInBody, NumberTooLong
from logistics.errors import (
    InfeasibleError,
    InvalidValueError,
    LogisticsError,
    field_pointer,
    pointer_token,
    quoted,
)

__all__ = [
    "Problem",
    "PROBLEM_TYPES",
    "problem_response",
    "install_error_handlers",
    "request_instance",
]

log = logging.getLogger("api")

PROBLEM_MEDIA_TYPE = "application/problem+json"

PROBLEM_TYPES: dict[str, tuple[int, str]] = {
    "invalid-request": (422, "The request is not valid"),
    "invalid-value": (422, "A value is not acceptable"),
    "unauthorized": (401, "An API key is required"),
    "forbidden": (403, "This API key's role may not do this"),
    "not-found": (404, "No such resource"),
    "method-not-allowed": (405, "Method not allowed"),
    "payload-too-large": (413, "The request body is too large"),
    "unsupported-media-type": (415, "The request body must be JSON"),
    "idempotency-key-missing": (400, "The Idempotency-Key header is required"),
    "idempotency-key-reused": (422, "The Idempotency-Key was used with another request"),
    "idempotency-key-in-progress": (409, "The first request with this key is still running"),
    "order-exists": (409, "An order with this id already exists"),
    "order-not-fulfillable": (422, "The order cannot be fulfilled as asked"),
    "stock-contention": (409, "Stock kept changing; retry the request"),
    "write-conflict": (409, "Another request wrote the same rows at once; retry the request"),
    "job-not-finished": (409, "The job has no result yet"),
    "last-admin-key": (409, "The last live admin key cannot be revoked"),
    "not-acceptable": (406, "The requested representation is not available"),
    "service-unavailable": (503, "The service is not ready"),
    "internal-error": (500, "Internal server error"),
}


MAX_INSTANCE_CHARS = 128
"""A problem's ``instance`` (the request's path as sent, percent-encoded) is left out when
longer than this: a 10,000-character path came back whole in it. Every path the API
serves fits, its ids at their 64-character limit (the longest,
``/v1/route-plans/{id}/plan.geojson``, is 93). ``instance`` is a URI reference, so it is
not cut short and quoted as :func:`echoed` does in a ``detail``: a cut path would name
another resource."""

# what a path segment may hold besides letters, digits and ``_.-~`` (RFC 3986 pchar, "/")
_PATH_CHARS = "/!$&'()*+,;=:@"
_STRAY_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def request_instance(scope: Mapping[str, Any]) -> str:
    """The request's path as a problem's ``instance``: the path as it came on the wire
    (ASGI ``raw_path``), percent-encoding kept, so it is a URI reference. The decoded
    ``path`` turned ``%20`` and ``%0a`` into a space and a line break (and ``%2F`` into
    a ``/`` naming another path). A byte a URI cannot hold (which a server may pass on
    raw) and a ``%`` not starting an escape are percent-encoded; without ``raw_path``
    the decoded path is encoded as UTF-8."""
    raw = scope.get("raw_path")
    if raw is None:
        return quote(scope.get("path", ""), safe=_PATH_CHARS)
    return quote(_STRAY_PERCENT.sub(b"%25", raw), safe=_PATH_CHARS + "%")


class Problem(Exception):
    """Raise to answer with a problem document.

    Parameters
    ----------
    slug
        One of :data:`PROBLEM_TYPES`.
    detail
        What went wrong and what to do about it.
    errors
        Optional ``[{"pointer": "/lines/0/quantity", "detail": "..."}]``, or
        ``{"parameter": "cursor", "in": "query", "detail": "..."}`` entries.
    headers
        Extra response headers (``WWW-Authenticate``, ``Retry-After``...).
    extra
        Extension members added to the document.
    """

    def __init__(
        self,
        slug: str,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        status: int | None = None,
        **extra: Any,
    ) -> None:
        if slug not in PROBLEM_TYPES:
            raise ValueError(f"unknown problem type {slug!r}")
        self.slug, self.detail = slug, detail
        self.errors = errors
        self.headers = headers
        self.status = status or PROBLEM_TYPES[slug][0]
        self.extra = extra
        super().__init__(detail)

    def body(self, instance: str | None = None) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "type": f"/problems/{self.slug}",
            "title": PROBLEM_TYPES[self.slug][1],
            "status": self.status,
            "detail": self.detail,
        }
        if instance and len(instance) <= MAX_INSTANCE_CHARS:
            doc["instance"] = instance
        if self.errors:
            doc["errors"] = self.errors
        doc.update(self.extra)
        return doc


def problem_response(
    problem: Problem, request: Request | None = None, *, instance: str | None = None
) -> JSONResponse:
    """The HTTP response carrying ``problem``; its ``instance`` is the request's path as
    :func:`request_instance` gives it (``instance`` gives it where there is no
    ``Request`` yet, in ASGI middleware), left out when longer than
    :data:`MAX_INSTANCE_CHARS`."""
    if request is not None:
        instance = request_instance(request.scope)
    return JSONResponse(
        problem.body(instance),
        status_code=problem.status,
        headers=problem.headers,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def _loc_pointer(loc: tuple[Any, ...] | list[Any]) -> tuple[str, str]:
    """Map a pydantic error location to (where, JSON pointer)."""
    parts = list(loc)
    where = "body"
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        where = parts.pop(0)
    # drop pydantic's union/function tags that are not part of the document
    clean = [
        p for p in parts if not (isinstance(p, str) and ("[" in p or p.startswith("function")))
    ]
    pointer = "/" + "/".join(pointer_token(p) for p in clean)
    return where, pointer if clean else ""


def _json_position(doc: Any, pos: Any) -> str:
    """``line L column C (offset N)`` of character offset ``pos`` in the body ``doc``."""
    if not isinstance(pos, int):
        return "an unknown position"
    if isinstance(doc, bytes | bytearray):
        doc = doc.decode("utf-8", "replace")
    if not isinstance(doc, str):
        return f"offset {pos}"
    line = doc.count("\n", 0, pos) + 1
    column = pos - (doc.rfind("\n", 0, pos) + 1) + 1
    return f"line {line} column {column} (offset {pos})"


MAX_ECHOED_CHARS = 64
"""At most this many characters of a client's id (or path) are echoed in a problem's
``detail``: a 10,000-character id in a path came back whole in its 404."""


def echoed(text: str) -> str:
    """``text`` as a problem's ``detail`` quotes it: ``repr`` when it is short, else its
    first :data:`MAX_ECHOED_CHARS` characters quoted, then ``... (N characters)``
    (:func:`logistics.errors.quoted`, as every quoted value, with this shorter limit)."""
    return quoted(text, MAX_ECHOED_CHARS)


def not_found(what: str, ident: str, where: str = "") -> Problem:
    """The 404 ``not-found`` problem ``no <what> <ident>[ <where>]`` for an id the client
    sent (a path parameter), echoed by :func:`echoed`."""
    return Problem("not-found", f"no {what} {echoed(ident)}" + (f" {where}" if where else ""))


MAX_LISTED_ERRORS = 100
"""At most this many ``errors[]`` in one problem: a 1 MiB body of bad stock items made
400,000 of them, a 25 MB answer that took the server 2.5 s to write."""


def validation_problem(exc: RequestValidationError) -> Problem:
    found = exc.errors()
    errors = []
    for err in found[:MAX_LISTED_ERRORS]:
        if err.get("type") == "json_invalid":
            # the location is a character offset, not a place in a document: the pointer is
            # the whole body and the position goes in the detail
            loc = list(err.get("loc", ()))
            why = (err.get("ctx") or {}).get("error") or err.get("msg", "invalid JSON")
            at = _json_position(getattr(exc, "body", None), loc[-1] if loc else None)
            errors.append({"detail": f"the body is not valid JSON: {why} at {at}", "pointer": ""})
            continue
        where, pointer = _loc_pointer(err.get("loc", ()))
        item: dict[str, Any] = {"detail": err.get("msg", "invalid"), "pointer": pointer}
        if where != "body":
            item = {"detail": item["detail"], "parameter": pointer.lstrip("/"), "in": where}
        errors.append(item)
    first = errors[0] if errors else {"detail": "invalid request"}
    at = first.get("pointer") or first.get("parameter") or "the body"
    listed = "" if len(found) <= len(errors) else f" (errors lists the first {len(errors)})"
    return Problem(
        "invalid-request",
        f"{len(found)} problem(s) in the request; first at {at}: {first['detail']}{listed}",
        errors=errors,
    )


def logged_path(request: Request) -> str:
    """The request's path as it came on the wire (percent-encoded) for a log line: the
    decoded path turned ``%0d%0a`` into a line break, so a request could write a line of
    its own into the server log. The same text as a problem's ``instance``."""
    return request_instance(request.scope)


def unparsable_body_problem(exc: StarletteHTTPException) -> Problem | None:
    """The problem of a body FastAPI could not parse at all (its 400 "There was an error
    parsing the body"): bytes that are not UTF-8, JSON nested too deeply to parse, or an
    integer of more digits than Python converts.
    Like malformed JSON, a 422 ``invalid-request`` with pointer ``""`` (the whole body)
    and what is wrong in ``detail``; a key named twice in one object points at its second
    member (:mod:`api.unique_keys`), a string holding a NUL character at that string
    (:mod:`api.nul_characters`) or a lone surrogate (:mod:`api.lone_surrogates`) at that
    string; ``None`` for any other 400."""
    cause = exc.__cause__
    if exc.status_code != 400:
        return None
    pointer = ""  # the whole body, unless the cause names a place in it
    if isinstance(cause, UnicodeDecodeError):
        why = (
            f"the body is not valid JSON: it is not UTF-8 ({cause.reason} at byte offset "
            f"{cause.start})"
        )
    elif isinstance(cause, RecursionError):
        why = "the body is not valid JSON here: it is nested too deeply"
    elif isinstance(cause, NumberTooLong):
        why = f"the body cannot be read: {cause}"
    elif isinstance(cause, DuplicateKeyInBody):
        why = f"duplicate key {quoted(cause.key)}: an object names it twice; send it once"
        pointer = cause.pointer
    elif isinstance(cause, NestedTooDeeply):
        why = f"nested too deeply: arrays and objects go at most {MAX_DEPTH} levels deep"
        pointer = cause.pointer
    elif isinstance(cause, NulInBody):
        why = (
            "a NUL character (\\u0000) is not allowed in a string (PostgreSQL cannot "
            "store one); remove it"
        )
        pointer = cause.pointer
    elif isinstance(cause, LoneSurrogateInBody):
        why = (
            "a lone UTF-16 surrogate (an escape from \\ud800 to \\udfff not part of a "
            "pair) is not text; send the character itself or its surrogate pair"
        )
        pointer = cause.pointer
    else:
        return None
    return Problem(
        "invalid-request",
        f"1 problem(s) in the request; first at {pointer or 'the body'}: {why}",
        errors=[{"detail": why, "pointer": pointer}],
    )


def invalid_value_problem(exc: InvalidValueError, prefix: str = "") -> Problem:
    pointer = field_pointer(f"{prefix}.{exc.field}" if prefix and exc.field else exc.field)
    return Problem(
        "invalid-value",
        f"{exc.field or 'value'}={quoted(exc.value)}: {exc.reason}",
        errors=[{"pointer": pointer, "detail": exc.reason}],
    )


_STATUS_SLUGS = {
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "payload-too-large",
    415: "unsupported-media-type",
}


def _duplicate_key(exc: DBAPIError) -> bool:
    """Whether ``exc`` is a unique or primary key violation (SQLSTATE 23505; SQLite's
    ``UNIQUE constraint failed``)."""
    if not isinstance(exc, IntegrityError):
        return False
    code = getattr(exc.orig, "sqlstate", None)
    return code == "23505" or str(exc.orig).startswith("UNIQUE constraint failed")


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error, expected or not, with a problem document."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(validation_problem(exc), request)

    @app.exception_handler(InvalidValueError)
    async def _invalid(request: Request, exc: InvalidValueError) -> JSONResponse:
        return problem_response(invalid_value_problem(exc), request)

    @app.exception_handler(InfeasibleError)
    async def _infeasible(request: Request, exc: InfeasibleError) -> JSONResponse:
        return problem_response(Problem("order-not-fulfillable", exc.reason), request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        unparsable = unparsable_body_problem(exc)
        if unparsable is not None:
            return problem_response(unparsable, request)
        slug = _STATUS_SLUGS.get(exc.status_code)
        if slug is None:
            slug = "internal-error" if exc.status_code >= 500 else "invalid-request"
        detail = exc.detail if isinstance(exc.detail, str) else PROBLEM_TYPES[slug][1]
        # the path as sent (percent-encoding kept): the decoded one lost a %0a line break
        sent = echoed(request_instance(request.scope))
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"nothing at {sent}; see /docs for the API's paths"
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            detail = f"{request.method} is not allowed on {sent}; see /docs"
            headers = {**(headers or {}), "Allow": allowed_methods(request)}
        return problem_response(
            Problem(slug, detail, status=exc.status_code, headers=headers), request
        )

    @app.exception_handler(LogisticsError)
    async def _logistics(request: Request, exc: LogisticsError) -> JSONResponse:
        log.warning("unmapped library error on %s: %r", logged_path(request), str(exc))
        return problem_response(Problem("invalid-value", str(exc)), request)

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        if _duplicate_key(exc):
            # PostgreSQL: two bulk writes (PUT /v1/skus, /v1/stock...) creating the same new
            # row at once; the later one's transaction was rolled back whole
            return problem_response(
                Problem(
                    "write-conflict",
                    "another request created the same rows at the same time; nothing of "
                    "this request was written: retry it",
                    headers={"Retry-After": "1"},
                ),
                request,
            )
        if not exc.connection_invalidated:
            return await _unexpected(request, exc)
        # the pool has dropped its connections (or could not open one); the next request
        # opens fresh ones
        log.warning(
            "database connection lost or not opened on %s %s: %s",
            request.method,
            logged_path(request),
            exc,
        )
        return problem_response(
            Problem(
                "service-unavailable",
                "the database cannot be reached or the connection to it was lost (did it "
                "restart?); the request was not completed: retry it (with the same "
                "Idempotency-Key, if it had one)",
                headers={"Retry-After": "1"},
            ),
            request,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, logged_path(request))
        return problem_response(
            Problem(
                "internal-error",
                "the server failed to handle this request; it was logged. Retry later or "
                "report the time of the request",
            ),
            request,
        )
