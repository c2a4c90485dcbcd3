"""The ceiling of the load benchmark: a bare FastAPI endpoint with a small JSON body.

It parses and validates a body shaped like an order with pydantic and answers
201 with a small JSON document -- everything the order endpoint does except
authentication, sourcing and the database.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict

app = FastAPI(title="bare")


class Body(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    lines: list[dict[str, Any]]


@app.post("/bare", status_code=201)
def bare(body: Body) -> dict[str, Any]:
    return {"id": body.id, "lines": len(body.lines), "state": "ok"}


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
