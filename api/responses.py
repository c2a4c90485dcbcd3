"""Response classes of the answers that are not ``application/json``.

A route that sends one names it as its ``response_class``, so the OpenAPI document lists
the media type the route really sends for its 2xx answer (with FastAPI's default
``JSONResponse`` it also listed an ``application/json`` entry these routes never send).
"""

from __future__ import annotations

from fastapi.responses import JSONResponse, StreamingResponse

__all__ = ["EventStreamResponse", "GeoJSONResponse"]


class EventStreamResponse(StreamingResponse):
    """Server-sent events (``text/event-stream``), streamed from an iterator of bytes.

    Not FastAPI's ``EventSourceResponse``: as a ``response_class`` that one makes FastAPI
    call the route as a generator of events, and these routes return their stream whole.
    """

    media_type = "text/event-stream"


class GeoJSONResponse(JSONResponse):
    """A GeoJSON document (RFC 7946, ``application/geo+json``), rendered as JSON."""

    media_type = "application/geo+json"
