"""SKUs (admin): what is sold and stored."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import AdminKey, StoreDep
from api.schemas.common import PROBLEM_RESPONSES
from api.schemas.stock import SkusIn, Written
from api.unique_keys import UniqueKeysRoute
from logistics.domain import Sku
from logistics.errors import InvalidValueError
from logistics.store.stock import upsert_skus

router = APIRouter(
    route_class=UniqueKeysRoute, prefix="/v1/skus", tags=["stock"], responses=PROBLEM_RESPONSES
)


@router.put("", response_model=Written, summary="Create or update SKUs (bulk)")
def put_skus(body: SkusIn, request: Request, store: StoreDep, _key: AdminKey) -> Written:
    specs = []
    for i, s in enumerate(body.skus):
        try:
            specs.append(
                Sku(s.id, s.weight_g, s.volume_cm3, item_class=s.item_class, kit_id=s.kit_id)
            )
        except InvalidValueError as exc:
            raise exc.prefixed(f"skus[{i}]") from None
    with store.write() as session:
        n = upsert_skus(session, specs)
    request.app.state.network_cache.clear()
    return Written(written=n)
