"""Carriers (admin): rate cards, reach and hand-over times used by order sourcing."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.deps import AdminKey, StoreDep
from api.paging import LINK_HEADER, Page, PagingDep
from api.schemas.carriers import CarrierOut, CarriersIn
from api.schemas.common import PROBLEM_RESPONSES
from api.schemas.stock import Written
from api.unique_keys import UniqueKeysRoute
from logistics.errors import InvalidValueError
from logistics.store.carriers import (
    carrier_from_spec,
    carrier_to_spec,
    check_carrier_sites,
    load_carriers,
    upsert_carriers,
)

router = APIRouter(
    route_class=UniqueKeysRoute, prefix="/v1/carriers", tags=["stock"], responses=PROBLEM_RESPONSES
)


@router.put("", response_model=Written, summary="Create or replace carriers (bulk)")
def put_carriers(body: CarriersIn, request: Request, store: StoreDep, _key: AdminKey) -> Written:
    carriers = []
    for i, c in enumerate(body.carriers):
        try:
            carriers.append(carrier_from_spec(c.model_dump()))
        except InvalidValueError as exc:
            raise exc.prefixed(f"carriers[{i}]") from None
    with store.write() as session:
        check_carrier_sites(session, [c.warehouse_ids for c in body.carriers])
        n = upsert_carriers(session, carriers)
    request.app.state.network_cache.clear()
    return Written(written=n)


class CarriersOut(Page[CarrierOut]):
    """A page of carriers, each as ``PUT`` takes it with its defaults filled in."""


@router.get(
    "",
    response_model=CarriersOut,
    summary="List carriers, a page at a time (by id)",
    responses={200: {"description": "a page of carriers", "headers": LINK_HEADER}},
)
def list_carriers(
    store: StoreDep, _key: AdminKey, paging: PagingDep, response: Response
) -> CarriersOut:
    with store.read() as session:
        rows = load_carriers(session, after=paging.after_id(), limit=paging.fetch)
    return CarriersOut(**paging.page(rows, lambda c: (c.id,), response, carrier_to_spec))
