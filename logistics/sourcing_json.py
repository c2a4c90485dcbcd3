"""JSON edge format of order sourcing: orders and network snapshots in, decisions out.

Edges use RFC 3339 times with an offset (``"2026-06-01T14:05:00-04:00"``),
``{"lat": .., "lon": ..}`` places, ``"HH:MM"`` local times of day, cents, grams
and meters; inside everything is unix seconds and integers. Every bad value
raises :class:`~logistics.errors.InvalidValueError` naming its path
(``order.lines[1].quantity``, ``network.carriers[0].zones[2].base_cents``).
See ``examples/sourcing/`` for complete files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from logistics.domain._checks import require_int, require_known
from logistics.domain.carriers import Carrier, CarrierKind, RateCard, RateZone
from logistics.domain.catalog import InventoryPosition, Sku
from logistics.domain.geo import LatLon
from logistics.domain.network import MAX_SITE_AMOUNT, Warehouse, WarehouseKind
from logistics.domain.orders import Order, OrderLine, Promise, PromiseKind
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem, SourcingRules
from logistics.domain.timezones import check_one_clock
from logistics.errors import InvalidValueError, one_of
from logistics.rfc3339 import parse_rfc3339

__all__ = [
    "parse_time",
    "parse_time_of_day",
    "order_from_json",
    "network_from_json",
    "problem_from_json",
    "network_to_json",
]

T = TypeVar("T")


def _guard(prefix: str, build: Callable[[], T]) -> T:
    """Run ``build``; re-raise an :class:`InvalidValueError` with ``prefix`` on its field."""
    try:
        return build()
    except InvalidValueError as exc:
        raise exc.prefixed(prefix) from None
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        raise InvalidValueError(prefix, None, f"malformed: {exc}") from None


# the domain's fields a network file names otherwise (its times of day are "HH:MM")
_WAREHOUSE_FILE_NAMES = {"cutoffs_s": "cutoffs"}
_CARRIER_FILE_NAMES = {
    "first_pickup_s": "first_pickup",
    "last_pickup_s": "last_pickup",
    "delivery_by_s": "delivery_by",
    "rate_card": "zones",
}
_TIMES_OF_DAY = frozenset({"cutoffs", "first_pickup", "last_pickup", "delivery_by"})


def _as_in_file(names: dict[str, str], build: Callable[[], T]) -> T:
    """Run ``build``; an :class:`InvalidValueError` on a field in ``names`` is re-raised
    named as the file names it (``cutoffs[1]='10:00'``, not ``cutoffs_s[1]=36000``)."""
    try:
        return build()
    except InvalidValueError as exc:
        head, bracket, rest = exc.field.partition("[")
        name = names.get(head)
        if name is None:
            raise
        value = exc.value
        if name in _TIMES_OF_DAY and isinstance(value, int) and not isinstance(value, bool):
            value = _hhmm(value)
        elif name in _TIMES_OF_DAY and isinstance(value, tuple):
            value = [_hhmm(v) for v in value]
        reason = exc.reason
        for domain_name, file_name in names.items():
            reason = reason.replace(domain_name, file_name)
        raise InvalidValueError(name + bracket + rest, value, reason) from None


def _obj(field: str, data: Any, allowed: set[str], required: set[str] = frozenset()) -> dict:
    if not isinstance(data, dict):
        raise InvalidValueError(field, data, "expected a JSON object")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise InvalidValueError(f"{field}.{unknown[0]}", data[unknown[0]], "unknown field")
    for key in sorted(required):
        if key not in data:
            raise InvalidValueError(f"{field}.{key}", None, "required")
    return data


def _list(field: str, data: Any) -> list:
    if not isinstance(data, list):
        raise InvalidValueError(field, data, "expected a JSON array")
    return data


def parse_time(field: str, value: Any) -> int:
    """RFC 3339 time with an offset -> unix seconds (:func:`logistics.rfc3339.parse_rfc3339`)."""
    return int(parse_rfc3339(value, field).timestamp())


def parse_time_of_day(field: str, value: Any) -> int:
    """``"HH:MM"`` or ``"HH:MM:SS"`` -> seconds after midnight."""
    if isinstance(value, str):
        parts = value.split(":")
        if 2 <= len(parts) <= 3 and all(p.isdigit() for p in parts):
            h, m, s = (int(p) for p in (parts + ["0"])[:3])
            if h < 24 and m < 60 and s < 60:
                return h * 3600 + m * 60 + s
    raise InvalidValueError(field, value, 'expected a local time of day "HH:MM"')


#: ``+HH:MM`` / ``-HH:MM``, digits only.
_OFFSET = re.compile(r"([+-])(\d\d):(\d\d)")
#: The widest UTC offset in use (Kiribati +14:00, Baker Island -12:00), in seconds.
MAX_UTC_OFFSET_S = 14 * 3600


def _offset(field: str, value: Any) -> int:
    """``"-05:00"`` (or seconds as an integer) -> seconds, within -14:00..+14:00."""
    if isinstance(value, int) and not isinstance(value, bool):
        seconds = value
    else:
        match = _OFFSET.fullmatch(value) if isinstance(value, str) else None
        if match is None or int(match[3]) >= 60:
            raise InvalidValueError(field, value, 'expected a UTC offset like "-05:00"')
        sign = -1 if match[1] == "-" else 1
        seconds = sign * (int(match[2]) * 3600 + int(match[3]) * 60)
    if abs(seconds) > MAX_UTC_OFFSET_S:
        raise InvalidValueError(field, value, "a UTC offset within -14:00..+14:00")
    return seconds


def _latlon(field: str, value: Any) -> LatLon:
    if not isinstance(value, dict) or set(value) != {"lat", "lon"}:
        raise InvalidValueError(field, value, 'expected an object {"lat": .., "lon": ..}')
    return _guard(field, lambda: LatLon(value["lat"], value["lon"]))


def order_from_json(data: Any, field: str = "order") -> Order:
    """Build an :class:`Order` from its JSON object.

    Keys: ``id``, ``created_at`` (RFC 3339), ``ship_to`` ``{lat, lon}``, ``promise``
    (``{"kind": "same_city", "hours": 4}`` | ``{"kind": "same_day"}`` |
    ``{"kind": "next_day"}`` | ``{"kind": "standard", "days": 5}``; ``standard_days``,
    the API's name, is read as ``days``), ``lines`` (``[{"sku_id", "quantity"}]``),
    optional ``channel``.
    """
    _obj(
        field,
        data,
        {"id", "created_at", "ship_to", "promise", "lines", "channel"},
        {"id", "created_at", "ship_to", "promise", "lines"},
    )
    lines = []
    for i, raw in enumerate(_list(f"{field}.lines", data["lines"])):
        f = f"{field}.lines[{i}]"
        _obj(f, raw, {"sku_id", "quantity"}, {"sku_id", "quantity"})
        lines.append(_guard(f, lambda raw=raw: OrderLine(raw["sku_id"], raw["quantity"])))
    promise_keys = {"kind", "hours", "days", "standard_days"}
    p = _obj(f"{field}.promise", data["promise"], promise_keys, {"kind"})
    if "days" in p and "standard_days" in p:
        raise InvalidValueError(
            f"{field}.promise.standard_days", p["standard_days"], 'the same as "days": give one'
        )
    promise = _guard(f"{field}.promise", lambda: _promise(p))
    ship_to = _latlon(f"{field}.ship_to", data["ship_to"])
    created_at = parse_time(f"{field}.created_at", data["created_at"])
    return _guard(
        field,
        lambda: Order(
            id=data["id"],
            lines=tuple(lines),
            ship_to=ship_to,
            promise=promise,
            created_at=created_at,
            channel=data.get("channel", "web"),
        ),
    )


def _promise(p: dict) -> Promise:
    """The promise of an order's JSON; errors name the key the file used (``days``, or
    ``standard_days`` when it is spelled the API's way)."""
    days_key = "standard_days" if "standard_days" in p else "days"
    try:
        return Promise(
            PromiseKind(p["kind"]) if p["kind"] in {k.value for k in PromiseKind} else p["kind"],
            hours=p.get("hours"),
            standard_days=p.get(days_key, 5),
        )
    except InvalidValueError as exc:
        if exc.field == "standard_days":
            raise InvalidValueError(days_key, exc.value, exc.reason) from None
        raise


def _int(field: str, data: dict, key: str, default: int | None = None) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(f"{field}.{key}", value, "expected an integer")
    return value


def _warehouse(field: str, raw: Any) -> tuple[Warehouse, int | None]:
    keys = {
        "id", "name", "kind", "location", "capacity_per_day", "capacity_left", "cutoffs",
        "utc_offset", "time_zone", "handling_cost_per_order", "handling_cost_per_unit",
    }  # fmt: skip
    _obj(field, raw, keys, {"id", "location", "capacity_per_day"})
    cutoffs = tuple(
        parse_time_of_day(f"{field}.cutoffs[{i}]", c)
        for i, c in enumerate(_list(f"{field}.cutoffs", raw.get("cutoffs", ["16:00"])))
    )
    location = _latlon(f"{field}.location", raw["location"])
    offset = _offset(f"{field}.utc_offset", raw.get("utc_offset", 0))
    zone = raw.get("time_zone")
    check_one_clock(
        f"{field}.time_zone", zone, f"{field}.utc_offset", raw.get("utc_offset"), offset != 0
    )
    kind = raw.get("kind", "fulfillment_center")
    if kind not in {k.value for k in WarehouseKind}:
        raise InvalidValueError(f"{field}.kind", kind, one_of(k.value for k in WarehouseKind))
    wh = _guard(
        field,
        lambda: _as_in_file(
            _WAREHOUSE_FILE_NAMES,
            lambda: Warehouse(
                id=raw["id"],
                location=location,
                capacity_per_day=raw["capacity_per_day"],
                cutoffs_s=cutoffs,
                handling_cost_per_order=raw.get("handling_cost_per_order", 0),
                handling_cost_per_unit=raw.get("handling_cost_per_unit", 0),
                kind=WarehouseKind(kind),
                utc_offset_s=offset,
                name=raw.get("name", ""),
                time_zone=zone,
            ),
        ),
    )
    left = raw.get("capacity_left")
    if left is not None:
        left = _int(field, raw, "capacity_left")
        # named here: the snapshot only sees the whole capacity_left array
        require_int(f"{field}.capacity_left", left, minimum=0, maximum=MAX_SITE_AMOUNT)
    return wh, left


def _carrier(field: str, raw: Any) -> Carrier:
    keys = {
        "id", "kind", "zones", "base_cents", "per_km_cents", "radius_m", "speed_kmh",
        "first_pickup", "last_pickup", "delivery_by", "handover_s", "max_weight_g",
        "warehouse_ids", "points",
    }  # fmt: skip
    _obj(field, raw, keys, {"id", "kind"})
    card = None
    if "zones" in raw:
        zones = []
        for i, z in enumerate(_list(f"{field}.zones", raw["zones"])):
            f = f"{field}.zones[{i}]"
            _obj(f, z, {"max_distance_m", "base_cents", "per_kg_cents", "transit_days"})
            zones.append(
                _guard(
                    f,
                    lambda z=z: RateZone(
                        z["max_distance_m"],
                        z.get("base_cents", 0),
                        z.get("per_kg_cents", 0),
                        z.get("transit_days", 0),
                    ),
                )
            )
        card = _guard(field, lambda: RateCard(tuple(zones)))
    points = tuple(
        _latlon(f"{field}.points[{i}]", p)
        for i, p in enumerate(_list(f"{field}.points", raw.get("points", [])))
    )
    times = {
        k: parse_time_of_day(f"{field}.{k}", raw[k])
        for k in ("first_pickup", "last_pickup", "delivery_by")
        if k in raw
    }
    kind = raw["kind"]
    if kind not in {k.value for k in CarrierKind}:
        raise InvalidValueError(f"{field}.kind", kind, one_of(k.value for k in CarrierKind))
    return _guard(
        field,
        lambda: _as_in_file(
            _CARRIER_FILE_NAMES,
            lambda: Carrier(
                id=raw["id"],
                kind=CarrierKind(kind),
                rate_card=card,
                per_km_cents=raw.get("per_km_cents", 0),
                base_cents=raw.get("base_cents", 0),
                radius_m=raw.get("radius_m", 0),
                speed_kmh=raw.get("speed_kmh", 25),
                last_pickup_s=times.get("last_pickup", 20 * 3600),
                warehouse_ids=frozenset(raw.get("warehouse_ids", [])),
                max_weight_g=raw.get("max_weight_g", 0),
                delivery_by_s=times.get("delivery_by", 20 * 3600),
                first_pickup_s=times.get("first_pickup", 8 * 3600),
                handover_s=raw.get("handover_s", 1800),
                points=points,
            ),
        ),
    )


def _rules(field: str, raw: Any) -> SourcingRules:
    keys = {
        "max_shipments", "cost_per_extra_shipment", "never_split_kits",
        "safety_stock_by_channel", "excluded_warehouse_ids",
    }  # fmt: skip
    _obj(field, raw, keys)
    ss = raw.get("safety_stock_by_channel", {})
    if not isinstance(ss, dict):
        raise InvalidValueError(f"{field}.safety_stock_by_channel", ss, "expected an object")
    return _guard(
        field,
        lambda: SourcingRules(
            max_shipments=raw.get("max_shipments", 3),
            cost_per_extra_shipment=raw.get("cost_per_extra_shipment", 300),
            never_split_kits=raw.get("never_split_kits", True),
            safety_stock_by_channel=ss,
            excluded_warehouse_ids=frozenset(
                _list(f"{field}.excluded_warehouse_ids", raw.get("excluded_warehouse_ids", []))
            ),
        ),
    )


def network_from_json(data: Any, field: str = "network") -> tuple[NetworkSnapshot, SourcingRules]:
    """Build a snapshot and its rules from a network JSON object.

    Keys: ``warehouses``, ``skus``, ``stock`` (``[{warehouse_id, sku_id, on_hand,
    reserved, safety_stock}]``), ``carriers``, optional ``rules``, ``road_factor``,
    ``taken_at`` (RFC 3339).
    """
    keys = {"warehouses", "skus", "stock", "carriers", "rules", "road_factor", "taken_at"}
    _obj(field, data, keys, {"warehouses", "skus", "stock", "carriers"})
    sites, left = [], {}
    for i, raw in enumerate(_list(f"{field}.warehouses", data["warehouses"])):
        wh, cap = _warehouse(f"{field}.warehouses[{i}]", raw)
        sites.append(wh)
        if cap is not None:
            left[wh.id] = cap
    skus = []
    for i, raw in enumerate(_list(f"{field}.skus", data["skus"])):
        f = f"{field}.skus[{i}]"
        _obj(f, raw, {"id", "weight_g", "volume_cm3", "kit_id", "item_class"}, {"id"})
        skus.append(
            _guard(
                f,
                lambda raw=raw: Sku(
                    raw["id"],
                    weight_g=raw.get("weight_g", 0),
                    volume_cm3=raw.get("volume_cm3", 0),
                    kit_id=raw.get("kit_id"),
                    item_class=raw.get("item_class", "general"),
                ),
            )
        )
    stock = []
    for i, raw in enumerate(_list(f"{field}.stock", data["stock"])):
        f = f"{field}.stock[{i}]"
        _obj(
            f,
            raw,
            {"warehouse_id", "sku_id", "on_hand", "reserved", "safety_stock"},
            {"warehouse_id", "sku_id", "on_hand"},
        )
        stock.append(
            _guard(
                f,
                lambda raw=raw: InventoryPosition(
                    raw["warehouse_id"],
                    raw["sku_id"],
                    raw["on_hand"],
                    raw.get("reserved", 0),
                    raw.get("safety_stock", 0),
                ),
            )
        )
    carriers = [
        _carrier(f"{field}.carriers[{i}]", raw)
        for i, raw in enumerate(_list(f"{field}.carriers", data["carriers"]))
    ]
    taken_at = parse_time(f"{field}.taken_at", data["taken_at"]) if "taken_at" in data else 0
    snapshot = _guard(
        field,
        lambda: NetworkSnapshot.build(
            sites,
            skus,
            carriers,
            stock,
            left,
            road_factor=data.get("road_factor", 1.3),
            taken_at=taken_at,
        ),
    )
    rules = _rules(f"{field}.rules", data.get("rules", {}))
    excluded = data.get("rules", {}).get("excluded_warehouse_ids", [])
    known = {w.id for w in sites}
    require_known(f"{field}.rules.excluded_warehouse_ids", excluded, known, "unknown site")
    return snapshot, rules


def problem_from_json(
    order: Any, network: NetworkSnapshot, rules: SourcingRules
) -> SourcingProblem:
    """A :class:`SourcingProblem` from an order JSON object (which may carry options).

    Besides the order keys, the object may hold ``now`` (RFC 3339 decision time),
    ``customer_utc_offset`` (``"-05:00"``) or ``customer_time_zone`` (IANA name,
    ``"America/New_York"``; not both) and ``accept_pickup_point`` (bool).
    """
    if not isinstance(order, dict):
        raise InvalidValueError("order", order, "expected a JSON object")
    options = {"now", "customer_utc_offset", "customer_time_zone", "accept_pickup_point"}
    body = {k: v for k, v in order.items() if k not in options}
    parsed = order_from_json(body)
    now = parse_time("order.now", order["now"]) if "now" in order else None
    offset = (
        _offset("order.customer_utc_offset", order["customer_utc_offset"])
        if "customer_utc_offset" in order
        else None
    )
    zone = order.get("customer_time_zone")
    check_one_clock(
        "order.customer_time_zone",
        zone,
        "order.customer_utc_offset",
        order.get("customer_utc_offset"),
        offset is not None,
    )
    pickup = order.get("accept_pickup_point", False)
    if not isinstance(pickup, bool):
        raise InvalidValueError("order.accept_pickup_point", pickup, "expected true or false")
    return SourcingProblem(
        parsed,
        network,
        rules,
        now=now,
        customer_utc_offset_s=offset,
        accept_pickup_point=pickup,
        customer_time_zone=zone,
    )


def _hhmm(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}" + (
        f":{seconds % 60:02d}" if seconds % 60 else ""
    )


def _offset_text(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    s = abs(seconds)
    return f"{sign}{s // 3600:02d}:{s % 3600 // 60:02d}"


def network_to_json(network: NetworkSnapshot, rules: SourcingRules) -> dict[str, Any]:
    """The JSON object :func:`network_from_json` reads back (stock as ``on_hand``)."""
    from datetime import UTC

    sites = []
    for i, w in enumerate(network.warehouses):
        clock = (
            {"utc_offset": _offset_text(w.utc_offset_s)}
            if w.time_zone is None
            else {"time_zone": w.time_zone}
        )
        sites.append(
            {
                "id": w.id,
                "name": w.name,
                "kind": str(w.kind),
                "location": w.location.to_dict(),
                **clock,
                "cutoffs": [_hhmm(c) for c in w.cutoffs_s],
                "capacity_per_day": w.capacity_per_day,
                "capacity_left": int(network.capacity_left[i]),
                "handling_cost_per_order": w.handling_cost_per_order,
                "handling_cost_per_unit": w.handling_cost_per_unit,
            }
        )
    skus = []
    for s in network.skus:
        d: dict[str, Any] = {"id": s.id, "weight_g": s.weight_g}
        if s.kit_id is not None:
            d["kit_id"] = s.kit_id
        skus.append(d)
    stock = [
        {"warehouse_id": w.id, "sku_id": s.id, "on_hand": int(network.available[i, k])}
        for i, w in enumerate(network.warehouses)
        for k, s in enumerate(network.skus)
        if network.available[i, k] > 0
    ]
    carriers = []
    for c in network.carriers:
        d = {"id": c.id, "kind": str(c.kind)}
        if c.rate_card is not None:
            d["zones"] = [
                {
                    "max_distance_m": z.max_distance_m,
                    "base_cents": z.base_cents,
                    "per_kg_cents": z.per_kg_cents,
                    "transit_days": z.transit_days,
                }
                for z in c.rate_card.zones
            ]
        if c.kind == CarrierKind.INSTANT:
            d.update(
                base_cents=c.base_cents,
                per_km_cents=c.per_km_cents,
                radius_m=c.radius_m,
                speed_kmh=c.speed_kmh,
                first_pickup=_hhmm(c.first_pickup_s),
                handover_s=c.handover_s,
            )
        d["last_pickup"] = _hhmm(c.last_pickup_s)
        if c.kind != CarrierKind.INSTANT:
            d["delivery_by"] = _hhmm(c.delivery_by_s)
        if c.max_weight_g:
            d["max_weight_g"] = c.max_weight_g
        if c.warehouse_ids:
            d["warehouse_ids"] = sorted(c.warehouse_ids)
        if c.points:
            d["radius_m"] = c.radius_m
            d["points"] = [p.to_dict() for p in c.points]
        carriers.append(d)
    return {
        "taken_at": datetime.fromtimestamp(network.taken_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "road_factor": network.road_factor,
        "rules": {
            "max_shipments": rules.max_shipments,
            "cost_per_extra_shipment": rules.cost_per_extra_shipment,
            "never_split_kits": rules.never_split_kits,
            "safety_stock_by_channel": dict(rules.safety_stock_by_channel),
            "excluded_warehouse_ids": sorted(rules.excluded_warehouse_ids),
        },
        "warehouses": sites,
        "skus": skus,
        "stock": stock,
        "carriers": carriers,
    }
