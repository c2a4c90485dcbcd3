"""Orders (shop): route one order synchronously through sourcing and reserve its stock."""

from __future__ import annotations

import threading
from functools import partial
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic_core import to_json
from sqlalchemy.exc import DBAPIError

from api.deps import SettingsDep, ShopKey, StoreDep
from api.errors import (
    PROBLEM_MEDIA_TYPE,
    Problem,
    invalid_value_problem,
    not_found,
    request_instance,
)
from api.ordering import (
    NotFulfillable,
    order_out,
    placed_order_out,
    route_order,
    validate_order,
)
from api.schemas.common import PROBLEM_RESPONSES, problems
from api.schemas.orders import CancelOut, OrderIn, OrderOut, OrderValidated
from api.unique_keys import UniqueKeysRoute
from logistics.errors import InvalidValueError
from logistics.store import ConflictsExhausted, OrderExists, cancel_order
from logistics.store.idempotency import (
    KeyInProgress,
    KeyReused,
    KeyTaken,
    KeyWithAnswer,
    find_key,
    request_hash,
    store_key,
)
from logistics.store.keys import KeyInfo
from logistics.store.models import Order as OrderRow

router = APIRouter(
    route_class=UniqueKeysRoute, prefix="/v1/orders", tags=["orders"], responses=PROBLEM_RESPONSES
)

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        description="Required (except with validate_only): a unique key per order request; "
        "repeating it with the same request returns the first answer (a field at its "
        "default value counts as left out, sent or not). validate_only neither stores nor "
        "replays it, but a key used with another request is refused as when placing",
    ),
]


class KeysInFlight:
    """Idempotency keys whose first request runs in this process right now.

    A second request with such a key is answered from the database when the key
    already holds an answer there (the one in flight is then a late request that
    will lose), else at once: 409 (same body, the answer is not ready yet) or 422
    (another body). Across processes the database decides: the key is stored with
    the answer in the reserving transaction, and a second request meeting it
    replays that answer.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[tuple[str, str], str] = {}

    def enter(self, owner: str, key: str, req_hash: str) -> None:
        """Mark ``key`` running; raises KeyInProgress or KeyReused if it already is."""
        with self._lock:
            first = self._running.setdefault((owner, key), req_hash)
        if first is req_hash:
            return
        if first != req_hash:
            raise KeyReused(
                f"Idempotency-Key {key!r} is in use with a different request body; "
                "use a new key for a new request"
            )
        raise KeyInProgress(
            f"a request with Idempotency-Key {key!r} is still being processed; "
            "retry in a moment to get its answer"
        )

    def leave(self, owner: str, key: str) -> None:
        with self._lock:
            self._running.pop((owner, key), None)


def order_request_hash(body: OrderIn) -> str:
    """The idempotency fingerprint of an order request: what it asks for, not how it is
    spelled (canonical JSON of the validated body).

    A field at its default value counts as left out, sent or not (``"channel": "web"``,
    ``"accept_pickup_point": false``, ``"rules": {}``), and aliases count as the field
    they name. A request that spells out no default value has the fingerprint
    :func:`order_request_hash_as_sent` gives it (the format keys were stored with
    before); keys stored with that format still match their retries through it.
    """
    doc = body.model_dump(mode="json", exclude_defaults=True)
    if doc.get("rules") == {}:  # rules that are all defaults: the same as no rules
        del doc["rules"]
    return request_hash("POST", "/v1/orders", doc)


def order_request_hash_as_sent(body: OrderIn) -> str:
    """The earlier fingerprint of an order request: its fields as sent, canonical JSON
    (a default spelled out changed it). Keys stored with it keep matching their retry."""
    return request_hash("POST", "/v1/orders", body.model_dump(mode="json", exclude_unset=True))


def _own_order(store, order_id: str, key: KeyInfo) -> OrderRow:
    with store.read() as session:
        row = session.get(OrderRow, order_id)
        if row is None or row.owner_key_id != key.id:
            raise not_found("order", order_id, "placed with this API key")
        _ = row.shipments, row.reservations
        return row


@router.post(
    "",
    status_code=201,
    response_model=OrderOut,
    summary="Route an order and reserve its stock (synchronous)",
    description="Decides which warehouse(s) and carrier(s) ship the order at the lowest landed "
    "cost that keeps the promise, and reserves the stock in the same step. With "
    "`?validate_only=true` the order is only checked (nothing is decided or reserved).",
    responses={
        200: {"model": OrderValidated, "description": "validate_only: the order is valid"},
        **problems(400, 409),
    },
)
async def create_order(
    body: OrderIn,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    key: ShopKey,
    idempotency_key: IdempotencyKeyHeader = None,
    validate_only: Annotated[bool, Query(description="check only; decide nothing")] = False,
):
    # the decision and its database work run on a worker thread, at most
    # ``order_threads`` orders at a time (the rest wait here, on the event loop)
    work = partial(
        _create_order, body, request, store, settings, key, idempotency_key, validate_only
    )
    return await anyio.to_thread.run_sync(work, limiter=order_limiter(request.app))


def order_limiter(app) -> anyio.CapacityLimiter:  # noqa: ANN001 - the FastAPI app
    """The app's limit on orders routed at once (made on first use, on the event loop).

    Routing an order is mostly Python holding the GIL: more threads than the
    database can use at once only make them take turns at the GIL (measured with 8
    requests in flight: 2 threads instead of anyio's default 40 cut the server's CPU
    per order on SQLite from 4.4-4.6 ms to 3.6-3.8 ms).
    """
    limiter = getattr(app.state, "order_limiter", None)
    if limiter is None:
        settings = app.state.settings
        threads = settings.order_threads or (2 if app.state.store.sqlite else 4)
        limiter = app.state.order_limiter = anyio.CapacityLimiter(threads)
    return limiter


def _create_order(
    body: OrderIn,
    request: Request,
    store,
    settings,
    key: KeyInfo,
    idempotency_key: str | None,
    validate_only: bool,
):
    cache = request.app.state.network_cache
    if validate_only:
        if idempotency_key:
            _refuse_a_reused_key(store, settings, key.id, idempotency_key, body)
        try:
            checked = validate_order(store, cache, body)
        except OrderExists as exc:
            raise _order_exists(body, exc) from None
        return JSONResponse(checked.model_dump(mode="json"))
    if not idempotency_key:
        raise Problem(
            "idempotency-key-missing",
            "send an Idempotency-Key header (e.g. a UUID per order) so a retried request "
            "cannot reserve stock twice",
            errors=[{"parameter": "Idempotency-Key", "in": "header", "detail": "required"}],
        )
    req_hash = order_request_hash(body)
    in_flight: KeysInFlight = request.app.state.orders_in_flight
    try:
        try:
            in_flight.enter(key.id, idempotency_key, req_hash)
        except (KeyReused, KeyInProgress):
            # the one in flight may be a late request the key's stored answer already
            # beats (it will lose): that answer, when there is one, is this request's too
            stale = settings.idempotency_stale_s
            first = _first_answer(store, key.id, idempotency_key, body, req_hash, stale)
            if first is not None:
                return first
            raise
        try:
            return _route(request, store, settings, body, key.id, idempotency_key, req_hash)
        finally:
            in_flight.leave(key.id, idempotency_key)
    except KeyReused as exc:
        raise Problem("idempotency-key-reused", str(exc)) from None
    except KeyInProgress as exc:
        raise Problem(
            "idempotency-key-in-progress", str(exc), headers={"Retry-After": "1"}
        ) from None


def _refuse_a_reused_key(store, settings, owner: str, ikey: str, body: OrderIn) -> None:
    """validate_only with an Idempotency-Key: the key is neither stored nor replayed (the
    order placed next with it is decided as a first request), but a key that already holds
    another request's answer is the 422 placing would get."""
    stale = settings.idempotency_stale_s
    try:
        _first_answer(store, owner, ikey, body, order_request_hash(body), stale)
    except KeyReused as exc:
        raise Problem("idempotency-key-reused", str(exc)) from None
    except KeyInProgress:
        pass  # the same request is being placed right now: checking it changes nothing


def _route(request, store, settings, body: OrderIn, owner: str, ikey: str, req_hash: str):
    """Decide and reserve; the key is stored with the answer as the first write of the
    reserving transaction. A key another request holds rolls that back (nothing is
    reserved twice) and the first answer is replayed; replays cost a decision, first
    requests no extra statement."""
    stale = settings.idempotency_stale_s
    answer: dict[str, bytes] = {}

    def remember(placed) -> str:
        doc = placed_order_out(placed).model_dump_json()
        answer["doc"] = doc.encode()
        return doc

    key = KeyWithAnswer(owner, ikey, req_hash, remember, stale_after_s=stale)
    cache = request.app.state.network_cache
    try:
        order_id = _route_once_more_on_lost_connection(
            lambda: route_order(store, cache, body, owner, settings.reserve_attempts, key=key)
        )
    except KeyTaken:
        return _answer_of_first(store, owner, ikey, body, req_hash, stale)
    except InvalidValueError as exc:
        # a request answered before the catalog changed still gets its first answer
        first = _first_answer(store, owner, ikey, body, req_hash, stale)
        if first is not None:
            return first
        raise invalid_value_problem(exc) from None
    except NotFulfillable as exc:
        r = exc.result
        problem = Problem(
            "order-not-fulfillable",
            f"{r.status}: {r.reason}; nothing was reserved",
            sourcing_status=str(r.status),
            site_notes=[n.to_dict() for n in r.site_notes],
        )
        return _finish_with_problem(store, owner, ikey, body, req_hash, stale, problem, request)
    except OrderExists as exc:
        problem = _order_exists(body, exc)
        return _finish_with_problem(store, owner, ikey, body, req_hash, stale, problem, request)
    except ConflictsExhausted as exc:
        first = _first_answer(store, owner, ikey, body, req_hash, stale)
        if first is not None:
            return first
        raise Problem("stock-contention", str(exc), headers={"Retry-After": "1"}) from None
    headers = {"Idempotent-Replayed": "false", "Location": f"/v1/orders/{order_id}"}
    return Response(answer["doc"], status_code=201, headers=headers, media_type="application/json")


def _order_exists(body: OrderIn, exc: OrderExists) -> Problem:
    """The 409 for a taken order id (placing it, or checking it with validate_only)."""
    # order ids are one namespace for all shop keys: another key's order is not shown
    return Problem(
        "order-exists",
        f"{exc}; use a new order id (GET /v1/orders/{body.id} shows it if this API key placed it)",
    )


def _route_once_more_on_lost_connection(route):
    """Run ``route()``; when a pooled database connection turns out broken (the pool
    skips the pre-use ping, see ``Settings.db_pre_ping``), run it once more on a
    fresh one. Safe: the key is stored with the answer in the reserving transaction,
    so if the lost connection had committed, the second run replays that answer."""
    try:
        return route()
    except DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
        return route()


def _first_answer(
    store, owner: str, ikey: str, body: OrderIn, req_hash: str, stale: int
) -> Response | None:
    """The stored answer for the key (replayed), or ``None`` when there is none.

    Raises KeyReused (another body) or KeyInProgress (a claim still running).
    """
    with store.read() as session:
        replay = find_key(
            session,
            owner,
            ikey,
            req_hash,
            stale_after_s=stale,
            earlier_hashes=lambda: (order_request_hash_as_sent(body),),
        )
    if replay is None:
        return None
    return _stored(replay.status_code, replay.body, replayed=True)


def _answer_of_first(
    store, owner: str, ikey: str, body: OrderIn, req_hash: str, stale: int
) -> Response:
    first = _first_answer(store, owner, ikey, body, req_hash, stale)
    if first is None:  # the first request's row went away again: let the client retry
        raise KeyInProgress(f"Idempotency-Key {ikey!r} is contended; retry in a moment")
    return first


def _finish_with_problem(
    store,
    owner: str,
    ikey: str,
    body: OrderIn,
    req_hash: str,
    stale: int,
    problem: Problem,
    request: Request,
) -> Response:
    doc = problem.body(request_instance(request.scope))
    with store.write_connection() as conn:
        stored = store_key(conn, owner, ikey, req_hash, problem.status, doc, stale_after_s=stale)
    if not stored:
        return _answer_of_first(store, owner, ikey, body, req_hash, stale)
    return _stored(problem.status, doc, replayed=False)


def _stored(status: int, body, *, replayed: bool) -> Response:
    """An order answer (first or replayed) rendered one way, so replays match byte for byte."""
    headers = {"Idempotent-Replayed": "true" if replayed else "false"}
    content = to_json(body)
    if status == 201:
        headers["Location"] = f"/v1/orders/{body['id']}"
        return Response(content, status_code=201, headers=headers, media_type="application/json")
    return Response(content, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


@router.get(
    "/{order_id}",
    response_model=OrderOut,
    summary="An order with its shipments, reservations and decision explanation",
    responses=problems(404),
)
def get_order(order_id: str, store: StoreDep, key: ShopKey) -> OrderOut:
    return order_out(_own_order(store, order_id, key))


@router.post(
    "/{order_id}/cancel",
    response_model=CancelOut,
    summary="Cancel an order: its reserved stock is returned exactly once",
    responses=problems(404),
)
def cancel(order_id: str, store: StoreDep, key: ShopKey) -> CancelOut:
    _own_order(store, order_id, key)
    result = cancel_order(store, order_id)
    return CancelOut(
        order=order_out(_own_order(store, order_id, key)),
        cancelled_now=result.cancelled_now,
        units_returned=result.units_returned,
    )
