"""Carriers in the store: domain :class:`~logistics.domain.Carrier` <-> a JSON spec."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from logistics.domain._checks import require_known
from logistics.domain.carriers import Carrier, CarrierKind, RateCard, RateZone
from logistics.domain.geo import LatLon
from logistics.errors import InvalidValueError
from logistics.store.bulk_writes import refuse_duplicates
from logistics.store.keyset import keyset_page
from logistics.store.models import CarrierRow, Warehouse, utcnow

__all__ = [
    "carrier_to_spec",
    "carrier_from_spec",
    "check_carrier_sites",
    "upsert_carriers",
    "load_carriers",
]

_INTS = (
    "per_km_cents",
    "base_cents",
    "radius_m",
    "speed_kmh",
    "last_pickup_s",
    "max_weight_g",
    "delivery_by_s",
    "first_pickup_s",
    "handover_s",
)


def carrier_to_spec(c: Carrier) -> dict[str, Any]:
    """A JSON-ready dict with every field of ``c``."""
    spec: dict[str, Any] = {"id": c.id, "kind": str(CarrierKind(c.kind))}
    spec["rate_card"] = (
        None
        if c.rate_card is None
        else {
            "zones": [
                {
                    "max_distance_m": z.max_distance_m,
                    "base_cents": z.base_cents,
                    "per_kg_cents": z.per_kg_cents,
                    "transit_days": z.transit_days,
                }
                for z in c.rate_card.zones
            ]
        }
    )
    for name in _INTS:
        spec[name] = getattr(c, name)
    spec["warehouse_ids"] = sorted(c.warehouse_ids)
    spec["points"] = [p.to_dict() for p in c.points]
    return spec


def carrier_from_spec(spec: dict[str, Any]) -> Carrier:
    """Rebuild the domain carrier (validates like any construction); an error in the
    rate card names its place in the spec (``rate_card.zones[1].max_distance_m``)."""
    card = spec.get("rate_card")
    rate_card = None
    if card:
        try:
            rate_card = RateCard(tuple(_zone(i, z) for i, z in enumerate(card["zones"])))
        except InvalidValueError as exc:
            raise exc.prefixed("rate_card") from None
    return Carrier(
        id=spec["id"],
        kind=CarrierKind(spec["kind"]),
        rate_card=rate_card,
        warehouse_ids=frozenset(spec.get("warehouse_ids", ())),
        points=tuple(LatLon(p["lat"], p["lon"]) for p in spec.get("points", ())),
        **{k: spec[k] for k in _INTS if k in spec},
    )


def _zone(i: int, spec: dict[str, Any]) -> RateZone:
    try:
        return RateZone(**spec)
    except InvalidValueError as exc:
        raise exc.prefixed(f"zones[{i}]") from None


def check_carrier_sites(
    session: Session, sites: Sequence[Sequence[str]], field: str = "carriers"
) -> None:
    """Every warehouse a carrier serves from is in the store.

    A carrier naming an unknown site was stored, and every order after it was refused
    (422 ``carriers[1].warehouse_ids='X': unknown site``, a pointer into no order).

    Parameters
    ----------
    sites
        Each carrier's ``warehouse_ids`` as sent, in the order sent.

    Raises
    ------
    InvalidValueError
        ``field[i].warehouse_ids[j]``: no such warehouse.
    """
    wanted = {w for ids in sites for w in ids}
    if not wanted:
        return
    known = set(session.scalars(select(Warehouse.id).where(Warehouse.id.in_(wanted))))
    for i, ids in enumerate(sites):
        require_known(f"{field}[{i}].warehouse_ids", ids, known, "unknown warehouse")


def upsert_carriers(session: Session, carriers: Iterable[Carrier], field: str = "carriers") -> int:
    """Insert or replace carriers; returns how many.

    Raises
    ------
    InvalidValueError
        One id given twice (``field[i].id``): nothing is written.
    """
    carriers = list(carriers)
    refuse_duplicates([c.id for c in carriers], field, "id", "carrier")
    n = 0
    for c in carriers:
        row = session.get(CarrierRow, c.id) or CarrierRow(id=c.id)
        row.kind = str(CarrierKind(c.kind))
        row.spec = carrier_to_spec(c)
        row.updated_at = utcnow()
        session.add(row)
        n += 1
    session.flush()
    return n


def load_carriers(
    session: Session, *, after: str | None = None, limit: int | None = None
) -> list[Carrier]:
    """Carriers, ordered by id: every one, or (keyset paging) at most ``limit`` of those
    whose id comes after ``after``."""
    q = keyset_page(select(CarrierRow), [CarrierRow.id], None if after is None else [after], limit)
    rows = session.scalars(q).all()
    return [carrier_from_spec(r.spec) for r in rows]
