"""FastAPI dependencies as ``Annotated`` aliases (store, settings, API keys and roles)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.errors import Problem, echoed, request_instance
from api.nul_characters import NUL
from logistics.settings import Settings
from logistics.store import Store
from logistics.store.keys import KeyInfo, hash_key, lookup_key
from logistics.store.models import Role

__all__ = [
    "StoreDep",
    "SettingsDep",
    "ApiKeyDep",
    "ShopKey",
    "DispatcherKey",
    "PlannerKey",
    "AdminKey",
    "require_roles",
    "role_check_of",
    "authorize_first",
    "KeyCache",
    "single_valued_query",
    "known_query_parameters",
    "nul_free_parameters",
]

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key")
_bearer = HTTPBearer(auto_error=False, description="An API key as a bearer token")


# The dependencies below are ``async`` although they do no I/O on their fast path: FastAPI
# runs a plain ``def`` dependency in the thread pool, a thread hop per dependency and request.


async def get_store(request: Request) -> Store:
    return request.app.state.store


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


class KeyCache:
    """Remembers looked-up keys for ``ttl_s`` seconds (revocations apply within that time;
    :meth:`clear`, after a revocation on this server, at once).

    Keys found and secrets not found are kept apart, each to ``max_entries``: when a table
    is full its oldest entry goes. A flood of made-up keys (each a miss, each remembered so
    a retry costs no read) pushes out only other misses, never the keys clients use."""

    def __init__(self, ttl_s: float = 10.0, max_entries: int = 10_000) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._found: dict[str, tuple[float, KeyInfo]] = {}
        self._missing: dict[str, float] = {}
        self._clears = 0

    def cached(self, secret: str) -> tuple[bool, KeyInfo | None]:
        """``(True, info)`` when ``secret`` was looked up less than ``ttl_s`` ago (``info``
        ``None``: it was not found)."""
        h = hash_key(secret)
        now = time.monotonic()
        hit = self._found.get(h)
        if hit is not None and now - hit[0] < self.ttl_s:
            return True, hit[1]
        seen = self._missing.get(h)
        if seen is not None and now - seen < self.ttl_s:
            return True, None
        return False, None

    def get(self, store: Store, secret: str) -> KeyInfo | None:
        found, info = self.cached(secret)
        if found:
            return info
        now = time.monotonic()
        h = hash_key(secret)
        clears = self._clears
        info = lookup_key(store, secret)
        if clears != self._clears:
            # cleared while reading (a revocation): the key read may be revoked by now, and
            # remembering it would let it in for ttl_s more seconds
            return info
        if info is None:
            self._remember(self._missing, h, now)
        else:
            self._remember(self._found, h, (now, info))
        return info

    def _remember(self, table: dict, h: str, entry) -> None:
        """Put ``entry`` last in ``table`` (oldest first), the oldest out when it is full."""
        table.pop(h, None)
        while len(table) >= self.max_entries:
            del table[next(iter(table))]
        table[h] = entry

    def clear(self) -> None:
        self._clears += 1
        self._found.clear()
        self._missing.clear()


async def get_api_key(
    request: Request,
    store: StoreDep,
    x_api_key: Annotated[str | None, Security(_api_key_header)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> KeyInfo:
    known = getattr(request.state, "api_key", None)
    if known is not None:  # checked before the body was read (:func:`authorize_first`)
        return known
    secret = x_api_key or (bearer.credentials if bearer is not None else None)
    challenge = {"WWW-Authenticate": 'Bearer realm="logistics"'}
    if not secret:
        raise Problem(
            "unauthorized",
            "send an API key in the X-API-Key header (or Authorization: Bearer KEY); "
            "an admin creates keys with `logistics keys create --role ROLE`",
            headers=challenge,
        )
    cache: KeyCache = request.app.state.key_cache
    found, info = cache.cached(secret)
    if not found:  # a database read: off the event loop
        info = await run_in_threadpool(cache.get, store, secret)
    if info is None:
        raise Problem(
            "unauthorized",
            "this API key is unknown or revoked; ask an admin for a new one",
            headers=challenge,
        )
    request.state.api_key = info
    return info


ApiKeyDep = Annotated[KeyInfo, Depends(get_api_key)]


def require_roles(*roles: Role):
    """A dependency that lets through only keys with one of ``roles``."""
    allowed = ", ".join(r.value for r in roles)

    async def check(key: ApiKeyDep) -> KeyInfo:
        if key.role not in roles:
            article = "an" if key.role.value[0] in "aeiou" else "a"
            raise Problem(
                "forbidden",
                f"{article} {key.role.value} key may not do this; it needs a key with role "
                f"{allowed}",
            )
        return key

    check.roles = roles  # type: ignore[attr-defined]  # found by :func:`role_check_of`
    return check


def role_check_of(dependant) -> Callable[[KeyInfo], Awaitable[KeyInfo]] | None:  # noqa: ANN001
    """The :func:`require_roles` check among a route's dependencies (``None``: the route
    needs no key)."""
    for dep in dependant.dependencies:
        if getattr(dep.call, "roles", None) is not None:
            return dep.call
        found = role_check_of(dep)
        if found is not None:
            return found
    return None


async def authorize_first(request: Request, check: Callable[[KeyInfo], Awaitable[KeyInfo]]) -> None:
    """The key and role check of a route, run before its body is read: a request without
    a key (401) or with the wrong role (403) is refused as such whatever its body, and no
    body of it is parsed (a malformed one was a 422 describing the JSON before).
    The key is kept on ``request.state`` for :func:`get_api_key`."""
    key = await get_api_key(
        request,
        request.app.state.store,
        await _api_key_header(request),
        await _bearer(request),
    )
    await check(key)


ShopKey = Annotated[KeyInfo, Depends(require_roles(Role.SHOP))]
DispatcherKey = Annotated[KeyInfo, Depends(require_roles(Role.DISPATCHER))]
PlannerKey = Annotated[KeyInfo, Depends(require_roles(Role.PLANNER))]
AdminKey = Annotated[KeyInfo, Depends(require_roles(Role.ADMIN))]


async def single_valued_query(request: Request) -> None:
    """Every query parameter of this API is a single value: a repeated one is an error."""
    seen: set[str] = set()
    for name, _value in request.query_params.multi_items():
        if name in seen:
            raise Problem(
                "invalid-request",
                f"query parameter {name!r} was given more than once; give it once",
                errors=[{"parameter": name, "in": "query", "detail": "repeated"}],
            )
        seen.add(name)


def _query_names(dependant) -> set[str]:  # noqa: ANN001 - a FastAPI Dependant
    names = {f.alias for f in dependant.query_params}
    for dep in dependant.dependencies:
        names |= _query_names(dep)
    return names


async def known_query_parameters(request: Request) -> None:
    """A query parameter the route does not take is an error, as an unknown body field is:
    ``GET /v1/stock?warehouse=W1`` (for ``warehouse_id``) or ``?page=2`` answered every
    position without a word."""
    if not request.query_params:
        return
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = getattr(route, "_known_query", None)
    if known is None:
        known = route._known_query = frozenset(_query_names(dependant))
    for name in request.query_params:
        if name not in known:
            takes = ", ".join(sorted(known)) or "none"
            raise Problem(
                "invalid-request",
                f"unknown query parameter {echoed(name)}; "
                f"{echoed(request_instance(request.scope))} takes: {takes}",
                errors=[{"parameter": name, "in": "query", "detail": "unknown parameter"}],
            )


async def nul_free_parameters(request: Request) -> None:
    """No path or query parameter holds a NUL character: PostgreSQL cannot compare one
    (``GET /v1/orders/a%00b`` was a 500 there, :mod:`api.nul_characters`)."""
    for where, items in (
        ("path", request.path_params.items()),
        ("query", request.query_params.multi_items()),
    ):
        for name, value in items:
            if isinstance(value, str) and NUL in value:
                raise Problem(
                    "invalid-request",
                    f"{where} parameter {name!r} holds a NUL character (%00); remove it",
                    errors=[{"parameter": name, "in": where, "detail": "holds a NUL character"}],
                )
