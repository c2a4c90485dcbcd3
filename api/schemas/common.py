"""Shared pieces of the API's models: the strict base, places and problem documents."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "Strict",
    "LatLonIn",
    "ProblemDoc",
    "ProblemItem",
    "ProblemBodyItem",
    "ProblemParameterItem",
    "Id",
    "Rfc3339",
    "PROBLEM_RESPONSES",
    "problems",
]

Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")]


def _rfc3339_text(value: Any) -> Any:
    """Refuse what is not text: lax datetimes also took ``1700000000`` as Unix seconds."""
    if isinstance(value, str):
        return value
    raise ValueError("expected an RFC 3339 date-time string with an offset")


#: An RFC 3339 date-time with its UTC offset, given as a JSON string (never a number).
Rfc3339 = Annotated[AwareDatetime, BeforeValidator(_rfc3339_text)]


class Strict(BaseModel):
    """Base of every request model: unknown fields are an error, no silent coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class LatLonIn(Strict):
    """A place as ``{lat, lon}`` in WGS84 degrees."""

    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)


class ProblemBodyItem(BaseModel):
    """A problem in the request body."""

    detail: str = Field(description="what is wrong there")
    pointer: str = Field(
        description='RFC 6901 JSON pointer into the request body ("/lines/0/quantity"); '
        '"" is the whole body (not JSON, not UTF-8...)'
    )


class ProblemParameterItem(BaseModel):
    """A problem in a query, path or header parameter."""

    detail: str = Field(description="what is wrong there")
    parameter: str = Field(description='the parameter\'s name ("cursor", "Idempotency-Key")')
    in_: Literal["query", "path", "header", "cookie"] = Field(
        alias="in", description="where the parameter is"
    )


#: One entry of a problem's ``errors[]``, as :mod:`api.errors` and the routes build them.
ProblemItem = ProblemBodyItem | ProblemParameterItem


class ProblemDoc(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=["/problems/invalid-request"])
    title: str
    status: int
    detail: str
    instance: str | None = Field(
        default=None,
        description=(
            "the request's path as sent (percent-encoded); left out when longer than 128 characters"
        ),
    )
    errors: list[ProblemItem] | None = None


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for problem documents with these status codes."""
    return {
        code: {"model": ProblemDoc, "content": {"application/problem+json": {}}} for code in codes
    }


PROBLEM_RESPONSES = problems(400, 401, 403, 413, 415, 422, 500, 503)
