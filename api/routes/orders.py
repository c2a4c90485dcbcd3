"""Orders (shop): route one order synchronously through sourcing and reserve its stock."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, ShopKey, StoreDep
from api.errors import Problem, invalid_value_problem
from api.ordering import (
    NotFulfillable,
    order_out,
    placed_order_out,
    route_order,
    validate_order,
)
from api.schemas.common import PROBLEM_RESPONSES, problems
from api.schemas.orders import CancelOut, OrderIn, OrderOut, OrderValidated
from logistics.errors import InvalidValueError
from logistics.store import ConflictsExhausted, OrderExists, cancel_order
from logistics.store.idempotency import (
    KeyInProgress,
    KeyReused,
    claim_key,
    complete_key,
    forget_key,
    request_hash,
)
from logistics.store.keys import KeyInfo
from logistics.store.models import Order as OrderRow

router = APIRouter(prefix="/v1/orders", tags=["orders"], responses=PROBLEM_RESPONSES)

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        description="Required (except with validate_only): a unique key per order request; "
        "repeating it with the same body returns the first answer",
    ),
]


def order_request_hash(body: OrderIn) -> str:
    """The idempotency fingerprint of an order request (its fields as sent, canonical JSON)."""
    return request_hash("POST", "/v1/orders", body.model_dump(mode="json", exclude_unset=True))


def _own_order(store, order_id: str, key: KeyInfo) -> OrderRow:
    with store.read() as session:
        row = session.get(OrderRow, order_id)
        if row is None or row.owner_key_id != key.id:
            raise Problem("not-found", f"no order {order_id!r} placed with this API key")
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
def create_order(
    body: OrderIn,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    key: ShopKey,
    idempotency_key: IdempotencyKeyHeader = None,
    validate_only: Annotated[bool, Query(description="check only; decide nothing")] = False,
):
    cache = request.app.state.network_cache
    if validate_only:
        return JSONResponse(validate_order(store, cache, body).model_dump(mode="json"))
    if not idempotency_key:
        raise Problem(
            "idempotency-key-missing",
            "send an Idempotency-Key header (e.g. a UUID per order) so a retried request "
            "cannot reserve stock twice",
            errors=[{"parameter": "Idempotency-Key", "in": "header", "detail": "required"}],
        )
    req_hash = order_request_hash(body)
    try:
        replay = claim_key(
            store, key.id, idempotency_key, req_hash, stale_after_s=settings.idempotency_stale_s
        )
    except KeyReused as exc:
        raise Problem("idempotency-key-reused", str(exc)) from None
    except KeyInProgress as exc:
        raise Problem(
            "idempotency-key-in-progress", str(exc), headers={"Retry-After": "1"}
        ) from None
    if replay is not None:
        return _stored(replay.status_code, replay.body, replayed=True)

    def remember(session, placed) -> None:
        body_out = placed_order_out(placed).model_dump(mode="json")
        complete_key(session, key.id, idempotency_key, 201, body_out)
        request.state.order_body = body_out

    try:
        order_id = route_order(
            store, cache, body, key.id, settings.reserve_attempts, in_transaction=remember
        )
    except InvalidValueError as exc:
        forget_key(store, key.id, idempotency_key)
        raise invalid_value_problem(exc) from None
    except NotFulfillable as exc:
        r = exc.result
        problem = Problem(
            "order-not-fulfillable",
            f"{r.status}: {r.reason}; nothing was reserved",
            sourcing_status=str(r.status),
            site_notes=[n.to_dict() for n in r.site_notes],
        )
        return _finish_with_problem(store, key.id, idempotency_key, problem, request)
    except OrderExists as exc:
        problem = Problem("order-exists", f"{exc}; use a new order id or GET /v1/orders/{body.id}")
        return _finish_with_problem(store, key.id, idempotency_key, problem, request)
    except ConflictsExhausted as exc:
        forget_key(store, key.id, idempotency_key)
        raise Problem("stock-contention", str(exc), headers={"Retry-After": "1"}) from None
    except BaseException:
        forget_key(store, key.id, idempotency_key)
        raise
    return _stored(201, request.state.order_body, replayed=False, order_id=order_id)


def _finish_with_problem(
    store, owner, idem_key, problem: Problem, request: Request
) -> JSONResponse:
    doc = problem.body(request.url.path)
    with store.write() as session:
        complete_key(session, owner, idem_key, problem.status, doc)
    return _stored(problem.status, doc, replayed=False)


def _stored(status: int, body, *, replayed: bool, order_id: str | None = None) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true" if replayed else "false"}
    if status == 201:
        headers["Location"] = f"/v1/orders/{body['id'] if order_id is None else order_id}"
        return JSONResponse(body, status_code=201, headers=headers)
    return JSONResponse(
        body, status_code=status, headers=headers, media_type="application/problem+json"
    )


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
