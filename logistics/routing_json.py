"""Our JSON format for delivery routing problems and plans (real use, not benchmarks).

A problem file (see ``examples/routing/rio_day.json`` and README "Delivery routing")::

    {
      "name": "rio-2026-11-23",
      "time_origin": "2026-11-23T00:00:00-03:00",
      "units": ["kg", "parcels"],
      "objective": {"span_cost_per_s": 0},
      "depots": [{"id": "dc", "location": {"lat": -22.9, "lon": -43.2},
                  "opening": {"start": "2026-11-23T06:00:00-03:00", "end": "..."}}],
      "vehicle_types": [{"id": "van", "capacity": {"kg": 800, "parcels": 120},
                         "fixed_cost": 5000, "cost_per_km": 45, "cost_per_hour": 2500,
                         "co2_g_per_km": 180, "skills": ["fridge"]}],
      "vehicles": [{"id": "van-1", "type": "van", "start_depot": "dc", "end_depot": "dc",
                    "shift": {"start": "...", "end": "..."},
                    "breaks": [{"window": {"start": "...", "end": "..."}, "duration_s": 1800}],
                    "dispatched": ["o-7", "o-3"]}],
      "stops": [{"id": "o-1", "location": {"lat": -22.95, "lon": -43.18},
                 "delivery": {"kg": 12, "parcels": 1}, "service_s": 180,
                 "time_windows": [{"start": "...", "end": "..."}]}],
      "pairs": [{"pickup": "r-1", "delivery": "r-1-dc"}],
      "matrices": {"distance_m": [[...]], "duration_s": [[...]]}
    }

Times are RFC 3339 with an offset; internally they become integer seconds from
``time_origin`` (default: midnight, in its own offset, of the earliest time in the
file). Places are ``{lat, lon}`` objects. Quantities are objects keyed by unit
(a unit left out is 0). Money is in cents, distances in meters, durations in
seconds. ``end_depot: null`` is an open route; a stop's ``penalty`` makes it
optional. A depot without ``opening`` is open from the origin through the
document's latest time (at least 24 hours); a vehicle without ``shift`` works the
origin's first 24 hours. A vehicle's ``dispatched`` lists the stop ids already handed to its
driver, in serving order: they stay at the start of its route. A live re-plan gives the
document's ``now``: no shift starts before it, breaks over by then are dropped; and a van
on the road gives its ``position`` (``{lat, lon}`` at ``now``), read as a depot of its own
(``{vehicle id}:position``, open at ``now`` only) that its route starts from, given no new
delivery (:mod:`logistics.live_replan`). Every mistake
raises :class:`~logistics.errors.InvalidValueError` naming the field by its path
in the JSON, e.g. ``stops[3].delivery.kg`` or ``matrices.distance_m`` (never a
domain name such as ``distance``), with the value as the document holds it
(RFC 3339 times, JSON objects), never an internal object.

Plans are written with the same conventions (:func:`plan_to_json`) or as GeoJSON
(:func:`plan_to_geojson`; GeoJSON itself mandates ``[lon, lat]`` coordinates).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from logistics.domain._checks import MAX_AMOUNT
from logistics.domain.fleet import Break, Vehicle, VehicleType
from logistics.domain.geo import LatLon
from logistics.domain.route_plan import RoutePlan, StepType
from logistics.domain.routing import Depot, Objective, RoutingProblem
from logistics.domain.stops import PickupDelivery, Stop, TimeWindow
from logistics.errors import InvalidValueError
from logistics.json_file import read_json
from logistics.live_replan import from_now, keep_new_deliveries_off_the_road
from logistics.rfc3339 import parse_rfc3339

__all__ = [
    "RoutingDocument",
    "problem_from_json",
    "problem_to_json",
    "load_problem",
    "save_problem",
    "plan_to_json",
    "plan_to_geojson",
]

_TOP_KEYS = {
    "name",
    "time_origin",
    "units",
    "objective",
    "depots",
    "vehicle_types",
    "vehicles",
    "stops",
    "pairs",
    "matrices",
    "now",
}


@dataclass(frozen=True)
class RoutingDocument:
    """A problem read from JSON and the wall-clock time its second 0 stands for."""

    problem: RoutingProblem
    origin: datetime

    def to_seconds(self, when: datetime) -> int:
        return int((when - self.origin).total_seconds())

    def to_time(self, seconds: int) -> str:
        """RFC 3339 time of ``seconds`` from the origin (the origin's offset)."""
        return (self.origin + timedelta(seconds=seconds)).isoformat()


# -- reading ----------------------------------------------------------------------


def _join(field: str, key: str) -> str:
    """``field.key``, or ``key`` at the top of the document (whose field is ``""``)."""
    return f"{field}.{key}" if field else key


def _obj(value: Any, field: str, allowed: set[str], required: set[str] = frozenset()) -> dict:
    if not isinstance(value, dict):
        raise InvalidValueError(field, value, "expected an object")
    extra = set(value) - allowed
    if extra:
        raise InvalidValueError(
            _join(field, sorted(extra)[0]),
            value[sorted(extra)[0]],
            (f"unknown field; allowed: {', '.join(sorted(allowed))}"),
        )
    for key in sorted(required):
        if key not in value or value[key] is None:
            raise InvalidValueError(_join(field, key), None, "required")
    return value


def _list(value: Any, field: str) -> list:
    if not isinstance(value, list):
        raise InvalidValueError(field, value, "expected a list")
    return value


def _all_times(data: dict) -> list[datetime]:
    found: list[datetime] = []

    def walk(x: Any, field: str) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if k in ("start", "end") and isinstance(v, str):
                    found.append(parse_rfc3339(v, _join(field, k)))
                else:
                    walk(v, _join(field, k))
        elif isinstance(x, list):
            for i, v in enumerate(x):
                walk(v, f"{field}[{i}]")

    walk({k: v for k, v in data.items() if k != "matrices"}, "")
    return found


def _location(value: Any, field: str) -> LatLon:
    if value is None:
        raise InvalidValueError(field, value, "a location {lat, lon} is required")
    if not isinstance(value, dict) or set(value) != {"lat", "lon"}:
        raise InvalidValueError(field, value, 'expected an object {"lat": .., "lon": ..}')
    try:
        return LatLon(value["lat"], value["lon"])
    except InvalidValueError as e:
        raise e.prefixed(field) from None


def _quantities(value: Any, field: str, units: tuple[str, ...]) -> tuple[int, ...]:
    if value is None:
        return tuple(0 for _ in units)
    if not isinstance(value, dict):
        raise InvalidValueError(
            field, value, "expected an object keyed by unit: " + ", ".join(map(repr, units))
        )
    for k in value:
        if k not in units:
            raise InvalidValueError(
                f"{field}.{k}", value[k], f"unknown unit; units are {json.dumps(list(units))}"
            )
    out = []
    for u in units:
        q = value.get(u, 0)
        if isinstance(q, bool) or not isinstance(q, int):
            raise InvalidValueError(f"{field}.{u}", q, "expected an integer quantity")
        if q < 0:
            raise InvalidValueError(f"{field}.{u}", q, "quantities must not be negative")
        out.append(q)
    return tuple(out)


def _skills(value: Any, field: str) -> frozenset[str]:
    for k, skill in enumerate(_list(value, field)):
        if not isinstance(skill, str) or not skill.strip():
            raise InvalidValueError(f"{field}[{k}]", skill, "skills are non-empty strings")
    return frozenset(value)


MAX_DISTANCE_M = 40_000_000
"""Longest leg a distance matrix may hold (the equator is 40,075 km)."""


def _matrix(value: Any, field: str, n: int, maximum: int) -> np.ndarray:
    """An ``n`` x ``n`` integer matrix (depots first, then stops), checked as sent;
    every entry at most ``maximum`` (larger ones overflowed the solvers' int64 costs)."""
    shape = f"a list of {n} lists of {n} integers (depots first, then stops)"
    if not isinstance(value, list):
        raise InvalidValueError(field, value, f"expected {shape}")
    if len(value) != n:
        raise InvalidValueError(field, f"{len(value)} rows", f"expected {shape}")
    for i, row in enumerate(value):
        if not isinstance(row, list) or len(row) != n:
            got = f"{len(row)} values" if isinstance(row, list) else row
            raise InvalidValueError(f"{field}[{i}]", got, f"expected a list of {n} integers")
    try:
        m = np.asarray(value)
    except (TypeError, ValueError):  # pragma: no cover - rows were checked above
        raise InvalidValueError(field, "...", f"expected {shape}") from None
    if not n:
        return m.astype(np.int64).reshape(n, n)
    if m.dtype.kind not in "iu" or any(type(x) is bool for row in value for x in row):
        bad = next(
            (
                (i, j)
                for i, row in enumerate(value)
                for j, x in enumerate(row)
                if isinstance(x, bool) or not isinstance(x, int)
            ),
            None,
        )
        if bad is not None:
            i, j = bad
            raise InvalidValueError(f"{field}[{i}][{j}]", value[i][j], "expected an integer")
    if m.dtype.kind not in "iu" or m.max() > maximum:  # object dtype: beyond int64
        i, j = next(
            (i, j) for i, row in enumerate(value) for j, x in enumerate(row) if x > maximum or x < 0
        )
        if value[i][j] < 0:  # as RoutingProblem says it of any negative entry
            raise InvalidValueError(
                f"{field}[{i}][{j}]", value[i][j], "travel must not be negative"
            )
        raise InvalidValueError(f"{field}[{i}][{j}]", value[i][j], f"must be <= {maximum}")
    return m.astype(np.int64).reshape(n, n)


class _Reader:
    def __init__(self, data: dict) -> None:
        self.data = _obj(data, "", _TOP_KEYS, {"depots", "vehicles", "stops"})
        if "time_origin" in data:
            self.origin = parse_rfc3339(data["time_origin"], "time_origin")
        else:
            times = _all_times(data)
            if times:
                first = min(times)
                self.origin = first.replace(hour=0, minute=0, second=0, microsecond=0)
            else:
                self.origin = datetime.fromisoformat("1970-01-01T00:00:00+00:00")
        units = data.get("units", ["parcels"])
        if (
            not isinstance(units, list)
            or not units
            or not all(isinstance(u, str) and u.strip() for u in units)
        ):
            raise InvalidValueError("units", units, "expected a non-empty list of unit names")
        if len(set(units)) != len(units):
            raise InvalidValueError("units", units, "unit names must be unique")
        self.units = tuple(units)

    def seconds(self, value: Any, field: str) -> int:
        dt = parse_rfc3339(value, field)
        s = (dt - self.origin).total_seconds()
        if s < 0:
            raise InvalidValueError(field, value, f"before time_origin {self.origin.isoformat()}")
        return int(s)

    def position(self, vehicle: dict, field: str, now: int | None, depots: list[Depot]) -> Depot:
        """The depot a vehicle's ``position`` stands for: where it is at ``now``, open
        at ``now`` only (``{vehicle id}:position``; its route starts there)."""
        f = f"{field}.position"
        if now is None:
            raise InvalidValueError(
                f, vehicle["position"], "a position needs the document's now (when it is there)"
            )
        if "matrices" in self.data:
            raise InvalidValueError(
                f,
                vehicle["position"],
                "a position needs travel times from {lat, lon}; the document's matrices "
                "(depots first, then stops) have no row for it",
            )
        location = _location(vehicle["position"], f)
        if not isinstance(vehicle["id"], str):
            raise InvalidValueError(f"{field}.id", vehicle["id"], "expected a non-empty string id")
        depot_id = f"{vehicle['id']}:position"
        if any(dep.id == depot_id for dep in depots):
            raise InvalidValueError(
                f, vehicle["position"], f"its depot id {depot_id!r} is taken by another depot"
            )
        return Depot(depot_id, location, TimeWindow(now, now))

    def window(self, value: Any, field: str) -> TimeWindow:
        w = _obj(value, field, {"start", "end"}, {"start", "end"})
        start = self.seconds(w["start"], f"{field}.start")
        end = self.seconds(w["end"], f"{field}.end")
        if end < start:
            raise InvalidValueError(
                f"{field}.end", w["end"], f"ends before it starts ({w['start']})"
            )
        return TimeWindow(start, end)

    def always_open(self) -> TimeWindow:
        """A depot's opening when the document gives none: open from the origin through
        its latest time (at least a day), so a shift past midnight can end there.

        (The domain's default, the origin's first 24 hours, closed the depot at the
        first midnight: a night shift's stops after it came back unassigned.)
        """
        latest = max((self.to_seconds(t) for t in _all_times(self.data)), default=0)
        return TimeWindow(0, max(86_400, latest))

    def to_seconds(self, when: datetime) -> int:
        return int((when - self.origin).total_seconds())

    def domain_error(self, e: Exception, prefix: str = "") -> InvalidValueError:
        """A domain object's error told in the document's own terms.

        The domain names some fields otherwise than the JSON does
        (``pairs[0].pickup_id`` is ``pairs[0].pickup``, ``distance`` is
        ``matrices.distance_m``, quantities are tuples, times are seconds):
        :func:`_json_field` maps the field, and a value that is not JSON (a
        ``TimeWindow``, a tuple) is replaced by the value the document holds there.
        """
        if not isinstance(e, InvalidValueError):  # a TypeError from a constructor
            return InvalidValueError(prefix, None, str(e))
        field = _json_field(e.prefixed(prefix).field if prefix else e.field, self.data, self.units)
        value = e.value if _is_json(e.value) else _sent(_at(self.data, field))
        return InvalidValueError(field, value, e.reason)

    def problem(self) -> RoutingProblem:
        d = self.data
        now = self.seconds(d["now"], "now") if "now" in d else None
        depots = []
        for i, raw in enumerate(_list(d["depots"], "depots")):
            f = f"depots[{i}]"
            raw = _obj(raw, f, {"id", "location", "opening"}, {"id"})
            kw: dict[str, Any] = {"location": _location(raw.get("location"), f"{f}.location")}
            if "opening" in raw:
                kw["opening"] = self.window(raw["opening"], f"{f}.opening")
            else:
                kw["opening"] = self.always_open()
            try:
                depots.append(Depot(raw["id"], **kw))
            except InvalidValueError as e:
                raise self.domain_error(e, f) from None
        types: dict[str, VehicleType] = {}
        type_keys = {
            "id",
            "capacity",
            "fixed_cost",
            "cost_per_km",
            "cost_per_hour",
            "speed_factor",
            "skills",
            "co2_g_per_km",
            "max_duration_s",
            "max_distance_m",
        }
        for i, raw in enumerate(_list(d.get("vehicle_types", []), "vehicle_types")):
            f = f"vehicle_types[{i}]"
            raw = dict(_obj(raw, f, type_keys, {"id", "capacity"}))
            raw["capacity"] = _quantities(raw["capacity"], f"{f}.capacity", self.units)
            raw["skills"] = _skills(raw.get("skills", []), f"{f}.skills")
            try:
                t = VehicleType(**raw)
            except (InvalidValueError, TypeError) as e:
                raise self.domain_error(e, f) from None
            if t.id in types:
                raise InvalidValueError(f"{f}.id", t.id, "duplicate vehicle type id")
            types[t.id] = t
        vehicles = []
        vkeys = {
            "id",
            "type",
            "start_depot",
            "end_depot",
            "shift",
            "breaks",
            "dispatched",
            "position",
        }
        positions: list[Depot] = []
        for i, raw in enumerate(_list(d["vehicles"], "vehicles")):
            f = f"vehicles[{i}]"
            raw = _obj(raw, f, vkeys, {"id", "type", "start_depot"})
            if not isinstance(raw["type"], str):
                raise InvalidValueError(
                    f"{f}.type", raw["type"], "expected a vehicle type id (a string)"
                )
            if raw["type"] not in types:
                raise InvalidValueError(f"{f}.type", raw["type"], "no such vehicle type")
            shift = self.window(raw["shift"], f"{f}.shift") if "shift" in raw else None
            breaks = []
            for k, b in enumerate(_list(raw.get("breaks", []), f"{f}.breaks")):
                bf = f"{f}.breaks[{k}]"
                b = _obj(b, bf, {"window", "duration_s"}, {"window", "duration_s"})
                window = self.window(b["window"], f"{bf}.window")
                try:
                    brk = Break(window, b["duration_s"])
                except InvalidValueError as e:
                    raise self.domain_error(e, bf) from None
                if now is None or window.end >= now:  # a break over before now is past
                    breaks.append(brk)
            dispatched = tuple(_list(raw.get("dispatched", []), f"{f}.dispatched"))
            start_depot = raw["start_depot"]
            if now is not None:
                shift = from_now(shift or TimeWindow(0, 86_400), now)
            if "position" in raw:
                here = self.position(raw, f, now, depots + positions)
                positions.append(here)
                start_depot = here.id
            kw = {"shift": shift} if shift is not None else {}
            try:
                vehicles.append(
                    Vehicle(
                        raw["id"],
                        types[raw["type"]],
                        start_depot,
                        raw.get("end_depot", raw["start_depot"]),
                        breaks=tuple(breaks),
                        dispatched=dispatched,
                        **kw,
                    )
                )
            except InvalidValueError as e:
                raise self.domain_error(e, f) from None
        stops = []
        skeys = {
            "id",
            "location",
            "delivery",
            "pickup",
            "service_s",
            "time_windows",
            "soft_windows",
            "lateness_cost_per_s",
            "priority",
            "penalty",
            "skills",
        }
        for i, raw in enumerate(_list(d["stops"], "stops")):
            f = f"stops[{i}]"
            raw = dict(_obj(raw, f, skeys, {"id"}))
            raw["location"] = _location(raw.get("location"), f"{f}.location")
            raw["delivery"] = _quantities(raw.get("delivery"), f"{f}.delivery", self.units)
            raw["pickup"] = _quantities(raw.get("pickup"), f"{f}.pickup", self.units)
            raw["time_windows"] = tuple(
                self.window(w, f"{f}.time_windows[{k}]")
                for k, w in enumerate(_list(raw.get("time_windows", []), f"{f}.time_windows"))
            )
            raw["skills"] = _skills(raw.get("skills", []), f"{f}.skills")
            try:
                stops.append(Stop(**raw))
            except (InvalidValueError, TypeError) as e:
                raise self.domain_error(e, f) from None
        pairs = []
        for i, raw in enumerate(_list(d.get("pairs", []), "pairs")):
            f = f"pairs[{i}]"
            raw = _obj(raw, f, {"pickup", "delivery"}, {"pickup", "delivery"})
            try:
                pairs.append(PickupDelivery(raw["pickup"], raw["delivery"]))
            except InvalidValueError as e:
                raise self.domain_error(e, f) from None
        objective = Objective()
        if "objective" in d:
            keys = set(Objective.__dataclass_fields__)
            raw = _obj(d["objective"], "objective", keys)
            try:
                objective = Objective(**raw)
            except (InvalidValueError, TypeError) as e:
                raise self.domain_error(e, "objective") from None
        depots += positions
        starts = {dep.id for dep in positions}
        on_the_road = {v.id for v in vehicles if v.start_depot in starts}
        vehicles, stops = keep_new_deliveries_off_the_road(vehicles, on_the_road, stops, pairs)
        matrices: dict[str, Any] = {}
        if "matrices" in d:
            m = _obj(d["matrices"], "matrices", {"distance_m", "duration_s"})
            n = len(depots) + len(stops)
            for key, name, most in (
                ("distance_m", "distance", MAX_DISTANCE_M),
                ("duration_s", "duration", MAX_AMOUNT),
            ):
                if key in m:
                    matrices[name] = _matrix(m[key], f"matrices.{key}", n, most)
        name = d.get("name", "")
        if not isinstance(name, str):
            raise InvalidValueError("name", name, "expected a string")
        try:
            return RoutingProblem(
                depots=tuple(depots),
                stops=tuple(stops),
                vehicles=tuple(vehicles),
                pairs=tuple(pairs),
                units=self.units,
                objective=objective,
                name=name,
                **matrices,
            )
        except InvalidValueError as e:
            raise self.domain_error(e) from None


def _type_index(data: dict, vehicle: str) -> str:
    """``vehicles[i]`` -> ``vehicle_types[j]``, the type that vehicle names."""
    i = int(vehicle[len("vehicles[") : -1])
    wanted = data["vehicles"][i]["type"]
    j = next(j for j, t in enumerate(data["vehicle_types"]) if t["id"] == wanted)
    return f"vehicle_types[{j}]"


_Rule = Callable[[re.Match, dict, tuple[str, ...]], str]
_DOMAIN_TO_JSON: tuple[tuple[re.Pattern[str], _Rule], ...] = tuple(
    (re.compile(pattern), rule)
    for pattern, rule in (
        # travel matrices: RoutingProblem.distance / .duration
        (r"^distance((?:\[\d+\]){2})?$", lambda m, d, u: "matrices.distance_m" + (m[1] or "")),
        (r"^duration((?:\[\d+\]){2})?$", lambda m, d, u: "matrices.duration_s" + (m[1] or "")),
        # PickupDelivery.pickup_id / .delivery_id
        (r"^(pairs\[\d+\])\.pickup_id$", lambda m, d, u: f"{m[1]}.pickup"),
        (r"^(pairs\[\d+\])\.delivery_id$", lambda m, d, u: f"{m[1]}.delivery"),
        # duplicate ids: require_unique names the entry, the JSON has its "id"
        (r"^((?:depots|stops|vehicles)\[\d+\])$", lambda m, d, u: f"{m[1]}.id"),
        # a vehicle's type is an object in the domain, an id in the JSON
        (r"^(vehicles\[\d+\])\.type(\..+)$", lambda m, d, u: _type_index(d, m[1]) + m[2]),
        # quantities: tuples by unit index in the domain, objects keyed by unit in the JSON
        (
            r"^(.+\.(?:delivery|pickup|capacity))\[(\d+)\]$",
            lambda m, d, u: f"{m[1]}.{u[int(m[2])]}",
        ),
    )
)
"""Domain field -> JSON path, where the two differ (every other field has its JSON name)."""


def _json_field(field: str, data: dict, units: tuple[str, ...]) -> str:
    """The JSON path of a domain error's field (see :data:`_DOMAIN_TO_JSON`)."""
    for _ in range(3):  # vehicles[0].type.capacity[1] takes two rules
        for pattern, rule in _DOMAIN_TO_JSON:
            m = pattern.match(field)
            if m:
                try:
                    field = rule(m, data, units)
                except (KeyError, IndexError, StopIteration, TypeError, ValueError):
                    return field
                break
        else:
            return field
    return field


_MISSING = object()


def _at(data: Any, field: str) -> Any:
    """The value at a dotted path (``vehicles[0].breaks[1].window``) of the document."""
    x = data
    for key in re.findall(r"[^.\[\]]+", field):
        if isinstance(x, list) and key.isdigit() and int(key) < len(x):
            x = x[int(key)]
        elif isinstance(x, dict) and key in x:
            x = x[key]
        else:
            return _MISSING
    return x


def _is_json(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool | dict | list)


class _Json(str):
    """A value as the document holds it, as JSON text (shown without quotes)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


def _sent(value: Any) -> Any:
    if value is _MISSING:
        return None  # not in the document: a default was used
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
        return _Json(text if len(text) <= 300 else text[:297] + "...")
    return value


def problem_from_json(data: dict) -> RoutingDocument:
    """Build a problem from the parsed JSON object.

    Raises
    ------
    InvalidValueError
        Naming the field (``stops[3].delivery``) and what was expected.
    """
    try:
        reader = _Reader(data)
        problem = reader.problem()
    except InvalidValueError as e:
        # a long object or list (a whole unknown "deliveries": [...]) is shown cut short
        # as JSON: the error line stays one a person can read
        if isinstance(e.value, dict | list) and len(json.dumps(e.value, default=str)) > 300:
            raise InvalidValueError(e.field, _sent(e.value), e.reason) from None
        raise
    return RoutingDocument(problem, reader.origin)


def load_problem(path: str | Path, name: str = "FILE") -> RoutingDocument:
    """Read a problem file (see the module docs for the format).

    Parameters
    ----------
    path
        The file.
    name
        What the caller calls the file (``FILE``: the argument of ``route solve``);
        errors about the file as a whole name it so: ``FILE='day.json': ...``.

    Raises
    ------
    InvalidValueError
        Naming ``name`` and the path when the file cannot be read, is not valid JSON
        (with the line and column) or is not a JSON object; else naming the field
        (``stops[3].delivery``).
    """
    data = read_json(path, name)
    try:
        return problem_from_json(data)
    except InvalidValueError as e:
        if e.field:
            raise
        # the document itself is wrong (not an object): name the file
        shown = _sent(e.value)  # as JSON: null, "text", [1, 2]
        shown = shown if isinstance(shown, _Json) else json.dumps(shown, ensure_ascii=False)
        raise InvalidValueError(name, str(path), f"{e.reason}, not {shown}") from None


# -- writing ----------------------------------------------------------------------


def _qty(units: tuple[str, ...], values: tuple[int, ...]) -> dict[str, int]:
    return dict(zip(units, values, strict=True))


def _loc(location: Any) -> dict[str, float]:
    return location.to_dict()


def problem_to_json(problem: RoutingProblem, origin: datetime) -> dict:
    """The JSON object of a problem (the inverse of :func:`problem_from_json`)."""

    def t(s: int) -> str:
        return (origin + timedelta(seconds=s)).isoformat()

    def win(w: TimeWindow) -> dict:
        return {"start": t(w.start), "end": t(w.end)}

    types = {v.type.id: v.type for v in problem.vehicles}
    out: dict[str, Any] = {
        "name": problem.name,
        "time_origin": origin.isoformat(),
        "units": list(problem.units),
        "objective": {k: getattr(problem.objective, k) for k in Objective.__dataclass_fields__},
        "depots": [
            {"id": d.id, "location": _loc(d.location), "opening": win(d.opening)}
            for d in problem.depots
        ],
        "vehicle_types": [
            {
                "id": vt.id,
                "capacity": _qty(problem.units, vt.capacity),
                "fixed_cost": vt.fixed_cost,
                "cost_per_km": vt.cost_per_km,
                "cost_per_hour": vt.cost_per_hour,
                "speed_factor": vt.speed_factor,
                "skills": sorted(vt.skills),
                "co2_g_per_km": vt.co2_g_per_km,
                "max_duration_s": vt.max_duration_s,
                "max_distance_m": vt.max_distance_m,
            }
            for vt in types.values()
        ],
        "vehicles": [
            {
                "id": v.id,
                "type": v.type.id,
                "start_depot": v.start_depot,
                "end_depot": v.end_depot,
                "shift": win(v.shift),
                "breaks": [{"window": win(b.window), "duration_s": b.duration_s} for b in v.breaks],
                "dispatched": list(v.dispatched),
            }
            for v in problem.vehicles
        ],
        "stops": [
            {
                "id": s.id,
                "location": _loc(s.location),
                "delivery": _qty(problem.units, s.delivery),
                "pickup": _qty(problem.units, s.pickup),
                "service_s": s.service_s,
                "time_windows": [win(w) for w in s.time_windows],
                "soft_windows": s.soft_windows,
                "lateness_cost_per_s": s.lateness_cost_per_s,
                "priority": s.priority,
                "penalty": s.penalty,
                "skills": sorted(s.skills),
            }
            for s in problem.stops
        ],
        "pairs": [{"pickup": p.pickup_id, "delivery": p.delivery_id} for p in problem.pairs],
    }
    for vt in out["vehicle_types"]:
        for k in ("max_duration_s", "max_distance_m"):
            if vt[k] is None:
                del vt[k]
    matrices = {}
    if problem.distance is not None:
        matrices["distance_m"] = problem.distance.tolist()
    if problem.duration is not None:
        matrices["duration_s"] = problem.duration.tolist()
    if matrices:
        out["matrices"] = matrices
    return out


def save_problem(path: str | Path, problem: RoutingProblem, origin: datetime) -> None:
    """Write a problem file."""
    Path(path).write_text(json.dumps(problem_to_json(problem, origin), indent=2) + "\n")


def _place(problem: RoutingProblem, index: int | None) -> dict | None:
    if index is None:
        return None
    nd = len(problem.depots)
    loc = problem.depots[index].location if index < nd else problem.stops[index - nd].location
    return _loc(loc)


def plan_to_json(plan: RoutePlan, problem: RoutingProblem, origin: datetime) -> dict:
    """The plan as JSON: VROOM-like, with RFC 3339 times and ``{lat, lon}`` places.

    Loads, deliveries and pickups are objects keyed by unit; distances in meters.
    """
    units = problem.units
    scale = problem.distance_scale

    def t(s: int) -> str:
        return (origin + timedelta(seconds=s)).isoformat()

    def meters(x: int) -> float:
        return x / scale if scale != 1 else x

    out = plan.to_dict()
    out["time_origin"] = origin.isoformat()
    s = out["summary"]
    s["delivery"] = _qty(units, plan.summary.delivery)
    s["pickup"] = _qty(units, plan.summary.pickup)
    s["distance"] = meters(plan.summary.distance)
    for rj, r in zip(out["routes"], plan.routes, strict=True):
        rj["start"], rj["end"] = t(r.start), t(r.end)
        rj["distance"] = meters(r.distance)
        rj["delivery"] = _qty(units, r.delivery)
        rj["pickup"] = _qty(units, r.pickup)
        for sj, step in zip(rj["steps"], r.steps, strict=True):
            sj["arrival"], sj["departure"] = t(step.arrival), t(step.departure)
            sj["load"] = _qty(units, step.load)
            sj["distance"] = meters(step.distance)
            sj["location"] = _place(problem, step.location_index)
    for uj in out["unassigned"]:
        uj["location"] = _place(problem, uj["location_index"])
    return out


def plan_to_geojson(plan: RoutePlan, problem: RoutingProblem, origin: datetime) -> dict:
    """The plan as a GeoJSON FeatureCollection.

    One ``LineString`` per route (depot, stops, depot) and one ``Point`` per visit
    (properties: vehicle, sequence, arrival as RFC 3339) and per unassigned stop
    (property ``reason``). Coordinates are ``[lon, lat]`` as GeoJSON requires.
    """

    def t(s: int) -> str:
        return (origin + timedelta(seconds=s)).isoformat()

    def coord(index: int) -> list[float]:
        p = _place(problem, index)
        if p is None or "lat" not in p:
            raise InvalidValueError("location", p, "GeoJSON needs {lat, lon} places")
        return [p["lon"], p["lat"]]

    features = []
    for r in plan.routes:
        located = [s for s in r.steps if s.location_index is not None]
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [coord(s.location_index) for s in located],
                },
                "properties": {
                    "vehicle": r.vehicle_id,
                    "distance_m": r.distance / problem.distance_scale,
                    "duration_s": r.duration,
                    "cost": r.cost,
                    "co2_g": r.co2_g,
                    "start": t(r.start),
                    "end": t(r.end),
                },
            }
        )
        seq = 0
        for s in r.steps:
            if s.type not in (StepType.JOB, StepType.PICKUP, StepType.DELIVERY):
                continue
            seq += 1
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": coord(s.location_index)},
                    "properties": {
                        "id": s.id,
                        "kind": str(s.type),
                        "vehicle": r.vehicle_id,
                        "sequence": seq,
                        "arrival": t(s.arrival),
                        "service_start": t(s.service_start),
                    },
                }
            )
    for u in plan.unassigned:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": coord(u.location_index)},
                "properties": {"id": u.stop_id, "unassigned": True, "reason": str(u.reason)},
            }
        )
    return {"type": "FeatureCollection", "features": features}
