"""Shared pieces of the API's models: the strict base, places and problem documents."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Strict", "LatLonIn", "ProblemDoc", "ProblemItem", "Id", "PROBLEM_RESPONSES", "problems"]

Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")]


class Strict(BaseModel):
    """Base of every request model: unknown fields are an error, no silent coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class LatLonIn(Strict):
    """A place as ``{lat, lon}`` in WGS84 degrees."""

    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)


class ProblemItem(BaseModel):
    pointer: str | None = Field(default=None, description="JSON pointer into the request body")
    parameter: str | None = None
    detail: str


class ProblemDoc(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=["/problems/invalid-request"])
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[ProblemItem] | None = None


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for problem documents with these status codes."""
    return {
        code: {"model": ProblemDoc, "content": {"application/problem+json": {}}} for code in codes
    }


PROBLEM_RESPONSES = problems(400, 401, 403, 413, 415, 422, 500)
