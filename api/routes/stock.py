"""Stock positions (admin): put counts, adjust, read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import AdminKey, StoreDep
from api.paging import LINK_HEADER, PagingDep
from api.schemas.common import PROBLEM_RESPONSES
from api.schemas.stock import PositionOut, PositionsOut, StockAdjust, StockPut, Written
from api.unique_keys import UniqueKeysRoute
from logistics.store.stock import StockChange, StockLevel, adjust_stock, put_stock, read_positions

router = APIRouter(
    route_class=UniqueKeysRoute, prefix="/v1/stock", tags=["stock"], responses=PROBLEM_RESPONSES
)


@router.put(
    "",
    response_model=Written,
    summary="Set units on hand per warehouse and SKU (bulk, all or nothing)",
    description="Held units stay held: ``available = on_hand - reserved`` afterwards. "
    "Putting fewer units than are reserved is refused.",
)
def put(body: StockPut, store: StoreDep, _key: AdminKey) -> Written:
    levels = [StockLevel(i.warehouse_id, i.sku_id, i.on_hand, i.safety_stock) for i in body.items]
    with store.write() as session:
        n = put_stock(session, levels)
    return Written(written=n)


@router.post(
    "/adjustments",
    response_model=Written,
    summary="Add or remove free units (bulk, all or nothing; never below zero)",
)
def adjust(body: StockAdjust, store: StoreDep, _key: AdminKey) -> Written:
    changes = [StockChange(i.warehouse_id, i.sku_id, i.delta) for i in body.items]
    with store.write() as session:
        n = adjust_stock(session, changes)
    return Written(written=n)


@router.get(
    "",
    response_model=PositionsOut,
    summary="Read stock positions, a page at a time (by warehouse_id, sku_id)",
    responses={200: {"description": "a page of positions", "headers": LINK_HEADER}},
)
def positions(
    store: StoreDep,
    _key: AdminKey,
    paging: PagingDep,
    response: Response,
    warehouse_id: Annotated[str | None, Query(max_length=64)] = None,
    sku_id: Annotated[str | None, Query(max_length=64)] = None,
) -> PositionsOut:
    after = paging.after(2)
    with store.read() as session:
        rows = read_positions(
            session,
            warehouse_id=warehouse_id,
            sku_ids=[sku_id] if sku_id is not None else None,
            after=after,
            limit=paging.fetch,
        )
    return PositionsOut(
        **paging.page(
            rows,
            lambda p: (p.warehouse_id, p.sku_id),
            response,
            lambda p: PositionOut(
                warehouse_id=p.warehouse_id,
                sku_id=p.sku_id,
                on_hand=p.on_hand,
                reserved=p.reserved,
                available=p.on_hand - p.reserved,
                safety_stock=p.safety_stock,
            ),
        )
    )
