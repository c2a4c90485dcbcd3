"""API keys (admin): create, list, revoke."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from api.deps import AdminKey, StoreDep
from api.errors import Problem, not_found
from api.paging import LINK_HEADER, Page, PagingDep
from api.schemas.common import PROBLEM_RESPONSES, Strict, problems
from api.unique_keys import UniqueKeysRoute
from logistics.store.keys import KeyInfo, LastAdminKey, create_key, page_keys, revoke_key

router = APIRouter(
    route_class=UniqueKeysRoute, prefix="/v1/keys", tags=["keys"], responses=PROBLEM_RESPONSES
)


class KeyCreate(Strict):
    role: Literal["shop", "dispatcher", "planner", "admin"]
    name: str = Field(default="", max_length=200)


class KeyCreated(BaseModel):
    id: str
    role: str
    key: str = Field(description="the secret: shown once, stored only as a hash")


class KeyOut(BaseModel):
    id: str
    role: str
    name: str


@router.post("", response_model=KeyCreated, status_code=201, summary="Create an API key")
def create(body: KeyCreate, response: Response, store: StoreDep, _key: AdminKey) -> KeyCreated:
    new = create_key(store, body.role, body.name)
    # the one answer that holds the secret: no cache or proxy may keep a copy of it
    response.headers["Cache-Control"] = "no-store"
    return KeyCreated(id=new.id, role=new.role.value, key=new.secret)


class KeysOut(Page[KeyOut]):
    """A page of live API keys."""


@router.get(
    "",
    response_model=KeysOut,
    summary="List live API keys (never secrets), a page at a time (by id)",
    responses={200: {"description": "a page of keys", "headers": LINK_HEADER}},
)
def list_(store: StoreDep, _key: AdminKey, paging: PagingDep, response: Response) -> KeysOut:
    keys = page_keys(store, after=paging.after_id(), limit=paging.fetch)
    return KeysOut(**paging.page(keys, lambda k: (k.id,), response, _key_out))


def _key_out(k: KeyInfo) -> KeyOut:
    return KeyOut(id=k.id, role=k.role.value, name=k.name)


@router.delete(
    "/{key_id}",
    status_code=204,
    summary="Revoke an API key (never the last live admin key: 409)",
    responses=problems(404, 409),
)
def revoke(key_id: str, request: Request, store: StoreDep, _key: AdminKey) -> Response:
    try:
        revoked = revoke_key(store, key_id, keep_an_admin=True)
    except LastAdminKey:
        raise Problem(
            "last-admin-key",
            f"key {key_id!r} is the last live admin key: revoked, no key could manage keys "
            "any more. Create another admin key first (POST /v1/keys with "
            '{"role": "admin"}), then revoke this one',
        ) from None
    if not revoked:
        raise not_found("live API key with id", key_id)
    request.app.state.key_cache.clear()
    return Response(status_code=204)
