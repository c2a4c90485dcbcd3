"""Warehouses (admin): the sites that ship orders."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.deps import AdminKey, StoreDep
from api.paging import LINK_HEADER, PagingDep
from api.schemas.common import PROBLEM_RESPONSES
from api.schemas.stock import WarehouseOut, WarehousesIn, WarehousesOut, Written
from api.unique_keys import UniqueKeysRoute
from logistics.domain import LatLon, Warehouse, WarehouseKind
from logistics.errors import InvalidValueError
from logistics.store.stock import load_warehouses, upsert_warehouses

router = APIRouter(
    route_class=UniqueKeysRoute,
    prefix="/v1/warehouses",
    tags=["stock"],
    responses=PROBLEM_RESPONSES,
)


@router.put("", response_model=Written, summary="Create or update warehouses (bulk)")
def put_warehouses(
    body: WarehousesIn, request: Request, store: StoreDep, _key: AdminKey
) -> Written:
    specs = []
    for i, w in enumerate(body.warehouses):
        try:
            specs.append(
                Warehouse(
                    id=w.id,
                    location=LatLon(w.location.lat, w.location.lon),
                    capacity_per_day=w.capacity_per_day,
                    cutoffs_s=tuple(w.cutoffs_s),
                    handling_cost_per_order=w.handling_cost_per_order,
                    handling_cost_per_unit=w.handling_cost_per_unit,
                    kind=WarehouseKind(w.kind),
                    utc_offset_s=w.utc_offset_s,
                    name=w.name,
                    time_zone=w.time_zone,
                )
            )
        except InvalidValueError as exc:
            raise exc.prefixed(f"warehouses[{i}]") from None
    with store.write() as session:
        n = upsert_warehouses(session, specs)
    request.app.state.network_cache.clear()
    return Written(written=n)


@router.get(
    "",
    response_model=WarehousesOut,
    summary="List warehouses, a page at a time (by id)",
    responses={200: {"description": "a page of warehouses", "headers": LINK_HEADER}},
)
def list_warehouses(
    store: StoreDep, _key: AdminKey, paging: PagingDep, response: Response
) -> WarehousesOut:
    with store.read() as session:
        rows = load_warehouses(session, after=paging.after_id(), limit=paging.fetch)
    return WarehousesOut(**paging.page(rows, lambda w: (w.id,), response, _warehouse_out))


def _warehouse_out(w: Warehouse) -> WarehouseOut:
    return WarehouseOut(
        id=w.id,
        name=w.name,
        location=w.location.to_dict(),
        kind=str(w.kind),
        capacity_per_day=w.capacity_per_day,
        cutoffs_s=list(w.cutoffs_s),
        handling_cost_per_order=w.handling_cost_per_order,
        handling_cost_per_unit=w.handling_cost_per_unit,
        utc_offset_s=w.utc_offset_s,
        time_zone=w.time_zone,
    )
